"""The analyst pages: who may see them, starting a run, following it, the report, exports."""

import pytest

from indgang.effects.models import EffectRun, RunStatus
from indgang.effects.tests.conftest import FORM, login_as, participation_rows
from indgang.organisations.models import Role
from indgang.organisations.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def urls(pk):
    return [
        "/effekter/",
        f"/effekter/{pk}/",
        f"/effekter/{pk}/rapport/",
        f"/effekter/{pk}/rapport.pdf",
        f"/effekter/{pk}/rapport.xlsx",
        f"/effekter/{pk}/rapport/xlsx/",
    ]


def test_anonymous_visitors_are_sent_to_the_login(client):
    run = EffectRun.objects.create(status=RunStatus.DONE, result={})
    for url in urls(run.pk):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith("/konto/login/")


@pytest.mark.parametrize("who", ["consultant", "admin", "no membership"])
def test_consultants_and_others_are_refused(client, who):
    run = EffectRun.objects.create(status=RunStatus.DONE, result={})
    if who == "no membership":
        client.force_login(PersonFactory())
    else:
        login_as(client, Role.CONSULTANT if who == "consultant" else Role.ADMIN)
    for url in urls(run.pk):
        assert client.get(url).status_code == 403
    assert client.post("/effekter/", FORM).status_code == 403
    assert client.post(f"/effekter/{run.pk}/rapport/xlsx/").status_code == 403
    assert not EffectRun.objects.filter(pk__gt=run.pk).exists()
    assert 'href="/effekter/"' not in client.get("/").content.decode()  # not in the menu


@pytest.mark.parametrize(
    ("role", "board"),
    [(Role.ANALYST, False), (Role.MANAGER, False), (Role.CONSULTANT, True)],
)
def test_analysts_managers_and_the_national_board_may_use_the_pages(client, role, board):
    login_as(client, role, national_board=board)
    other = EffectRun.objects.create(status=RunStatus.QUEUED, config={"method": "cem"})
    page = client.get("/effekter/").content.decode()
    assert "Effektmåling" in page and 'data-testid="start-form"' in page
    assert f'href="/effekter/{other.pk}/"' in page  # every run is readable: aggregates only
    assert 'href="/effekter/"' in client.get("/").content.decode()  # in the menu
    assert client.get(f"/effekter/{other.pk}/").status_code == 200
    assert client.get("/effekter/999999/").status_code == 404


def test_the_start_form_has_danish_labels_and_checks_its_input(analyst):
    page = analyst.get("/effekter/").content.decode()
    for label in ["Beskæftigelse (årsværk)", "Omsætning (kr.)", "Metode", "År efter start"]:
        assert label in page
    response = analyst.post("/effekter/", {**FORM, "outcomes": [], "method": "magic"})
    assert response.status_code == 200 and "alert-error" in response.content.decode()
    assert not EffectRun.objects.exists()


def test_a_run_is_queued_and_launched_after_commit(analyst, django_capture_on_commit_callbacks):
    launched = []
    from indgang.effects import services

    with django_capture_on_commit_callbacks() as callbacks:
        run = services.start_run(None, None, {"method": "psm"}, launch=launched.append)
        assert launched == []  # nothing before the commit
    for callback in callbacks:
        callback()
    assert launched == [run.pk]
    assert run.status == RunStatus.QUEUED


def test_a_started_run_finishes_and_its_page_says_so(done_run, analyst):
    assert done_run.status == RunStatus.DONE and done_run.progress == 100
    assert done_run.started_by is not None and done_run.organisation is not None
    assert done_run.config["outcomes"] == ["employees_fte", "turnover_dkk"]
    page = analyst.get(f"/effekter/{done_run.pk}/").content.decode()
    assert "Færdig" in page and f"/effekter/{done_run.pk}/rapport/" in page
    assert "hx-trigger" not in page  # nothing more to poll
    listing = analyst.get("/effekter/").content.decode()
    assert f'href="/effekter/{done_run.pk}/rapport/"' in listing


