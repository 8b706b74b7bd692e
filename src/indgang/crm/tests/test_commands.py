"""The commands a scheduler runs: ``crm_retention`` and ``crm_referral_reminders``."""

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone, translation

from indgang.catalog.services import ensure_themes
from indgang.crm import services
from indgang.crm.models import ContactPerson, Interaction, InteractionType, Notification, Referral
from indgang.crm.permissions import Viewer
from indgang.organisations.models import Role
from indgang.organisations.tests.factories import MembershipFactory, OrganisationFactory
from indgang.registry.tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db


def command(name, *args) -> str:
    out = io.StringIO()
    with translation.override("en"):
        call_command(name, *args, stdout=out)
    return out.getvalue()


def staff(org, role=Role.CONSULTANT) -> Viewer:
    membership = MembershipFactory(organisation=org, role=role)
    return Viewer(person=membership.person, organisation_id=org.pk, role=role)


@pytest.fixture
def a():
    ensure_themes()
    return OrganisationFactory(id="eh-a")


def test_retention_anonymises_expired_records_and_a_second_run_changes_nothing(a):
    alice = staff(a)
    old, recent = CompanyFactory(), CompanyFactory()
    contact = services.add_contact_person(alice, old, name="Lone Bak", email="l@eksempel.dk")
    for company, day in ((old, dt.date(2019, 5, 1)), (old, dt.date(2020, 6, 1)), (recent, None)):
        services.log_interaction(
            alice,
            services.InteractionData(
                type=InteractionType.ONE_TO_ONE,
                date=day or timezone.localdate(),
                company=company,
                note="Fortroligt",
            ),
        )
    output = command("crm_retention")
    assert output.strip() == (
        "Anonymised: records about 1 companies (2 interactions, 1 contact persons) and "
        "0 entrepreneurs."
    )
    assert ContactPerson.objects.get(pk=contact.pk).name == "—"
    assert set(Interaction.objects.filter(company=old).values_list("note", flat=True)) == {""}
    assert Interaction.objects.get(company=recent).note == "Fortroligt"
    assert "about 0 companies (0 interactions, 0 contact persons)" in command("crm_retention")


def test_retention_can_count_from_a_given_day(a):
    alice = staff(a)
    company = CompanyFactory()
    services.log_interaction(
        alice,
        services.InteractionData(
            type=InteractionType.PHONE, date=dt.date(2024, 1, 10), company=company, note="x"
        ),
    )
    assert "about 0 companies" in command("crm_retention", "--today", "2029-01-10")
    assert "about 1 companies" in command("crm_retention", "--today", "2029-01-11")
    # A leap day has no day five years before it; the run must not fail.
    assert "about 0 companies" in command("crm_retention", "--today", "2028-02-29")
    with pytest.raises(CommandError) as error, translation.override("en"):
        call_command("crm_retention", "--today", "11-01-2029")
    assert "is not a date" in str(error.value)


def test_referral_reminders_flag_unanswered_referrals_once(a):
    alice = staff(a)
    b = OrganisationFactory(id="lokal-b")
    boss = staff(b, Role.MANAGER)
    staff(b)
    company = CompanyFactory()
    old = services.refer_company(alice, company=company, to_organisation=b, reason="Eksport")
    services.refer_company(alice, company=company, to_organisation=b, reason="Ny i dag")
    ten_days_ago = timezone.now() - dt.timedelta(days=10)
    Referral.objects.filter(pk=old.pk).update(created_at=ten_days_ago)

    assert command("crm_referral_reminders").strip() == (
        "1 referral flagged to the receiver's managers as unanswered."
    )
    assert list(
        Notification.objects.filter(kind=Notification.Kind.UNANSWERED).values_list(
            "person", "referral"
        )
    ) == [(boss.person.pk, old.pk)]
    assert command("crm_referral_reminders").strip() == "No new unanswered referrals."
