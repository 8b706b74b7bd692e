"""Consent to sharing, a person's data (export, erasure) and retention, through the scheduler's commands."""

import datetime as dt

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone, translation

from indgang.crm.companies import services as companies_services
from indgang.crm.interactions import services as interactions_services
from indgang.crm.models import ContactPerson, Interaction, InteractionType
from indgang.crm.tests.support import command, staff_viewer
from indgang.registry.tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db


def test_retention_anonymises_expired_records_and_a_second_run_changes_nothing(world):
    a = world["a"]
    alice = staff_viewer(a)
    old, recent = CompanyFactory(), CompanyFactory()
    contact = companies_services.add_contact_person(
        alice, old, name="Lone Bak", email="l@eksempel.dk"
    )
    for company, day in ((old, dt.date(2019, 5, 1)), (old, dt.date(2020, 6, 1)), (recent, None)):
        interactions_services.log_interaction(
            alice,
            interactions_services.InteractionData(
                type=InteractionType.ONE_TO_ONE,
                date=day or timezone.localdate(),
                company=company,
                note="Fortroligt",
            ),
        )
    output = command("crm_retention")
    assert output.splitlines()[0] == (
        "Anonymised: records about 1 companies (2 interactions, 1 contact persons) and "
        "0 entrepreneurs."
    )
    assert ContactPerson.objects.get(pk=contact.pk).name == "—"
    assert set(Interaction.objects.filter(company=old).values_list("note", flat=True)) == {""}
    assert Interaction.objects.get(company=recent).note == "Fortroligt"
    assert "about 0 companies (0 interactions, 0 contact persons)" in command("crm_retention")


def test_retention_can_count_from_a_given_day(world):
    a = world["a"]
    alice = staff_viewer(a)
    company = CompanyFactory()
    interactions_services.log_interaction(
        alice,
        interactions_services.InteractionData(
            type=InteractionType.PHONE, date=dt.date(2024, 1, 10), company=company, note="x"
        ),
    )
    assert "about 0 companies" in command("crm_retention", "--today", "2029-01-10")
    assert "about 1 companies" in command("crm_retention", "--today", "2029-01-11")
    # A leap day has no day five years before it; the run must not fail.
    assert "about 0 companies" in command("crm_retention", "--today", "2028-02-29")
    # Nor at the ends of the calendar.
    assert "about 0 companies" in command("crm_retention", "--today", "0001-01-01")
    assert "about 0 companies" in command("crm_retention", "--today", "9999-12-31")
    with pytest.raises(CommandError) as error, translation.override("en"):
        call_command("crm_retention", "--today", "11-01-2029")
    assert "is not a date" in str(error.value)