def test_a_running_run_is_polled_with_htmx(analyst):
    run = EffectRun.objects.create(
        status=RunStatus.RUNNING, progress=42, progress_message="Beregner effekter"
    )
    page = analyst.get(f"/effekter/{run.pk}/").content.decode()
    assert 'hx-trigger="every 2s"' in page and "42 %" in page and "<html" in page
    part = analyst.get(f"/effekter/{run.pk}/", headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in part and "Beregner effekter" in part and "hx-trigger" in part
    # No report before it is done.
    response = analyst.get(f"/effekter/{run.pk}/rapport/")
    assert response.status_code == 302 and response.url == f"/effekter/{run.pk}/"


def test_a_run_without_the_crm_fails_with_a_reason(
    register, no_crm, analyst, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        analyst.post("/effekter/", FORM)
    run = EffectRun.objects.get()
    assert run.status == RunStatus.FAILED and "CRM" in run.error
    page = analyst.get(f"/effekter/{run.pk}/").content.decode()
    assert "Kørslen mislykkedes" in page and "CRM" in page


def test_every_covariate_of_the_engine_has_a_danish_name(synthetic):
    from indgang.effects import labels
    from indgang.effects.engine import EffectConfig, estimate_effects

    config = EffectConfig(
        outcomes=("employees_fte",), horizons=(1,), ci_method="analytic", exact=()
    )
    result = estimate_effects(synthetic.panel, synthetic.participations, config)
    names = [row["covariate"] for row in result.balance["covariates"]]
    assert any(name.startswith("DB07 section") for name in names)
    regions = {"1084": "Region Midtjylland"}
    for name in names:
        assert labels.covariate(name, regions) != name
    assert labels.covariate("employees_fte: asinh level, baseline") == "Beskæftigelse i basisåret"


def test_the_report_names_published_offers_but_not_another_operators_drafts(
    register, crm, analyst, django_capture_on_commit_callbacks
):
    from indgang.catalog.tests.factories import make_offer, operator

    rows = participation_rows(register)
    programmes = sorted({row["offer_id"] for row in rows})
    operator("eh-a")
    make_offer(id="a-public", operator_id="eh-a", title="Eksportforløb Syd", status="aktiv")
    make_offer(id="a-draft", operator_id="eh-a", title="Hemmeligt udkast", status="udkast")
    for row in rows:  # two of the programmes are these offers of operator A
        if row["offer_id"] in programmes[:2]:
            row["offer_id"] = "a-public" if row["offer_id"] == programmes[0] else "a-draft"
            row["operator_id"] = "eh-a"
    crm(rows)
    with django_capture_on_commit_callbacks(execute=True):
        analyst.post("/effekter/", {**FORM, "group_by": ["programme"]})
    run = EffectRun.objects.get()
    page = analyst.get(f"/effekter/{run.pk}/rapport/").content.decode()
    offers = page[page.index('data-key="offer_id"') :]
    offers = offers[: offers.index("</details>")]
    assert "Eksportforløb Syd" in offers
    assert "Hemmeligt udkast" not in page and "a-draft" in offers


def test_small_groups_get_no_estimate_and_no_bold_mark(register, crm, analyst):
    """Discretion as an analyst sees it: operators' groups below the minimum show no effect
    and no significance mark; counts below three companies are withheld."""
    from indgang.effects.engine import EffectConfig, estimate_effects
    from indgang.effects.files import result_document

    config = EffectConfig(
        outcomes=("employees_fte",),
        horizons=(1,),
        group_by=("operator",),
        ci_method="analytic",
        min_participants=25,
    )
    result = estimate_effects(register.panel, register.participations, config)
    document = result_document(result, inputs={}, created_at="2026-12-05T00:00:00")
    groups = [e for e in document["estimates"] if e["group"] != "all"]
    small = [e for e in groups if e.get("suppressed")]
    assert small and all(e["att"] is None and e["ci_low"] is None for e in small)
    assert all(e["n_treated"] is None or e["n_treated"] >= 3 for e in document["estimates"])
    assert any(w["code"] == "suppressed" for w in document["warnings"])
    run = EffectRun.objects.create(config={}, result=document, status="done")
    page = analyst.get(f"/effekter/{run.pk}/rapport/").content.decode()
    line = page[page.index('data-testid="small-groups"') :]
    line = line[: line.index("</p>")]
    assert f"færre end 25 deltagere ({len(small)} grupper)" in line
    assert all(e["group"]["operator_id"] in line for e in small)  # named, not shown
    assert page.count('data-testid="significant"') == sum(
        1 for e in groups if not e.get("suppressed") and e["ci_low"] * e["ci_high"] > 0
    ) + sum(
        1 for e in document["estimates"] if e["group"] == "all" and e["ci_low"] * e["ci_high"] > 0
    )
    assert 'data-testid="overall"' in page
