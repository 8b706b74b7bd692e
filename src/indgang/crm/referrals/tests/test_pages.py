"""Referrals (henvisninger) and contact requests from the one entry, through the pages, as consultants, managers and administrators use them."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from indgang.crm.entrepreneurs import services as entrepreneurs_services
from indgang.crm.interactions import services as interactions_services
from indgang.crm.models import (
    Notification,
    Referral,
    ReferralStatus,
)
from indgang.crm.referrals import services as referrals_services
from indgang.crm.tests.support import viewer
from indgang.organisations.models import OrganisationType

pytestmark = pytest.mark.django_db


def test_a_referral_runs_from_sent_to_completed_and_the_sender_is_told(client, site):
    client.force_login(site["eh_consultant"])
    response = client.post(
        reverse("crm:refer", args=["10000009"]),
        {
            "to_organisation": "lokal-test",
            "reason": "Har brug for lokale lokaler",
            "company_wants": "Et møde",
            "themes": ["lokaler"],
        },
    )
    referral = Referral.objects.get()
    assert response.status_code == 302
    assert referral.status == ReferralStatus.SENT
    client.force_login(site["local_consultant"])
    home = client.get(reverse("crm:home"))
    assert "Smedjen ApS" in home.text  # waiting for me
    status_url = reverse("crm:referral_status", args=[referral.pk])
    client.post(status_url, {"status": "accepted", "version": referral.version})
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED
    assert Notification.objects.filter(
        person=site["eh_consultant"], referral=referral, kind="status_changed"
    ).exists()
    helped = interactions_services.log_interaction(
        viewer(site["local_consultant"]),
        interactions_services.InteractionData(
            type="one_to_one", date=timezone.localdate(), company=site["company"]
        ),
    )
    client.post(
        status_url, {"status": "completed", "version": referral.version, "interaction": helped.pk}
    )
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.COMPLETED
    assert referral.completed_interaction == helped
    # The sender follows it on the referral page.
    client.force_login(site["eh_consultant"])
    page = client.get(reverse("crm:referral", args=[referral.pk]))
    assert "Gennemført" in page.text
    # ...but cannot answer it in the receiver's place.
    assert 'name="status"' not in page.text


def test_declining_needs_a_reason(client, site):
    referral = referrals_services.refer_company(
        viewer(site["eh_consultant"]),
        company=site["company"],
        to_organisation=site["local"],
        reason="Lokaler",
    )
    client.force_login(site["local_consultant"])
    url = reverse("crm:referral_status", args=[referral.pk])
    client.post(url, {"status": "declined", "version": referral.version})
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SENT
    client.post(
        url,
        {"status": "declined", "version": referral.version, "decline_reason": "Ikke vores område"},
    )
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.DECLINED
    assert referral.decline_reason == "Ikke vores område"


def test_a_contact_request_from_the_one_entry_arrives_as_a_referral_from_the_company(client, site):
    from indgang.crm.public import request_contact

    site["local"].municipalities_served.add("751")
    site["local"].type = OrganisationType.LOKAL_ERHVERVSSERVICE
    site["local"].save()
    request_contact(
        offer_ids=[],
        unsure=True,
        contact={"contact_name": "Per Hansen", "email": "per@smedjen.dk"},
        facts={"cvr": "10000009", "name": "Smedjen ApS", "municipality_code": "751"},
        needs=["eksport"],
        needs_text="Vi vil sælge til Tyskland",
        consent=True,
    )
    referral = Referral.objects.get()
    assert referral.from_company and referral.to_organisation == site["local"]
    assert referral.company == site["company"]
    client.force_login(site["local_consultant"])
    page = client.get(reverse("crm:referral", args=[referral.pk]))
    assert "Vi vil sælge til Tyskland" in page.text and "per@smedjen.dk" in page.text
    client.force_login(site["eh_consultant"])
    assert client.get(reverse("crm:referral", args=[referral.pk])).status_code == 404


def test_a_contact_request_without_a_cvr_number_can_be_completed(client, site):
    from indgang.crm.public import request_contact

    site["local"].municipalities_served.add("751")
    site["local"].type = OrganisationType.LOKAL_ERHVERVSSERVICE
    site["local"].save()
    request_contact(
        offer_ids=[],
        unsure=True,
        contact={"contact_name": "Sofie Berg", "email": "sofie@eksempel.dk"},
        facts={"municipality_code": "751", "not_started": True},
        needs=[],
        needs_text="Jeg vil starte et bageri",
        consent=True,
    )
    referral = Referral.objects.get()
    consultant = viewer(site["local_consultant"])
    client.force_login(site["local_consultant"])
    page = reverse("crm:referral", args=[referral.pk])
    status_url = reverse("crm:referral_status", args=[referral.pk])
    client.post(status_url, {"status": "accepted", "version": referral.version})
    referral.refresh_from_db()
    # Nothing logged yet: the page says what to do first.
    assert 'data-testid="log-first"' in client.get(page).text
    sofie = entrepreneurs_services.create_entrepreneur(
        consultant, name="Sofie Berg", municipality_id="751"
    )
    helped = interactions_services.log_interaction(
        consultant,
        interactions_services.InteractionData(
            type="one_to_one", date=timezone.localdate(), entrepreneur=sofie
        ),
    )
    # Neither a meeting from before she asked nor another operator's is offered.
    interactions_services.log_interaction(
        consultant,
        interactions_services.InteractionData(
            type="phone", date=timezone.localdate() - timedelta(days=10), company=site["company"]
        ),
    )
    interactions_services.log_interaction(
        viewer(site["eh_consultant"]),
        interactions_services.InteractionData(
            type="phone", date=timezone.localdate(), company=site["company"]
        ),
    )
    html = client.get(page).text
    assert f'<option value="{helped.pk}">' in html and "Sofie Berg</option>" in html
    assert html.count("<option") == 1
    client.post(
        status_url, {"status": "completed", "version": referral.version, "interaction": helped.pk}
    )
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.COMPLETED
    assert referral.completed_interaction == helped
