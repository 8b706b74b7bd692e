"""What every CRM service shares: two people editing at once, and a record changed only by
its own organisation."""

import pytest
from django.core.exceptions import PermissionDenied

from indgang.crm.companies import services as companies_services
from indgang.crm.interactions import services as interactions_services
from indgang.crm.models import (
    ContactPerson,
    Interaction,
)
from indgang.crm.permissions import Viewer
from indgang.crm.referrals import services as referrals_services
from indgang.crm.tests.support import S, log, refer, staff_viewer
from indgang.crm.writing import Conflict
from indgang.organisations.models import Role

pytestmark = pytest.mark.django_db


def test_the_second_save_of_a_record_read_by_two_people_is_told_and_changes_nothing(world):
    w = world
    colleague = Viewer(
        person=staff_viewer(w["a"]).person, organisation_id="eh-a", role=Role.CONSULTANT
    )
    contact = companies_services.add_contact_person(
        w["alice"], w["company"], name="Lone Bak", title="Direktør", email="lone@eksempel.dk"
    )
    first = ContactPerson.objects.get(pk=contact.pk)
    second = ContactPerson.objects.get(pk=contact.pk)
    companies_services.update_contact_person(w["alice"], first, first.version, title="Ejer")
    with pytest.raises(Conflict):
        companies_services.update_contact_person(colleague, second, second.version, title="CFO")
    contact.refresh_from_db()
    assert (contact.title, contact.version) == ("Ejer", 2)
    # The same for interactions and referrals.
    interaction = log(w["alice"], w["company"])
    stale = Interaction.objects.get(pk=interaction.pk)
    interactions_services.update_interaction(
        w["alice"], interaction, interaction.version, note="ny"
    )
    with pytest.raises(Conflict):
        interactions_services.update_interaction(colleague, stale, stale.version, note="anden")
    assert Interaction.objects.get(pk=interaction.pk).note == "ny"
    referral = refer(w)
    old_version = referral.version
    referrals_services.move_referral(w["bob"], referral, S.RECEIVED, version=old_version)
    with pytest.raises(Conflict):
        referrals_services.move_referral(w["boss_b"], referral, S.ACCEPTED, version=old_version)
    referral.refresh_from_db()
    assert referral.status == S.RECEIVED


def test_another_organisation_cannot_change_a_record(world):
    w = world
    contact = companies_services.add_contact_person(w["alice"], w["company"], name="Lone Bak")
    with pytest.raises(PermissionDenied):
        companies_services.update_contact_person(w["bob"], contact, contact.version, name="X")
    assert ContactPerson.objects.get(pk=contact.pk).name == "Lone Bak"
