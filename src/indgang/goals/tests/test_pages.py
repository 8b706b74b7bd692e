"""The goals pages through the test client: who is let in, and each board's dashboard.

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


def test_anonymous_visitors_are_sent_to_the_login(client, setup):
    for url in [
        reverse("goals:dashboard"),
        reverse("goals:contract", args=[setup["contract"].pk]),
        reverse("goals:statistics"),
        reverse("goals:goals"),
    ]:
        response = client.get(url)
        assert response.status_code == 302 and "/konto/login/" in response["Location"]


def test_the_national_analyst_sees_aggregates_of_every_contract(client, setup):
    board = f.national_board()
    login(client, f.member(board, Role.ANALYST))
    page = client.get(reverse("goals:dashboard"), {"year": 2025}).content.decode()
    assert "Den nationale bestyrelses overblik" in page
    assert "Kontrakt med København" in page and "Andres hemmelige kontrakt" in page
    assert client.get(reverse("goals:target_new", args=[setup["contract"].pk])).status_code == 403
    # Survey comments are content, not aggregates: no comment column for an analyst.
    assert "Kommentar" not in client.get(reverse("goals:surveys")).content.decode()


def test_the_national_board_reads_every_contract_a_page_at_a_time(client, setup):
    for i in range(50):  # 52 in all with the setup's two
        f.contract(setup["other"], 2025, ("751",), title=f"Kontrakt nr. {i + 1:02d}")
    login(client, f.member(f.national_board(), Role.ANALYST))
    first = client.get(reverse("goals:dashboard"), {"year": 2025}).content.decode()
    assert "Viser 1–50 af 52" in first and 'href="?year=2025&amp;side=2"' in first
    second = client.get(reverse("goals:dashboard"), {"year": 2025, "side": 2})
    assert "Viser 51–52 af 52" in second.content.decode()
    download = client.get(
        reverse("goals:dashboard"), {"year": 2025, "export": "csv", "table": "contracts"}
    )
    assert download.content.decode("utf-8-sig").count("\n") == 53  # every row, and the header


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
