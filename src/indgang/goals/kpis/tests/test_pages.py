"""The national goals' pages: values entered with their source, values computed.

The ``setup`` fixture is in ``goals/conftest.py``.
"""

import pytest
from django.urls import reverse

from indgang.goals.models import Goal, Kpi
from indgang.goals.tests import factories as f
from indgang.organisations.models import Role

pytestmark = pytest.mark.django_db


def login(client, person):
    assert client.login(email=person.email, password=f.PASSWORD)


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
