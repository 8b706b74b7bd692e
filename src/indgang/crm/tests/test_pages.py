"""The CRM's pages as a whole: login and membership, two people editing at once, and
what an analyst sees."""

import pytest
from django.urls import reverse
from django.utils import timezone

from indgang.crm.companies import services as companies_services
from indgang.crm.interactions import services as interactions_services
from indgang.crm.models import (
    ContactPerson,
)
from indgang.crm.tests.support import consent_in_meeting, viewer
from indgang.organisations.models import Role
from indgang.organisations.tests.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def test_the_second_of_two_simultaneous_edits_is_told_the_record_changed(client, site):
    contact = companies_services.add_contact_person(
        viewer(site["eh_consultant"]), site["company"], name="Ole Olsen"
    )
    url = reverse("crm:edit_contact", args=[contact.pk])
    form = {"version": contact.version, "name": "Ole Olsen", "legal_basis": "public_task"}
    client.force_login(site["eh_consultant"])
    first = client.post(url, {**form, "title": "Direktør"})
    assert first.status_code == 302
    second = client.post(url, {**form, "title": "Ejer"})
    assert second.status_code == 409
    assert "En anden har ændret posten" in second.text
    contact.refresh_from_db()
    assert contact.title == "Direktør"


def test_pages_need_a_login_and_a_membership(client, site):
    url = reverse("crm:company", args=["10000009"])
    assert client.get(url).status_code == 302
    from indgang.organisations.tests.factories import PersonFactory

    client.force_login(PersonFactory())
    assert client.get(url).status_code == 404
    assert client.get(reverse("crm:home")).status_code == 404


def test_an_analyst_sees_the_timeline_but_no_notes(client, site):
    board = OrganisationFactory(id="board", is_national_board=True)
    analyst = MembershipFactory(organisation=board, role=Role.ANALYST).person
    interactions_services.log_interaction(
        viewer(site["eh_consultant"]),
        interactions_services.InteractionData(
            type="phone", date=timezone.localdate(), company=site["company"], note="Fortroligt"
        ),
    )
    consent_in_meeting(viewer(site["eh_consultant"]), site["company"], given_by="Direktøren")
    ContactPerson.objects.create(
        company=site["company"], organisation=site["eh"], name="Skjult Person"
    )
    client.force_login(analyst)
    page = client.get(reverse("crm:company", args=["10000009"]))
    assert page.status_code == 200
    assert "Telefonopkald" in page.text
    assert "Fortroligt" not in page.text and "Skjult Person" not in page.text
