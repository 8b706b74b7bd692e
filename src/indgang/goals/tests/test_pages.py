"""The pages through the test client: who sees what, composing targets, exports, PDF."""

import io
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from indgang.goals.models import Goal, Kpi, PerformanceContract, Spending, Target
from indgang.goals.tests import factories as f
from indgang.organisations.models import Role

pytestmark = pytest.mark.django_db


def login(client, person):
    assert client.login(email=person.email, password=f.PASSWORD)


@pytest.fixture
def setup():
    op = f.local_operator("lokal-test", ("101",))
    other = f.local_operator("lokal-andre", ("751",))
    young = f.company("101", founded=date(2024, 1, 1))
    for month in (2, 3, 4):
        f.interaction(op, company=young, on=date(2025, month, 1))
    contract = f.contract(op, 2025, ("101",), title="Kontrakt med København")
    f.target(contract, types=["one_to_one"], value=2, name="Mindst 2 samtaler")
    theirs = f.contract(other, 2025, ("751",), title="Andres hemmelige kontrakt")
    return {"op": op, "other": other, "contract": contract, "theirs": theirs}


def test_anonymous_visitors_are_sent_to_the_login(client, setup):
    for url in [
        reverse("goals:dashboard"),
        reverse("goals:contract", args=[setup["contract"].pk]),
        reverse("goals:statistics"),
        reverse("goals:goals"),
    ]:
        response = client.get(url)
        assert response.status_code == 302 and "/konto/login/" in response["Location"]


def test_a_manager_sees_own_contract_with_progress(client, setup):
    login(client, f.member(setup["op"], Role.MANAGER))
    page = client.get(reverse("goals:dashboard"), {"year": 2025}).content.decode()
    assert "Kontrakt med København" in page and "Andres hemmelige kontrakt" not in page
    detail = client.get(reverse("goals:contract", args=[setup["contract"].pk])).content.decode()
    assert "Mindst 2 samtaler" in detail
    assert "Foran" in detail  # 3 sessions against a target of 2: ahead (in Danish)


def test_a_consultant_of_another_operator_gets_404(client, setup):
    login(client, f.member(setup["other"], Role.CONSULTANT))
    assert client.get(reverse("goals:contract", args=[setup["contract"].pk])).status_code == 404
    url = reverse("goals:contract", args=[setup["contract"].pk])
    assert client.get(url, {"export": "csv"}).status_code == 404
    api = client.get(f"/api/v1/goals/contracts/{setup['contract'].pk}")
    assert api.status_code == 404 and api.json()["detail"]


def test_a_consultant_cannot_change_the_contract(client, setup):
    login(client, f.member(setup["op"], Role.CONSULTANT))
    url = reverse("goals:target_new", args=[setup["contract"].pk])
    assert client.get(url).status_code == 403
    assert client.get(reverse("goals:contract_new")).status_code == 403


def test_the_national_analyst_sees_aggregates_of_every_contract(client, setup):
    board = f.national_board()
    login(client, f.member(board, Role.ANALYST))
    page = client.get(reverse("goals:dashboard"), {"year": 2025}).content.decode()
    assert "Den nationale bestyrelses overblik" in page
    assert "Kontrakt med København" in page and "Andres hemmelige kontrakt" in page
    assert client.get(reverse("goals:target_new", args=[setup["contract"].pk])).status_code == 403
    # Survey comments are content, not aggregates: no comment column for an analyst.
    assert "Kommentar" not in client.get(reverse("goals:surveys")).content.decode()


def test_a_manager_composes_a_target_without_code(client, setup):
    login(client, f.member(setup["op"], Role.MANAGER))
    url = reverse("goals:target_new", args=[setup["contract"].pk])
    bad = client.post(url, {"name": "", "measure": "users", "target_group": "all", "value": "-1"})
    assert bad.status_code == 200
    assert Target.objects.count() == 1
    response = client.post(
        url,
        {
            "name": "Mindst 1 iværksætter",
            "measure": "users",
            "interaction_types": ["one_to_one"],
            "target_group": "entrepreneurs",
            "in_contract_municipalities": "on",
            "value": "1",
        },
    )
    assert response.status_code == 302
    target = Target.objects.get(name="Mindst 1 iværksætter")
    assert target.interaction_types == ["one_to_one"] and target.target_group == "entrepreneurs"
    data = client.get(f"/api/v1/goals/contracts/{setup['contract'].pk}").json()
    values = {t["name"]: t["value"] for t in data["targets"]}
    assert values == {"Mindst 2 samtaler": 3.0, "Mindst 1 iværksætter": 1.0}


