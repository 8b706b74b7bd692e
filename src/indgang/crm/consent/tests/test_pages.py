"""Consent to sharing, a person's data (export, erasure) and retention, through the pages, as consultants, managers and administrators use them."""

import json

import pytest
from django.urls import reverse
from django.utils import timezone

from indgang.audit.models import AccessLogEntry
from indgang.crm.companies import services as companies_services
from indgang.crm.interactions import services as interactions_services
from indgang.crm.tests.support import viewer

pytestmark = pytest.mark.django_db


def test_with_a_sharing_consent_other_operators_read_the_notes_and_each_read_is_logged(
    client, site
):
    eh = viewer(site["eh_consultant"])
    meeting = interactions_services.log_interaction(
        eh,
        interactions_services.InteractionData(
            type="one_to_one", date=timezone.localdate(), company=site["company"], note="Delt note"
        ),
    )
    companies_services.add_contact_person(
        eh, site["company"], name="Mette Smed", email="mette@smedjen.dk"
    )
    client.force_login(site["eh_consultant"])
    response = client.post(
        reverse("crm:give_consent", args=["10000009"]),
        {
            "interaction": meeting.pk,
            "given_by": "Mette Smed, direktør",
            "scope": "all",
            "confirm": "on",
        },
    )
    assert response.status_code == 302
    client.force_login(site["local_consultant"])
    page = client.get(reverse("crm:company", args=["10000009"]))
    assert "Delt note" in page.text
    assert "mette@smedjen.dk" in page.text
    logged = AccessLogEntry.objects.filter(
        person=site["local_consultant"], owner_organisation_id="eh-test", action="read"
    )
    assert set(logged.values_list("record_type", flat=True)) == {"interaction", "contactperson"}
    # Another operator cannot withdraw it; the operator that recorded it can.
    consent = site["company"].consents.get()
    assert client.post(reverse("crm:withdraw_consent", args=[consent.pk])).status_code == 403
    assert "Delt note" in client.get(reverse("crm:company", args=["10000009"])).text
    client.force_login(site["eh_consultant"])
    client.post(reverse("crm:withdraw_consent", args=[consent.pk]))
    client.force_login(site["local_consultant"])
    assert "Delt note" not in client.get(reverse("crm:company", args=["10000009"])).text


def test_the_data_protection_officer_exports_and_erases_a_person(client, site):
    eh = viewer(site["eh_consultant"])
    contact = companies_services.add_contact_person(
        eh, site["company"], name="Mette Smed", email="mette@smedjen.dk", phone="12345678"
    )
    client.force_login(site["eh_consultant"])
    assert client.get(reverse("privacy:person_data")).status_code == 404
    client.force_login(site["eh_admin"])
    exported = client.post(
        reverse("privacy:person_data"), {"email": "mette@smedjen.dk", "export": "1"}
    )
    data = json.loads(exported.content)
    assert data["contact_persons"][0]["phone"] == "12345678"
    erased = client.post(
        reverse("privacy:person_data"), {"email": "mette@smedjen.dk", "erase": "1"}
    )
    assert "1 post anonymiseret." in erased.text
    contact.refresh_from_db()
    assert contact.email == "" and contact.name != "Mette Smed"
    log = client.get(reverse("privacy:access_log"), {"cvr": "10000009"})
    assert "Anonymiseret" in log.text and "Udtrukket" in log.text
