"""The statistics and spending pages: spending entered by who may, the regional comparison.

The ``setup`` fixture is in ``goals/conftest.py``.
"""

from datetime import date

import pytest
from django.urls import reverse

from indgang.goals.models import Spending
from indgang.goals.tests import factories as f
from indgang.organisations.models import Role

pytestmark = pytest.mark.django_db


def login(client, person):
    assert client.login(email=person.email, password=f.PASSWORD)


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


def test_the_share_of_companies_counts_companies_not_entrepreneurs(client, setup):
    """Users in percent of companies: the users with a CVR number over the active companies.
    An entrepreneur without one is a user, but not one of the companies."""
    from indgang.crm.models import Entrepreneur

    f.company("101")  # København now has two active companies, one of them a user
    starter = Entrepreneur.objects.create(
        organisation=setup["op"], name="Ida Iværksætter", municipality_id="101"
    )
    f.interaction(setup["op"], entrepreneur=starter, on=date(2025, 5, 1))
    login(client, f.member(setup["op"], Role.MANAGER))
    data = client.get("/api/v1/goals/statistics", {"year": 2025}).json()
    copenhagen = next(r for r in data["items"] if r["code"] == "101")
    assert copenhagen["users"] == 2 and copenhagen["companies"] == 2
    assert copenhagen["users_share"] == 50.0


def test_statistics_kept_in_the_cache_show_new_activity_and_spending_at_once(client, setup):
    login(client, f.member(setup["op"], Role.MANAGER))

    def copenhagen():
        data = client.get("/api/v1/goals/statistics", {"year": 2025}).json()
        return next(r for r in data["items"] if r["code"] == "101")

    before = copenhagen()
    assert copenhagen() == before  # read from the cache the second time
    f.interaction(setup["op"], company=f.company("101"), on=date(2025, 9, 1))
    assert copenhagen()["users"] == before["users"] + 1
    Spending.objects.create(municipality_id="101", year=2025, amount_dkk=1_000_000)
    assert copenhagen()["spending_dkk"] == 1_000_000
