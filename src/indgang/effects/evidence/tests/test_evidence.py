"""``indgang effects_evidence`` on small synthetic files, and what it shows: the offer page,
``GET /api/v1/offers/{id}``, the board's forest plot and download, an operator's view."""

import csv
import io

import numpy as np
import pandas as pd
import pytest
from django.core.management import call_command

from indgang.catalog.tests.factories import make_offer, operator
from indgang.effects.engine import synthetic_register
from indgang.effects.evidence.models import EvidenceMeasurement, Unit
from indgang.organisations.models import Role
from indgang.organisations.tests.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db
MEASURED, FEW = "maalt-forloeb", "nyt-forloeb"


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    """400 companies drawn at random into one offer in 2019 (a fair comparison), and 12
    into another (too few)."""
    data = synthetic_register(3000, 10, years=(2016, 2023), seed=7)
    first = data.panel.groupby("cvr").year.min()
    ids = np.random.default_rng(2).choice(first[first <= 2016].index.to_numpy(), 412, False)
    rows = [(cvr, MEASURED, "2019-03-01") for cvr in ids[:400]]
    rows += [(cvr, FEW, "2020-05-01") for cvr in ids[400:]]
    participations = pd.DataFrame(rows, columns=["cvr", "offer_id", "start_date"])
    participations["operator_id"], participations["level"] = "eh-test", "decentral"
    folder = tmp_path_factory.mktemp("evidence")
    data.panel.to_csv(folder / "panel.csv", index=False)
    participations.to_csv(folder / "participations.csv", index=False)
    return folder / "panel.csv", folder / "participations.csv"


@pytest.fixture
def measured(files):
    operator("eh-test")
    make_offer(id=MEASURED, title="Målt forløb")
    make_offer(id=FEW, title="Nyt forløb")
    out = io.StringIO()
    panel, participations = files
    call_command(
        "effects_evidence", "--panel", panel, "--participations", participations,
        "--bootstrap", "99", stdout=out, stderr=io.StringIO(),
    )  # fmt: skip
    return out.getvalue()


def test_the_command_measures_keeps_history_and_is_safe_to_repeat(measured, files):
    assert f"{MEASURED}: shown" in measured or f"{MEASURED}: vist" in measured
    assert f"{FEW}: ikke vist: for få deltagere endnu" in measured  # the reason in words
    first = EvidenceMeasurement.objects.count()
    assert first >= 4  # two offers, an operator, a level
    panel, participations = files
    call_command(
        "effects_evidence", "--panel", panel, "--participations", participations,
        "--bootstrap", "99", stdout=io.StringIO(), stderr=io.StringIO(),
    )  # fmt: skip
    assert EvidenceMeasurement.objects.count() == first  # nothing new: no new history
    few = EvidenceMeasurement.objects.get(unit_id=FEW, subgroup="")
    assert not few.shown and few.reason == "too_few" and few.participations == 12


def test_a_large_register_is_compared_through_a_sample_of_it(files, settings):
    """Every participant is measured against at most EFFECTS_EVIDENCE_CONTROL_POOL other
    companies (drawn the same way each time), so a national register costs as much per
    offer as a regional one."""
    # 3,000 companies: the offer's 400 participants leave 2,600 others, the level's 412 only
    # 2,588, fewer than the pool: then all of them.
    settings.EFFECTS_EVIDENCE_CONTROL_POOL = 2_595
    operator("eh-test")
    make_offer(id=MEASURED, title="Målt forløb")
    panel, participations = files
    out = io.StringIO()
    call_command(
        "effects_evidence", "--panel", panel, "--participations", participations,
        "--bootstrap", "99", stdout=out, stderr=io.StringIO(),
    )  # fmt: skip
    found = EvidenceMeasurement.objects.get(unit_id=MEASURED, subgroup="")
    assert found.participants > 0 and found.estimates
    assert found.diagnostics["sample"]["n_companies"] == 2_995  # 400 participants + 2,595
    assert found.diagnostics["sample"]["n_participants_in_panel"] == 400
    level = EvidenceMeasurement.objects.get(unit=Unit.LEVEL, subgroup="")
    assert level.diagnostics["sample"]["n_companies"] == 3_000


def test_the_api_carries_evidence_or_null(client, measured):
    answer = client.get(f"/api/v1/offers/{MEASURED}").json()
    rows = answer["evidence"]
    assert {(r["outcome"], r["horizon"]) for r in rows} >= {("employees_fte", 2)}
    fte = next(r for r in rows if r["outcome"] == "employees_fte" and r["horizon"] == 2)
    assert fte["ci_low"] <= fte["att"] <= fte["ci_high"]
    assert fte["participants"] >= 30 and fte["cohorts"] == [2019, 2019] and fte["measured_on"]
    assert client.get(f"/api/v1/offers/{FEW}").json()["evidence"] is None
    schema = client.get("/api/v1/openapi.json").json()
    assert "EvidenceOut" in schema["components"]["schemas"]


def test_the_offer_page_says_it_in_danish_or_why_not(client, measured):
    page = client.get(f"/tilbud/{MEASURED}/", HTTP_ACCEPT_LANGUAGE="da").content.decode()
    assert "Virksomheder, der deltog i 2019, havde" in page
    assert "95 %-interval" in page and "deltagere" in page
    page = client.get(f"/tilbud/{FEW}/", HTTP_ACCEPT_LANGUAGE="da").content.decode()
    assert "Effekten er endnu ikke målt" in page and "for få deltagere" in page


