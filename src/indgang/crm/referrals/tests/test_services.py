"""Referrals (henvisninger) and contact requests from the one entry, as the services carry them out."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from indgang.crm.companies import selectors as companies_selectors
from indgang.crm.models import (
    LegalBasis,
    Notification,
    Referral,
)
from indgang.crm.public import request_contact
from indgang.crm.referrals import selectors as referrals_selectors
from indgang.crm.referrals import services as referrals_services
from indgang.crm.tests.support import S, at, log, offer_of, refer, sent_on
from indgang.crm.workdays import add_working_days
from indgang.registry.tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db


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
    assert referrals_services.next_statuses(w["bob"], referral) == [
        S.RECEIVED,
        S.ACCEPTED,
        S.DECLINED,
    ]
    assert referrals_services.next_statuses(w["alice"], referral) == []

    referrals_services.move_referral(w["bob"], referral, S.RECEIVED, version=referral.version)
    referrals_services.move_referral(w["bob"], referral, S.ACCEPTED, version=referral.version)
    helped = log(w["bob"], w["company"])
    referrals_services.move_referral(
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
    assert referrals_selectors.referral(w["alice"], referral.pk) is not None
    assert referrals_selectors.referral(w["bob"], referral.pk) is not None
    assert referrals_selectors.referral(w["carl"], referral.pk) is None


def test_only_the_receiver_answers_and_only_along_the_allowed_steps(world):
    w = world
    referral = refer(w)
    for outsider in (w["alice"], w["carl"]):
        with pytest.raises(PermissionDenied):
            referrals_services.move_referral(
                outsider, referral, S.ACCEPTED, version=referral.version
            )
    with pytest.raises(ValidationError) as error:
        referrals_services.move_referral(w["bob"], referral, S.COMPLETED, version=referral.version)
    assert "status" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        referrals_services.move_referral(w["bob"], referral, S.DECLINED, version=referral.version)
    assert "decline_reason" in error.value.message_dict
    referrals_services.move_referral(
        w["bob"], referral, S.ACCEPTED, version=referral.version, decline_reason=""
    )
    # Completing needs the receiver's own interaction with the company.
    other_company = CompanyFactory()
    for wrong in (log(w["alice"], w["company"]), log(w["bob"], other_company)):
        with pytest.raises(ValidationError) as error:
            referrals_services.move_referral(
                w["bob"], referral, S.COMPLETED, version=referral.version, interaction=wrong
            )
        assert "interaction" in error.value.message_dict
    referrals_services.move_referral(
        w["bob"], referral, S.DECLINED, version=referral.version, decline_reason="Uden for"
    )
    with pytest.raises(ValidationError):
        referrals_services.move_referral(w["bob"], referral, S.ACCEPTED, version=referral.version)
    referral.refresh_from_db()
    assert (referral.status, referral.decline_reason) == (S.DECLINED, "Uden for")


def test_referrals_are_checked_before_they_are_sent(world):
    w = world
    with pytest.raises(ValidationError) as error:
        referrals_services.refer_company(
            w["alice"], company=w["company"], to_organisation=w["a"], reason="x"
        )
    assert "to_organisation" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        referrals_services.refer_company(
            w["alice"], company=w["company"], to_organisation=w["b"], to_person=w["carl"].person,
            reason="x",
        )  # fmt: skip
    assert "to_person" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        referrals_services.refer_company(w["alice"], company=w["company"], to_organisation=w["b"])
    assert "reason" in error.value.message_dict
    assert not Referral.objects.exists()


def test_a_referral_to_a_private_adviser_is_recorded_and_needs_no_answer(world):
    w = world
    referral = referrals_services.refer_company(
        w["alice"],
        company=w["company"],
        private_adviser="Revisor Holm",
        reason="Brug for en revisor",
    )
    assert referral.to_organisation is None
    assert referral.status == S.COMPLETED
    assert referrals_services.flag_unanswered_referrals() == 0


def test_working_days_skip_weekends_and_danish_holidays():
    # Wednesday before Easter 2026: Maundy Thursday, Good Friday, the weekend and Easter
    # Monday are not working days.
    assert add_working_days(dt.date(2026, 4, 1), 5) == dt.date(2026, 4, 13)
    # An ordinary week: Friday + 5 working days is the next Friday.
    assert add_working_days(dt.date(2026, 11, 13), 5) == dt.date(2026, 11, 20)
    # Christmas Day and Boxing Day.
    assert add_working_days(dt.date(2026, 12, 23), 1) == dt.date(2026, 12, 24)
    assert add_working_days(dt.date(2026, 12, 24), 1) == dt.date(2026, 12, 28)


def test_a_referral_unanswered_for_5_working_days_is_flagged_once_to_the_managers(world):
    w = world
    referral = refer(w)
    answered = refer(w)
    sent_on(referral, dt.date(2026, 4, 1))
    sent_on(answered, dt.date(2026, 4, 1))
    referrals_services.move_referral(w["bob"], answered, S.ACCEPTED, version=answered.version)
    # Easter: 5 working days after 1 April 2026 is 13 April.
    assert referrals_services.flag_unanswered_referrals(now=at(dt.date(2026, 4, 10))) == 0
    assert referrals_services.flag_unanswered_referrals(now=at(dt.date(2026, 4, 13))) == 1
    flagged = Notification.objects.filter(kind=Notification.Kind.UNANSWERED)
    assert list(flagged.values_list("person_id", "referral_id")) == [
        (w["boss_b"].person.pk, referral.pk)
    ]
    assert list(referrals_selectors.unanswered_for_manager(w["boss_b"])) == [referral]
    assert not referrals_selectors.unanswered_for_manager(w["bob"]).exists()  # not a manager
    # Idempotent: the scheduler runs it again.
    assert referrals_services.flag_unanswered_referrals(now=at(dt.date(2026, 4, 14))) == 0
    assert flagged.count() == 1


def test_a_received_but_unanswered_referral_is_flagged_too(world):
    w = world
    referral = refer(w)
    referrals_services.move_referral(w["bob"], referral, S.RECEIVED, version=referral.version)
    sent_on(referral, dt.date(2026, 11, 2))
    assert referrals_services.flag_unanswered_referrals(now=at(dt.date(2026, 11, 6))) == 0
    assert referrals_services.flag_unanswered_referrals(now=at(dt.date(2026, 11, 9))) == 1


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
    assert list(referrals_selectors.waiting_for_me(w["bob"])) == [referral]
    referrals_services.move_referral(w["bob"], referral, S.ACCEPTED, version=referral.version)
    assert not Notification.objects.filter(kind=Notification.Kind.STATUS_CHANGED).exists()
    # Other operators see only that the company asked for contact.
    assert referrals_selectors.referral(w["alice"], referral.pk) is None
    [entry] = companies_selectors.company_timeline(w["alice"], w["company"])
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
