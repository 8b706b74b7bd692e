"""What other apps may use of the CRM. Other apps import this module only.

Plain functions and constants; a queryset only where the caller must filter in the
database (the goals' activity counts and the effect measurement's participations).
"""

from django.db.models import QuerySet

from indgang.crm.consent.services import sharing_consent_text
from indgang.crm.interactions.attendance import record_event_attendance
from indgang.crm.interactions.selectors import participation_rows
from indgang.crm.interactions.services import InteractionData, log_interaction
from indgang.crm.models import (
    GROUP_TYPES,
    SURVEY_TYPES,
    ContactPerson,
    Entrepreneur,
    Interaction,
    InteractionType,
    Participant,
    Referral,
    ReferralStatus,
)
from indgang.crm.permissions import can_read_content
from indgang.crm.referrals.contact_requests import consent_text as contact_consent_text
from indgang.crm.referrals.contact_requests import request_contact
from indgang.crm.referrals.services import (
    flag_unanswered_referrals,
    move_referral,
    refer_company,
)


def interactions() -> QuerySet:
    """Every interaction (no content rule applied): for counts the caller filters."""
    return Interaction.objects.all()


def participants() -> QuerySet:
    """Every participant of a group interaction: for counts the caller filters."""
    return Participant.objects.all()


def entrepreneurs() -> QuerySet:
    return Entrepreneur.objects.all()


def referrals() -> QuerySet:
    return Referral.objects.all()


def contact_persons() -> QuerySet:
    return ContactPerson.objects.all()


__all__ = [
    "GROUP_TYPES",
    "SURVEY_TYPES",
    "InteractionData",
    "InteractionType",
    "ReferralStatus",
    "can_read_content",
    "contact_consent_text",
    "contact_persons",
    "entrepreneurs",
    "flag_unanswered_referrals",
    "interactions",
    "log_interaction",
    "move_referral",
    "participants",
    "participation_rows",
    "record_event_attendance",
    "refer_company",
    "referrals",
    "request_contact",
    "sharing_consent_text",
]
