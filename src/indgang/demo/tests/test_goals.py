"""The goals demo on top of the whole demo: contracts behind, on track and ahead."""

import pytest
from django.urls import reverse

from indgang.demo import goals as goals_demo
from indgang.goals.models import Goal, KpiValue, PerformanceContract, SatisfactionResponse, Spending
from indgang.goals.public import contract_rows
from indgang.organisations.models import Person

pytestmark = pytest.mark.django_db


def test_demo_tells_a_story(demo, client):
    assert goals_demo.is_loaded()
    assert "goals:" in demo
    contracts = PerformanceContract.objects.filter(is_demo=True)
    assert contracts.count() >= 5
    statuses = set()
    for contract in contracts:
        statuses |= {row["status"] for row in contract_rows(contract)}
    assert {"behind", "on_track", "ahead"} <= statuses
    assert contracts.filter(report__isnull=False).exists()
    assert Goal.objects.filter(is_demo=True).count() == 4
    assert KpiValue.objects.filter(computed=True).exists()
    assert Spending.objects.filter(is_demo=True).exists()
    assert SatisfactionResponse.objects.exists()
    manager = Person.objects.get(email="lokal.leder@indgang.demo")
    client.force_login(manager)
    page = client.get(reverse("goals:dashboard")).content.decode()
    assert "Resultatkontrakt Aarhus Kommune" in page
    analyst = Person.objects.get(email="analytiker@indgang.demo")
    client.force_login(analyst)
    page = client.get(reverse("goals:dashboard")).content.decode()
    assert "Den nationale bestyrelses overblik" in page and "Region Midtjylland" in page
    # Every page renders on the demo data, for the role that may see it.
    client.force_login(manager)
    aarhus = PerformanceContract.objects.filter(operator_id="aarhus-erhverv")
    for contract in aarhus:
        assert client.get(reverse("goals:contract", args=[contract.pk])).status_code == 200
    frozen = aarhus.get(report__isnull=False)
    assert client.get(reverse("goals:report_pdf", args=[frozen.pk])).content.startswith(b"%PDF")
    for url in [
        reverse("goals:statistics"),
        reverse("goals:municipality", args=["751"]),
        reverse("goals:goals"),
        reverse("goals:goal", args=["vaekstvirksomheder"]),
        reverse("goals:surveys"),
        reverse("goals:spending"),
    ]:
        assert client.get(url).status_code == 200, url
