"""Referrals (henvisninger): the reminder of unanswered referrals, through the scheduler's
command."""

import datetime as dt

import pytest
from django.utils import timezone

from indgang.crm.models import Notification, Referral
from indgang.crm.referrals import services as referrals_services
from indgang.crm.tests.support import command
from indgang.registry.tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db


def test_referral_reminders_flag_unanswered_referrals_once(world):
    alice, b, boss = world["alice"], world["b"], world["boss_b"]
    company = CompanyFactory()
    old = referrals_services.refer_company(
        alice, company=company, to_organisation=b, reason="Eksport"
    )
    referrals_services.refer_company(alice, company=company, to_organisation=b, reason="Ny i dag")
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
