"""Consent to sharing, a person's data (export, erasure) and retention, as the services carry them out."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from indgang.audit.models import AccessLogEntry, Action
from indgang.crm.companies import selectors as companies_selectors
from indgang.crm.companies import services as companies_services
from indgang.crm.consent import retention as consent_retention
from indgang.crm.consent import services as consent_services
from indgang.crm.consent.anonymise import ANONYMOUS
from indgang.crm.entrepreneurs import services as entrepreneurs_services
from indgang.crm.interactions import selectors as interactions_selectors
from indgang.crm.interactions import services as interactions_services
from indgang.crm.models import (
    ContactPerson,
    ContactRequest,
    Entrepreneur,
    Interaction,
    InteractionType,
    NeedsAssessment,
    Referral,
)
from indgang.crm.public import request_contact
from indgang.crm.tests.support import consent_in_meeting, log, offer_of, staff_viewer
from indgang.organisations.models import Role
from indgang.organisations.tests.factories import OrganisationFactory
from indgang.privacy import services as privacy_services
from indgang.registry.tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db


def test_consent_to_sharing_opens_the_content_to_other_operators_until_withdrawn(world):
    w = world
    company = w["company"]
    companies_services.add_contact_person(
        w["alice"], company, name="Lone Bak", email="lone@eksempel.dk"
    )
    log(w["alice"], company)
    companies_services.record_needs_assessment(
        w["alice"], company=company, date=timezone.localdate(), expressed_note="Vil vokse"
    )

    def what_bob_sees():
        return (
            [c.name for c in companies_selectors.contact_persons(w["bob"], company)],
            [i.note for i in interactions_selectors.interactions_of(w["bob"], company)],
            [a.expressed_note for a in companies_selectors.needs_assessments_of(w["bob"], company)],
        )

    assert what_bob_sees() == ([], [], [])
    # The timeline shows the contact, without the content.
    timeline = companies_selectors.company_timeline(w["bob"], company)
    assert [(e.operator_id, e.record_id) for e in timeline] == [("eh-a", None)]

    consent = consent_in_meeting(w["alice"], company, given_by="Lone Bak, direktør")
    assert what_bob_sees() == (["Lone Bak"], ["NOTE-eh-a"], ["Vil vokse"])
    assert companies_selectors.company_timeline(w["bob"], company)[0].record_id is not None
    # The reads were logged for the data protection officer.
    assert (
        AccessLogEntry.objects.filter(
            person=w["bob"].person, action=Action.READ, owner_organisation_id="eh-a"
        ).count()
        == 3
    )

    # Only the company or the operator that recorded it can withdraw it.
    with pytest.raises(PermissionDenied):
        consent_services.withdraw_consent(w["bob"], consent)
    assert what_bob_sees() != ([], [], [])
    consent_services.withdraw_consent(w["alice"], consent)
    assert what_bob_sees() == ([], [], [])
    # The owner still sees its own records; analysts never see content.
    assert [c.name for c in companies_selectors.contact_persons(w["alice"], company)] == [
        "Lone Bak"
    ]
    analyst = staff_viewer(OrganisationFactory(is_national_board=True), Role.ANALYST)
    consent_in_meeting(w["alice"], company, given_by="Lone Bak")
    assert companies_selectors.contact_persons(analyst, company) == []
    assert interactions_selectors.interactions_of(analyst, company) == []


def test_consent_needs_to_say_who_gave_it(world):
    with pytest.raises(ValidationError) as error:
        consent_in_meeting(world["alice"], world["company"], given_by="  ")
    assert "given_by" in error.value.message_dict


def test_the_administrator_exports_and_erases_a_persons_data(world):
    w = world
    admin = staff_viewer(w["a"], Role.ADMIN)
    email = "lone@eksempel.dk"
    contact = companies_services.add_contact_person(
        w["alice"], w["company"], name="Lone Bak", email=email, phone="+45 20 30 40 50"
    )
    log(w["alice"], w["company"], contacts=(contact,))
    elsewhere = companies_services.add_contact_person(
        w["bob"], w["company"], name="Lone Bak", email=email
    )
    entrepreneur = entrepreneurs_services.create_entrepreneur(
        w["alice"], name="Lone Bak", email="LONE@eksempel.dk", idea="Café"
    )
    interactions_services.log_interaction(
        w["alice"],
        interactions_services.InteractionData(
            type=InteractionType.ONE_TO_ONE,
            date=timezone.localdate(),
            entrepreneur=entrepreneur,
            note="Om caféen",
        ),
    )

    with pytest.raises(PermissionDenied):
        privacy_services.export_person(w["alice"], email)
    data = privacy_services.export_person(admin, email)
    assert [c["name"] for c in data["contact_persons"]] == ["Lone Bak"]
    assert data["contact_persons"][0]["company_cvr"] == w["company"].cvr
    assert data["entrepreneurs"][0]["idea"] == "Café"
    assert sorted(i["note"] for i in data["interactions"]) == ["NOTE-eh-a", "Om caféen"]
    assert AccessLogEntry.objects.filter(action=Action.EXPORT, person=admin.person).exists()

    with pytest.raises(PermissionDenied):
        privacy_services.erase_person(w["alice"], email)
    # The contact person, the entrepreneur and the two interactions they took part in.
    assert privacy_services.erase_person(admin, email) == 4
    contact.refresh_from_db()
    entrepreneur.refresh_from_db()
    assert (contact.name, contact.email, contact.phone) == (ANONYMOUS, "", "")
    assert contact.anonymised_at is not None
    assert (entrepreneur.name, entrepreneur.idea) == (ANONYMOUS, "")
    assert entrepreneur.interactions.get().note == ""
    # The activity is still counted; another organisation's record is its own business.
    assert Interaction.objects.count() == 2
    elsewhere.refresh_from_db()
    assert elsewhere.email == email
    again = privacy_services.export_person(admin, email)
    assert again["contact_persons"] == [] and again["entrepreneurs"] == []
    assert privacy_services.erase_person(admin, email) == 0


def test_records_are_anonymised_5_years_after_the_last_guidance_once(world):
    w = world
    today = dt.date(2026, 11, 22)
    old, current = w["company"], CompanyFactory()
    contact = companies_services.add_contact_person(
        w["alice"], old, name="Lone Bak", email="l@eksempel.dk"
    )
    log(w["alice"], old, day=dt.date(2020, 3, 1), contacts=(contact,))
    log(w["alice"], old, day=dt.date(2021, 11, 1))
    companies_services.record_needs_assessment(
        w["alice"], company=old, date=dt.date(2021, 10, 1), expressed_note="Eksport"
    )
    # B's guidance of the same company is recent: B's records stay.
    log(w["bob"], old, day=dt.date(2025, 1, 1))
    log(w["alice"], current, day=dt.date(2019, 1, 1))
    log(w["alice"], current, day=dt.date(2024, 1, 1))
    idea = entrepreneurs_services.create_entrepreneur(w["alice"], name="Ib Idé", idea="App")
    Entrepreneur.objects.filter(pk=idea.pk).update(
        created_at=timezone.make_aware(dt.datetime(2020, 1, 1))
    )

    counts = consent_retention.anonymise_expired(today)
    assert counts == {
        "companies": 1,
        "contact_persons": 1,
        "interactions": 2,
        "entrepreneurs": 1,
        "needs_assessments": 0,
        "referrals": 0,
        "consents": 0,
        "contact_requests": 0,
    }
    assert set(
        Interaction.objects.filter(company=old, organisation=w["a"]).values_list("note", flat=True)
    ) == {""}
    assert Interaction.objects.get(company=old, organisation=w["b"]).note == "NOTE-lokal-b"
    assert set(Interaction.objects.filter(company=current).values_list("note", flat=True)) == {
        "NOTE-eh-a"
    }
    assert NeedsAssessment.objects.get().expressed_note == ""
    assert ContactPerson.objects.get(pk=contact.pk).name == ANONYMOUS
    assert Entrepreneur.objects.get(pk=idea.pk).name == ANONYMOUS
    # Idempotent: a second run finds nothing more.
    assert consent_retention.anonymise_expired(today) == dict.fromkeys(counts, 0)
    # The day before the 5 years are up, nothing happens.
    Interaction.objects.update(note="x", anonymised_at=None)
    assert consent_retention.anonymise_expired(dt.date(2026, 10, 31))["companies"] == 0


def test_what_a_company_wrote_through_the_one_entry_is_erased_on_request_and_after_5_years(
    world,
):
    w = world
    offer = offer_of(w["b"])

    def ask(email):
        [request] = request_contact(
            offer_ids=[offer.pk],
            unsure=False,
            contact={"contact_name": "Lone Bak", "email": email, "phone": "11223344"},
            facts={"cvr": w["company"].cvr},
            needs=[],
            needs_text="Vi vil sælge i Tyskland.",
            consent=True,
        )
        return request

    erased = ask("lone@eksempel.dk")
    old = ask("old@eksempel.dk")
    ContactRequest.objects.filter(pk=old.pk).update(
        created_at=timezone.make_aware(dt.datetime(2020, 1, 1))
    )
    admin_b = staff_viewer(w["b"], Role.ADMIN)
    # The request and the referral it became.
    assert privacy_services.erase_person(admin_b, "lone@eksempel.dk") == 2
    erased.refresh_from_db()
    assert (erased.email, erased.phone, erased.needs_text) == ("", "", "")
    assert Referral.objects.get(contact_request=erased).company_wants == ""

    counts = consent_retention.anonymise_expired(dt.date(2026, 11, 22))
    assert counts["contact_requests"] == 1
    old.refresh_from_db()
    assert old.email == "" and old.contact_name != "Lone Bak"
    assert consent_retention.anonymise_expired(dt.date(2026, 11, 22))["contact_requests"] == 0
