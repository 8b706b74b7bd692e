"""The company file: contact persons, needs assessments, the funnel and the worklists, through the pages, as consultants, managers and administrators use them."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from indgang.crm.companies import views as company_views
from indgang.crm.interactions import services as interactions_services
from indgang.crm.models import (
    CompanySegment,
    Interaction,
)
from indgang.crm.tests.factories import InteractionFactory, OperatorFactory
from indgang.crm.tests.support import viewer

pytestmark = pytest.mark.django_db


def test_another_operator_sees_who_was_in_contact_but_not_the_note(client, site):
    interactions_services.log_interaction(
        viewer(site["eh_consultant"]),
        interactions_services.InteractionData(
            type="one_to_one",
            date=timezone.localdate(),
            company=site["company"],
            note="Hemmelig vurdering af ledelsen",
            themes=("finansiering",),
        ),
    )
    client.force_login(site["local_consultant"])
    page = client.get(reverse("crm:company", args=["10000009"]))
    assert page.status_code == 200
    assert "Erhvervshus Test" in page.text  # the timeline: who
    assert "1:1-vejledning" in page.text  # what kind
    assert "Finansiering" in page.text  # about what
    assert "Hemmelig vurdering" not in page.text
    interaction = Interaction.objects.get()
    assert client.get(reverse("crm:interaction", args=[interaction.pk])).status_code == 404


def test_a_manager_places_a_company_in_the_funnel_and_the_worklist_follows(client, site):
    client.force_login(site["eh_manager"])
    response = client.post(
        reverse("crm:segment", args=["10000009"]),
        {"segment": "prioritised", "key_account_owner": site["eh_consultant"].pk},
    )
    assert response.status_code == 302
    assert CompanySegment.objects.get().segment == "prioritised"
    client.force_login(site["eh_consultant"])
    home = client.get(reverse("crm:home"))
    # Prioritised and never offered a talk; my key account and never contacted.
    assert 'data-testid="prioritised"' in home.text and 'data-testid="quiet"' in home.text
    assert "Smedjen ApS" in home.text
    interactions_services.log_interaction(
        viewer(site["eh_consultant"]),
        interactions_services.InteractionData(
            type="one_to_one", date=timezone.localdate(), company=site["company"]
        ),
    )
    home = client.get(reverse("crm:home")).text
    assert 'data-testid="prioritised"' not in home and 'data-testid="quiet"' not in home
    # A consultant cannot set the funnel.
    assert (
        client.post(
            reverse("crm:segment", args=["10000009"]), {"segment": "key_account"}
        ).status_code
        == 404
    )


def test_a_long_timeline_is_shown_a_page_at_a_time(client, site, monkeypatch):
    monkeypatch.setattr(company_views, "TIMELINE_PAGE", 2)
    today = timezone.localdate()
    for n in range(5):  # Operatør 0 the newest, Operatør 4 the oldest
        InteractionFactory(
            organisation=OperatorFactory(name=f"Operatør {n}"),
            company=site["company"],
            date=today - dt.timedelta(days=n),
        )
    client.force_login(site["local_consultant"])
    url = reverse("crm:company", args=["10000009"])
    first = client.get(url).text
    assert "Operatør 0" in first and "Operatør 1" in first
    assert "Operatør 2" not in first and "Operatør 4" not in first
    assert 'href="?side=3"' in first  # the rest is a link away
    last = client.get(url, {"side": 3}).text
    assert "Operatør 4" in last and "Operatør 0" not in last
