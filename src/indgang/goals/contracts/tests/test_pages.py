"""The contract pages through the test client: who sees what, composing targets, exports, PDF.

The ``setup`` fixture is in ``goals/conftest.py``.
"""

import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from indgang.goals.models import PerformanceContract, Target
from indgang.goals.tests import factories as f
from indgang.organisations.models import Role

pytestmark = pytest.mark.django_db


def login(client, person):
    assert client.login(email=person.email, password=f.PASSWORD)


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