def test_the_board_sees_every_offer_side_by_side_and_downloads_it(client, measured):
    board = OrganisationFactory(id="board", is_national_board=True)
    client.force_login(MembershipFactory(organisation=board, role=Role.ANALYST).person)
    page = client.get("/effekter/evidens/").content.decode()
    assert 'data-testid="forest-plot"' in page and "<svg" in page
    download = client.get("/effekter/evidens.csv")
    rows = list(csv.DictReader(io.StringIO(download.content.decode())))
    assert {r["offer_id"] for r in rows} == {MEASURED, FEW}
    assert {r["meets_rules"] for r in rows if r["offer_id"] == MEASURED} == {"yes"}


def test_the_overlap_view_shows_the_evidence_beside_overlapping_offers(client, measured):
    operator("andet-erhvervshus")  # the same offer from another operator: an overlap
    make_offer(id="andet-forloeb", operator_id="andet-erhvervshus", title="Andet forløb")
    board = OrganisationFactory(id="board", is_national_board=True)
    client.force_login(MembershipFactory(organisation=board, role=Role.ANALYST).person)
    page = client.get("/tilbud/analyse/overlap/", HTTP_ACCEPT_LANGUAGE="da").content.decode()
    cells = [c.split("</td>")[0] for c in page.split('data-testid="overlap-evidence">')[1:]]
    assert any("Virksomheder, der deltog i 2019, havde" in cell for cell in cells), cells
    assert any("Effekten er endnu ikke målt" in cell for cell in cells), cells


def test_an_operator_sees_its_own_offers_only(client, measured):
    other = OrganisationFactory(id="andet-erhvervshus")
    client.force_login(MembershipFactory(organisation=other, role=Role.MANAGER).person)
    page = client.get("/effekter/evidens/").content.decode()
    assert MEASURED not in page and "forest-plot" not in page
    client.force_login(MembershipFactory(organisation_id="eh-test", role=Role.CONSULTANT).person)
    page = client.get("/effekter/evidens/").content.decode()
    assert f'data-offer="{MEASURED}"' in page
    client.logout()
    assert client.get("/effekter/evidens/").status_code == 302


def _measure(offer_id: str, day: str, participants: int, att: float) -> None:
    EvidenceMeasurement.objects.create(
        unit=Unit.OFFER,
        unit_id=offer_id,
        measured_at=f"{day}T12:00:00+00:00",
        participants=participants,
        participations=participants,
        cohorts=[2019, 2020],
        estimates=[
            {"outcome": "employees_fte", "horizon": 2, "att": att, "ci_low": att - 1,
             "ci_high": att + 1, "participants": participants}
        ],
        shown=True,
    )  # fmt: skip


def test_each_offer_shows_its_own_history_in_a_fixed_number_of_queries(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    operator("eh-test")
    for i in range(5):
        make_offer(id=f"forloeb-{i}", title=f"Forløb {i}")
    board = OrganisationFactory(id="board", is_national_board=True)
    client.force_login(MembershipFactory(organisation=board, role=Role.ANALYST).person)
    _measure("forloeb-0", "2026-01-05", 40, 1.5)
    _measure("forloeb-0", "2026-06-05", 45, 2.5)
    with CaptureQueriesContext(connection) as one:
        client.get("/effekter/evidens/", HTTP_ACCEPT_LANGUAGE="da")
    _measure("forloeb-1", "2026-06-05", 31, 0.5)
    _measure("forloeb-2", "2026-02-05", 50, 3.5)
    with CaptureQueriesContext(connection) as three:
        page = client.get("/effekter/evidens/", HTTP_ACCEPT_LANGUAGE="da").content.decode()
    assert len(three) == len(one)  # not a query per measured offer
    rows = {
        offer: page[page.index(f'data-offer="{offer}"') :].split("</tr>")[0]
        for offer in ("forloeb-0", "forloeb-1", "forloeb-2")
    }
    assert "2 målinger" in rows["forloeb-0"] and "1 måling" in rows["forloeb-1"]
    # newest first, each with its own participants
    assert rows["forloeb-0"].index("5. juni 2026") < rows["forloeb-0"].index("5. januar 2026")
    assert "45 matchede deltagere" in rows["forloeb-0"] and "50 matchede" in rows["forloeb-2"]
    assert "Forløb 2" in rows["forloeb-2"] and "Forløb 0" not in rows["forloeb-2"]
    assert "2 tilbud har endnu ingen registrerede deltagere." in page


def test_a_unit_that_fails_is_named_and_the_others_are_stored(files, monkeypatch):
    from django.core.management.base import CommandError

    from indgang.effects.evidence import services

    real = services._measure

    def failing_for_the_few(panel, members, config, minimum):
        if len(members) == 12:  # the offer with 12 participants
            raise RuntimeError("the disk was full")
        return real(panel, members, config, minimum)

    monkeypatch.setattr(services, "_measure", failing_for_the_few)
    operator("eh-test")
    make_offer(id=MEASURED, title="Målt forløb")
    make_offer(id=FEW, title="Nyt forløb")
    panel, participations = files
    errors = io.StringIO()
    with pytest.raises(CommandError, match="1 kunne ikke måles"):
        call_command(
            "effects_evidence", "--panel", panel, "--participations", participations,
            "--bootstrap", "99", stdout=io.StringIO(), stderr=errors,
        )  # fmt: skip
    assert f"{FEW}: RuntimeError: the disk was full" in errors.getvalue()
    assert EvidenceMeasurement.objects.filter(unit_id=MEASURED, subgroup="").exists()
    assert not EvidenceMeasurement.objects.filter(unit_id=FEW).exists()
    assert EvidenceMeasurement.objects.filter(unit=Unit.LEVEL).exists()