def test_a_manager_creates_a_contract(client, setup):
    login(client, f.member(setup["op"], Role.MANAGER))
    response = client.post(
        reverse("goals:contract_new"),
        {"title": "Ny kontrakt", "year": "2026", "municipalities": ["101", "147"]},
    )
    assert response.status_code == 302
    contract = PerformanceContract.objects.get(title="Ny kontrakt")
    assert contract.operator_id == "lokal-test"
    assert sorted(m.pk for m in contract.municipalities.all()) == ["101", "147"]
    missing = client.post(reverse("goals:contract_new"), {"title": "Uden kommune", "year": "2026"})
    assert "Vælg" in missing.content.decode() or missing.status_code == 200
    assert not PerformanceContract.objects.filter(title="Uden kommune").exists()


def test_exports_are_valid_csv_and_xlsx(client, setup):
    login(client, f.member(setup["op"], Role.MANAGER))
    url = reverse("goals:contract", args=[setup["contract"].pk])
    csv_response = client.get(url, {"export": "csv"})
    assert csv_response["Content-Type"].startswith("text/csv")
    text = csv_response.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("Mål;")
    assert "Mindst 2 samtaler" in text
    xlsx = client.get(url, {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet["A2"].value == "Mindst 2 samtaler" and sheet["D2"].value == 3
    stats = client.get(
        reverse("goals:statistics"), {"year": 2025, "export": "xlsx", "table": "municipalities"}
    )
    rows = list(load_workbook(io.BytesIO(stats.content)).active.iter_rows(values_only=True))
    copenhagen = next(r for r in rows if r[0] == "101")
    assert copenhagen[4] == 1  # one user of the local business service in Copenhagen


def test_freezing_and_the_pdf(client, setup):
    old = f.contract(setup["op"], 2024, ("101",), title="Sidste år")
    f.target(old, value=1, name="Mindst én samtale")
    login(client, f.member(setup["op"], Role.MANAGER))
    assert client.get(reverse("goals:report_pdf", args=[old.pk])).status_code == 404
    client.post(reverse("goals:freeze", args=[old.pk]))
    old.refresh_from_db()
    assert old.is_frozen
    pdf = client.get(reverse("goals:report_pdf", args=[old.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    # A frozen contract can no longer be changed.
    assert client.get(reverse("goals:target_new", args=[old.pk])).status_code == 403
    # The current year cannot be frozen yet: a clear message, nothing stored.
    current = f.contract(setup["op"], timezone.localdate().year, ("101",), title="I år")
    page = client.post(reverse("goals:freeze", args=[current.pk]), follow=True)
    assert "når året" in page.content.decode()
    current.refresh_from_db()
    assert not current.is_frozen


def test_statistics_and_the_regional_comparison(client, setup):
    manager = f.member(setup["op"], Role.MANAGER)
    login(client, manager)
    client.post(
        reverse("goals:spending"), {"municipality": "101", "year": "2025", "amount_dkk": "6500000"}
    )
    assert Spending.objects.get(municipality_id="101", year=2025).amount_dkk == 6_500_000
    # Not a municipality this operator serves:
    client.post(
        reverse("goals:spending"), {"municipality": "751", "year": "2025", "amount_dkk": "1"}
    )
    assert not Spending.objects.filter(municipality_id="751").exists()
    # More kroner than the database holds: the field says so.
    response = client.post(
        reverse("goals:spending"), {"municipality": "101", "year": "2024", "amount_dkk": 10**19}
    )
    assert 'id="id_amount_dkk-error"' in response.content.decode()
    assert not Spending.objects.filter(year=2024).exists()
    data = client.get("/api/v1/goals/statistics", {"year": 2025, "level": "region"}).json()
    capital = next(r for r in data["items"] if r["code"] == "1084")
    assert capital["users"] == 1 and capital["spending_dkk"] == 6_500_000
    assert capital["kr_per_inhabitant"] > 0
    page = client.get(reverse("goals:statistics"), {"year": 2025}).content.decode()
    assert "Region Hovedstaden" in page


def test_national_goals_values_entered_with_source(client, setup):
    board = f.national_board()
    goal = Goal.objects.create(code="digital", title="Flere digitale SMV'er")
    kpi = Kpi.objects.create(
        goal=goal,
        name="Andel SMV'er med avanceret digital teknologi",
        unit="%",
        baseline=20,
        baseline_year=2019,
        target=30,
        target_year=2025,
        source="Danmarks Statistik",
    )
    login(client, f.member(setup["op"], Role.MANAGER))
    client.post(
        reverse("goals:kpi_value", args=[kpi.pk]), {"year": 2024, "value": "25", "source": "DST"}
    )
    assert not kpi.values.exists()  # only the national board maintains the goals
    client.logout()
    login(client, f.member(board, Role.MANAGER))
    client.post(
        reverse("goals:kpi_value", args=[kpi.pk]), {"year": 2024, "value": "25", "source": ""}
    )
    assert not kpi.values.exists()  # a value needs its source
    client.post(
        reverse("goals:kpi_value", args=[kpi.pk]), {"year": 2024, "value": "25", "source": "DST"}
    )
    assert kpi.values.get().value == 25
    page = client.get(reverse("goals:goal", args=["digital"])).content.decode()
    assert "Flere digitale SMV" in page and "DST" in page
    kpis = client.get("/api/v1/goals/kpis").json()
    assert kpis[0]["kpis"][0]["values"][0]["value"] == 25.0


def test_a_kpi_is_computed_only_for_a_sensible_year(client, setup):
    goal = Goal.objects.create(code="vejledning", title="Flere vejledte virksomheder")
    kpi = Kpi.objects.create(
        goal=goal,
        name="Vejledte virksomheder",
        unit="antal",
        baseline=1,
        baseline_year=2020,
        target=2,
        target_year=2030,
        source="CRM",
        computation="crm_companies_guided",
    )
    login(client, f.member(f.national_board(), Role.MANAGER))
    url = reverse("goals:kpi_compute", args=[kpi.pk])
    page = client.post(url, {"year": "10000"}, follow=True).content.decode()
    assert "Året skal være mellem 2000 og 2100." in page
    assert not kpi.values.exists()
    client.post(url, {"year": "2025"})
    assert kpi.values.get().year == 2025


def test_each_board_sees_its_own_dashboard(client, setup):
    login(client, f.member(setup["op"], Role.CONSULTANT))
    page = client.get(reverse("goals:dashboard"), {"year": 2025}).content.decode()
    assert "Kommunens overblik" in page
    assert "København" in page and "Aarhus" not in page  # statistics for its municipality only
    client.logout()
    eh = f.erhvervshus()
    eh.municipalities_served.set(["751", "727"])
    goal = Goal.objects.create(code="vaekst", title="Flere vækstvirksomheder")
    Kpi.objects.create(
        goal=goal,
        name="Andel vækstvirksomheder",
        unit="%",
        baseline=5,
        baseline_year=2020,
        target=7,
        target_year=2026,
        source="Registret",
    )
    other_goal = Goal.objects.create(code="andet", title="Et mål, huset ikke arbejder for")
    Kpi.objects.create(
        goal=other_goal,
        name="Noget andet",
        unit="%",
        baseline=1,
        baseline_year=2020,
        target=2,
        target_year=2026,
        source="X",
    )
    eh_contract = f.contract(eh, 2025, ("751", "727"), title="Kontrakt med staten")
    f.target(eh_contract, value=5, name="Mindst 5").goals.set([goal])
    login(client, f.member(eh, Role.MANAGER))
    page = client.get(reverse("goals:dashboard"), {"year": 2025}).content.decode()
    assert "Erhvervshusbestyrelsens overblik" in page and "Kontrakt med staten" in page
    assert "Andel vækstvirksomheder" in page and "Noget andet" not in page
    assert "Aarhus" in page and "Kontrakt med København" not in page
