"""What other apps may use of the CRM. Other apps import this module only.

Plain functions and constants; a queryset only where the caller must filter in the
database (the goals' activity counts and the effect measurement's participations).
"""

from django.db.models import QuerySet

from indgang.crm.consent.personal_data import erase_person_data, person_data
from indgang.crm.consent.retention import anonymise_expired, retention_cutoff
from indgang.crm.consent.services import TEXT_VERSION as CONSENT_TEXT_VERSION
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
from indgang.crm.referrals.models import contact_request_reference
from indgang.crm.referrals.services import (
    ANSWER_WITHIN_WORKING_DAYS,
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
    "ANSWER_WITHIN_WORKING_DAYS",
    "contact_request_reference",
    "anonymise_expired",
    "erase_person_data",
    "person_data",
    "retention_cutoff",
    "CONSENT_TEXT_VERSION",
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
