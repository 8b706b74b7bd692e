"""The CRM's workflows as the services carry them out: referrals and their 5 working days,
two people editing at once, consent and visibility, a person's data, retention, and contact
requests from the one entry."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from indgang.audit.models import AccessLogEntry, Action
from indgang.catalog.models import Offer
from indgang.catalog.services import ensure_themes
from indgang.catalog.tests.factories import make_offer
from indgang.crm import selectors, services
from indgang.crm.models import (
    ContactPerson,
    Entrepreneur,
    Interaction,
    InteractionType,
    LegalBasis,
    NeedsAssessment,
    Notification,
    Referral,
    ReferralStatus,
)
from indgang.crm.permissions import Viewer
from indgang.guide.models import ContactRequest
from indgang.guide.services import request_contact
from indgang.organisations.models import Role
from indgang.organisations.tests.factories import MembershipFactory, OrganisationFactory
from indgang.registry.tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db
S = ReferralStatus


def staff(org, role=Role.CONSULTANT) -> Viewer:
    membership = MembershipFactory(organisation=org, role=role)
    return Viewer(person=membership.person, organisation_id=org.pk, role=role)


@pytest.fixture
def world():
    ensure_themes()
    a = OrganisationFactory(id="eh-a", name="Erhvervshus A")
    b = OrganisationFactory(id="lokal-b", name="Erhvervsservice B")
    c = OrganisationFactory(id="klynge-c", name="Klynge C")
    return {
        "a": a,
        "b": b,
        "c": c,
        "alice": staff(a),
        "bob": staff(b),
        "boss_b": staff(b, Role.MANAGER),
        "carl": staff(c),
        "company": CompanyFactory(name="Bak Maskiner ApS"),
    }


def refer(w, **extra) -> Referral:
    return services.refer_company(
        w["alice"],
        company=w["company"],
        to_organisation=w["b"],
        themes=["eksport"],
        reason="Vil gerne eksportere til Tyskland.",
        **extra,
    )


def log(viewer, company, day=None, **extra):
    return services.log_interaction(
        viewer,
        services.InteractionData(
            type=InteractionType.ONE_TO_ONE,
            date=day or timezone.localdate(),
            company=company,
            title="Sparring",
            note="NOTE-" + viewer.organisation_id,
            themes=("eksport",),
            **extra,
        ),
    )


# --- Referrals ----------------------------------------------------------------------------


def test_a_referral_moves_sent_received_accepted_completed_and_the_sender_follows(world):
    w = world
    referral = refer(w)
    assert referral.status == S.SENT
    # Everyone at the receiver who answers referrals is told.
    told = set(
        Notification.objects.filter(
            referral=referral, kind=Notification.Kind.NEW_REFERRAL
        ).values_list("person_id", flat=True)
    )
    assert told == {w["bob"].person.pk, w["boss_b"].person.pk}
    assert services.next_statuses(w["bob"], referral) == [S.RECEIVED, S.ACCEPTED, S.DECLINED]
    assert services.next_statuses(w["alice"], referral) == []

    services.move_referral(w["bob"], referral, S.RECEIVED, version=referral.version)
    services.move_referral(w["bob"], referral, S.ACCEPTED, version=referral.version)
    helped = log(w["bob"], w["company"])
    services.move_referral(
        w["bob"], referral, S.COMPLETED, version=referral.version, interaction=helped
    )
    referral.refresh_from_db()
    assert referral.status == S.COMPLETED
    assert referral.completed_interaction == helped
    assert list(referral.events.values_list("status", flat=True)) == [
        S.SENT,
        S.RECEIVED,
        S.ACCEPTED,
        S.COMPLETED,
    ]
    # The sender was told of each change.
    assert (
        Notification.objects.filter(
            person=w["alice"].person, kind=Notification.Kind.STATUS_CHANGED
        ).count()
        == 3
    )
    # Both sides see it; a third operator does not.
    assert selectors.referral(w["alice"], referral.pk) is not None
    assert selectors.referral(w["bob"], referral.pk) is not None
    assert selectors.referral(w["carl"], referral.pk) is None


def test_only_the_receiver_answers_and_only_along_the_allowed_steps(world):
    w = world
    referral = refer(w)
    for outsider in (w["alice"], w["carl"]):
        with pytest.raises(PermissionDenied):
            services.move_referral(outsider, referral, S.ACCEPTED, version=referral.version)
    with pytest.raises(ValidationError) as error:
        services.move_referral(w["bob"], referral, S.COMPLETED, version=referral.version)
    assert "status" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.move_referral(w["bob"], referral, S.DECLINED, version=referral.version)
    assert "decline_reason" in error.value.message_dict
    services.move_referral(
        w["bob"], referral, S.ACCEPTED, version=referral.version, decline_reason=""
    )
    # Completing needs the receiver's own interaction with the company.
    other_company = CompanyFactory()
    for wrong in (log(w["alice"], w["company"]), log(w["bob"], other_company)):
        with pytest.raises(ValidationError) as error:
            services.move_referral(
                w["bob"], referral, S.COMPLETED, version=referral.version, interaction=wrong
            )
        assert "interaction" in error.value.message_dict
    services.move_referral(
        w["bob"], referral, S.DECLINED, version=referral.version, decline_reason="Uden for"
    )
    with pytest.raises(ValidationError):
        services.move_referral(w["bob"], referral, S.ACCEPTED, version=referral.version)
    referral.refresh_from_db()
    assert (referral.status, referral.decline_reason) == (S.DECLINED, "Uden for")


def test_referrals_are_checked_before_they_are_sent(world):
    w = world
    with pytest.raises(ValidationError) as error:
        services.refer_company(w["alice"], company=w["company"], to_organisation=w["a"], reason="x")
    assert "to_organisation" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.refer_company(
            w["alice"], company=w["company"], to_organisation=w["b"], to_person=w["carl"].person,
            reason="x",
        )  # fmt: skip
    assert "to_person" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.refer_company(w["alice"], company=w["company"], to_organisation=w["b"])
    assert "reason" in error.value.message_dict
    assert not Referral.objects.exists()


def test_a_referral_to_a_private_adviser_is_recorded_and_needs_no_answer(world):
    w = world
    referral = services.refer_company(
        w["alice"],
        company=w["company"],
        private_adviser="Revisor Holm",
        reason="Brug for en revisor",
    )
    assert referral.to_organisation is None
    assert referral.status == S.COMPLETED
    assert services.flag_unanswered_referrals() == 0


def test_working_days_skip_weekends_and_danish_holidays():
    # Wednesday before Easter 2026: Maundy Thursday, Good Friday, the weekend and Easter
    # Monday are not working days.
    assert services.add_working_days(dt.date(2026, 4, 1), 5) == dt.date(2026, 4, 13)
    # An ordinary week: Friday + 5 working days is the next Friday.
    assert services.add_working_days(dt.date(2026, 11, 13), 5) == dt.date(2026, 11, 20)
    # Christmas Day and Boxing Day.
    assert services.add_working_days(dt.date(2026, 12, 23), 1) == dt.date(2026, 12, 24)
    assert services.add_working_days(dt.date(2026, 12, 24), 1) == dt.date(2026, 12, 28)


def _sent_on(referral, day):
    moment = timezone.make_aware(dt.datetime.combine(day, dt.time(9, 0)))
    Referral.objects.filter(pk=referral.pk).update(created_at=moment)


def _at(day, hour=12):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def test_a_referral_unanswered_for_5_working_days_is_flagged_once_to_the_managers(world):
    w = world
    referral = refer(w)
    answered = refer(w)
    _sent_on(referral, dt.date(2026, 4, 1))
    _sent_on(answered, dt.date(2026, 4, 1))
    services.move_referral(w["bob"], answered, S.ACCEPTED, version=answered.version)
    # Easter: 5 working days after 1 April 2026 is 13 April.
    assert services.flag_unanswered_referrals(now=_at(dt.date(2026, 4, 10))) == 0
    assert services.flag_unanswered_referrals(now=_at(dt.date(2026, 4, 13))) == 1
    flagged = Notification.objects.filter(kind=Notification.Kind.UNANSWERED)
    assert list(flagged.values_list("person_id", "referral_id")) == [
        (w["boss_b"].person.pk, referral.pk)
    ]
    assert list(selectors.unanswered_for_manager(w["boss_b"])) == [referral]
    assert not selectors.unanswered_for_manager(w["bob"]).exists()  # not a manager
    # Idempotent: the scheduler runs it again.
    assert services.flag_unanswered_referrals(now=_at(dt.date(2026, 4, 14))) == 0
    assert flagged.count() == 1


def test_a_received_but_unanswered_referral_is_flagged_too(world):
    w = world
    referral = refer(w)
    services.move_referral(w["bob"], referral, S.RECEIVED, version=referral.version)
    _sent_on(referral, dt.date(2026, 11, 2))
    assert services.flag_unanswered_referrals(now=_at(dt.date(2026, 11, 6))) == 0
    assert services.flag_unanswered_referrals(now=_at(dt.date(2026, 11, 9))) == 1


# --- Two people editing at once -----------------------------------------------------------


def test_the_second_save_of_a_record_read_by_two_people_is_told_and_changes_nothing(world):
    w = world
    colleague = Viewer(person=staff(w["a"]).person, organisation_id="eh-a", role=Role.CONSULTANT)
    contact = services.add_contact_person(
        w["alice"], w["company"], name="Lone Bak", title="Direktør", email="lone@eksempel.dk"
    )
    first = ContactPerson.objects.get(pk=contact.pk)
    second = ContactPerson.objects.get(pk=contact.pk)
    services.update_contact_person(w["alice"], first, first.version, title="Ejer")
    with pytest.raises(services.Conflict):
        services.update_contact_person(colleague, second, second.version, title="CFO")
    contact.refresh_from_db()
    assert (contact.title, contact.version) == ("Ejer", 2)
    # The same for interactions and referrals.
    interaction = log(w["alice"], w["company"])
    stale = Interaction.objects.get(pk=interaction.pk)
    services.update_interaction(w["alice"], interaction, interaction.version, note="ny")
    with pytest.raises(services.Conflict):
        services.update_interaction(colleague, stale, stale.version, note="anden")
    assert Interaction.objects.get(pk=interaction.pk).note == "ny"
    referral = refer(w)
    old_version = referral.version
    services.move_referral(w["bob"], referral, S.RECEIVED, version=old_version)
    with pytest.raises(services.Conflict):
        services.move_referral(w["boss_b"], referral, S.ACCEPTED, version=old_version)
    referral.refresh_from_db()
    assert referral.status == S.RECEIVED


def test_another_organisation_cannot_change_a_record(world):
    w = world
    contact = services.add_contact_person(w["alice"], w["company"], name="Lone Bak")
    with pytest.raises(PermissionDenied):
        services.update_contact_person(w["bob"], contact, contact.version, name="X")
    assert ContactPerson.objects.get(pk=contact.pk).name == "Lone Bak"


# --- Consent and visibility ---------------------------------------------------------------


def test_consent_to_sharing_opens_the_content_to_other_operators_until_withdrawn(world):
    w = world
    company = w["company"]
    services.add_contact_person(w["alice"], company, name="Lone Bak", email="lone@eksempel.dk")
    log(w["alice"], company)
    services.record_needs_assessment(
        w["alice"], company=company, date=timezone.localdate(), expressed_note="Vil vokse"
    )

    def what_bob_sees():
        return (
            [c.name for c in selectors.contact_persons(w["bob"], company)],
            [i.note for i in selectors.interactions_of(w["bob"], company)],
            [a.expressed_note for a in selectors.needs_assessments_of(w["bob"], company)],
        )

    assert what_bob_sees() == ([], [], [])
    # The timeline shows the contact, without the content.
    timeline = selectors.company_timeline(w["bob"], company)
    assert [(e.operator_id, e.record_id) for e in timeline] == [("eh-a", None)]

    consent = services.give_consent(w["alice"], company, given_by="Lone Bak, direktør")
    assert what_bob_sees() == (["Lone Bak"], ["NOTE-eh-a"], ["Vil vokse"])
    assert selectors.company_timeline(w["bob"], company)[0].record_id is not None
    # The reads were logged for the data protection officer.
    assert (
        AccessLogEntry.objects.filter(
            person=w["bob"].person, action=Action.READ, owner_organisation_id="eh-a"
        ).count()
        == 3
    )

    services.withdraw_consent(w["bob"], consent)  # the company may tell any operator
    assert what_bob_sees() == ([], [], [])
    # The owner still sees its own records; analysts never see content.
    assert [c.name for c in selectors.contact_persons(w["alice"], company)] == ["Lone Bak"]
    analyst = staff(OrganisationFactory(is_national_board=True), Role.ANALYST)
    services.give_consent(w["alice"], company, given_by="Lone Bak")
    assert selectors.contact_persons(analyst, company) == []
    assert selectors.interactions_of(analyst, company) == []


def test_consent_needs_to_say_who_gave_it(world):
    with pytest.raises(ValidationError) as error:
        services.give_consent(world["alice"], world["company"], given_by="  ")
    assert "given_by" in error.value.message_dict


# --- A person's data --------------------------------------------------------------------


def test_the_administrator_exports_and_erases_a_persons_data(world):
    w = world
    admin = staff(w["a"], Role.ADMIN)
    email = "lone@eksempel.dk"
    contact = services.add_contact_person(
        w["alice"], w["company"], name="Lone Bak", email=email, phone="+45 20 30 40 50"
    )
    log(w["alice"], w["company"], contacts=(contact,))
    elsewhere = services.add_contact_person(w["bob"], w["company"], name="Lone Bak", email=email)
    entrepreneur = services.create_entrepreneur(
        w["alice"], name="Lone Bak", email="LONE@eksempel.dk", idea="Café"
    )
    services.log_interaction(
        w["alice"],
        services.InteractionData(
            type=InteractionType.ONE_TO_ONE,
            date=timezone.localdate(),
            entrepreneur=entrepreneur,
            note="Om caféen",
        ),
    )

    with pytest.raises(PermissionDenied):
        services.export_person_data(w["alice"], email)
    data = services.export_person_data(admin, email)
    assert [c["name"] for c in data["contact_persons"]] == ["Lone Bak"]
    assert data["contact_persons"][0]["company_cvr"] == w["company"].cvr
    assert data["entrepreneurs"][0]["idea"] == "Café"
    assert sorted(i["note"] for i in data["interactions"]) == ["NOTE-eh-a", "Om caféen"]
    assert AccessLogEntry.objects.filter(action=Action.EXPORT, person=admin.person).exists()

    with pytest.raises(PermissionDenied):
        services.erase_person(w["alice"], email)
    assert services.erase_person(admin, email) == 2
    contact.refresh_from_db()
    entrepreneur.refresh_from_db()
    assert (contact.name, contact.email, contact.phone) == (services.ANONYMOUS, "", "")
    assert contact.anonymised_at is not None
    assert (entrepreneur.name, entrepreneur.idea) == (services.ANONYMOUS, "")
    assert entrepreneur.interactions.get().note == ""
    # The activity is still counted; another organisation's record is its own business.
    assert Interaction.objects.count() == 2
    elsewhere.refresh_from_db()
    assert elsewhere.email == email
    again = services.export_person_data(admin, email)
    assert again["contact_persons"] == [] and again["entrepreneurs"] == []
    assert services.erase_person(admin, email) == 0


# --- Retention ------------------------------------------------------------------------------


def test_records_are_anonymised_5_years_after_the_last_guidance_once(world):
    w = world
    today = dt.date(2026, 11, 22)
    old, current = w["company"], CompanyFactory()
    contact = services.add_contact_person(w["alice"], old, name="Lone Bak", email="l@eksempel.dk")
    log(w["alice"], old, day=dt.date(2020, 3, 1), contacts=(contact,))
    log(w["alice"], old, day=dt.date(2021, 11, 1))
    services.record_needs_assessment(
        w["alice"], company=old, date=dt.date(2021, 10, 1), expressed_note="Eksport"
    )
    # B's guidance of the same company is recent: B's records stay.
    log(w["bob"], old, day=dt.date(2025, 1, 1))
    log(w["alice"], current, day=dt.date(2019, 1, 1))
    log(w["alice"], current, day=dt.date(2024, 1, 1))
    idea = services.create_entrepreneur(w["alice"], name="Ib Idé", idea="App")
    Entrepreneur.objects.filter(pk=idea.pk).update(
        created_at=timezone.make_aware(dt.datetime(2020, 1, 1))
    )

    counts = services.anonymise_expired(today)
    assert counts == {
        "companies": 1,
        "contact_persons": 1,
        "interactions": 2,
        "entrepreneurs": 1,
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
    assert ContactPerson.objects.get(pk=contact.pk).name == services.ANONYMOUS
    assert Entrepreneur.objects.get(pk=idea.pk).name == services.ANONYMOUS
    # Idempotent: a second run finds nothing more.
    assert services.anonymise_expired(today) == dict.fromkeys(counts, 0)
    # The day before the 5 years are up, nothing happens.
    Interaction.objects.update(note="x", anonymised_at=None)
    assert services.anonymise_expired(dt.date(2026, 10, 31))["companies"] == 0


# --- The one entry -------------------------------------------------------------------------


def offer_of(org) -> Offer:
    return make_offer(id=f"{org.pk}-eksport", operator_id=org.pk, level=org.level)


def test_a_contact_request_from_the_one_entry_arrives_as_a_referral_from_the_company(world):
    w = world
    offer = offer_of(w["b"])
    [request] = request_contact(
        offer_ids=[offer.pk],
        unsure=False,
        contact={"contact_name": "Lone Bak", "email": "lone@eksempel.dk", "phone": ""},
        facts={"cvr": w["company"].cvr, "name": w["company"].name},
        needs=["eksport", "finansiering"],
        needs_text="Vi vil sælge i Tyskland.",
        consent=True,
    )
    referral = Referral.objects.get(contact_request=request)
    assert referral.from_company
    assert (referral.organisation, referral.to_organisation) == (w["b"], w["b"])
    assert referral.company == w["company"]
    assert referral.legal_basis == LegalBasis.CONSENT
    assert referral.offer == offer
    assert referral.company_wants == "Vi vil sælge i Tyskland."
    assert set(referral.themes.values_list("code", flat=True)) == {"eksport", "finansiering"}
    assert Notification.objects.filter(referral=referral, person=w["bob"].person).exists()
    # B answers it like any other referral; nobody at a sender is told.
    assert list(selectors.waiting_for_me(w["bob"])) == [referral]
    services.move_referral(w["bob"], referral, S.ACCEPTED, version=referral.version)
    assert not Notification.objects.filter(kind=Notification.Kind.STATUS_CHANGED).exists()
    # Other operators see only that the company asked for contact.
    assert selectors.referral(w["alice"], referral.pk) is None
    [entry] = selectors.company_timeline(w["alice"], w["company"])
    assert (entry.kind, entry.record_id) == ("referral", None)


def test_a_contact_request_without_a_cvr_number_still_arrives(world):
    offer = offer_of(world["b"])
    [request] = request_contact(
        offer_ids=[offer.pk],
        unsure=False,
        contact={"contact_name": "Ib", "email": "ib@eksempel.dk", "phone": ""},
        facts={},
        needs=[],
        needs_text="Jeg vil starte en café.",
        consent=True,
    )
    referral = Referral.objects.get(contact_request=request)
    assert referral.company is None and referral.status == S.SENT


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
    admin_b = staff(w["b"], Role.ADMIN)
    assert services.erase_person(admin_b, "lone@eksempel.dk") == 1
    erased.refresh_from_db()
    assert (erased.email, erased.phone, erased.needs_text) == ("", "", "")
    assert Referral.objects.get(contact_request=erased).company_wants == ""

    counts = services.anonymise_expired(dt.date(2026, 11, 22))
    assert counts["contact_requests"] == 1
    old.refresh_from_db()
    assert old.email == "" and old.contact_name != "Lone Bak"
    assert services.anonymise_expired(dt.date(2026, 11, 22))["contact_requests"] == 0
