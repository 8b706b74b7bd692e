"""What other apps may use of the CRM. Other apps import this module only.

Plain functions and constants; a queryset only where the caller must filter in the
database (the goals' activity counts and the effect measurement's participations).
"""

from django.db.models import QuerySet

from indgang.crm import models as _models
from indgang.crm import selectors as _selectors
from indgang.crm import services as _services
from indgang.crm.models import GROUP_TYPES, SURVEY_TYPES, InteractionType, ReferralStatus
from indgang.crm.permissions import can_read_content

# -- writes (used by the one entry and the demo) ------------------------------------
InteractionData = _services.InteractionData
log_interaction = _services.log_interaction
refer_company = _services.refer_company
move_referral = _services.move_referral
flag_unanswered_referrals = _services.flag_unanswered_referrals
sharing_consent_text = _services.sharing_consent_text

# -- reads ---------------------------------------------------------------------------
participation_rows = _selectors.participation_rows


def interactions() -> QuerySet:
    """Every interaction (no content rule applied): for counts the caller filters."""
    return _models.Interaction.objects.all()


def participants() -> QuerySet:
    """Every participant of a group interaction: for counts the caller filters."""
    return _models.Participant.objects.all()


def entrepreneurs() -> QuerySet:
    return _models.Entrepreneur.objects.all()


def referrals() -> QuerySet:
    return _models.Referral.objects.all()


def contact_persons() -> QuerySet:
    return _models.ContactPerson.objects.all()


__all__ = [
    "GROUP_TYPES",
    "InteractionData",
    "InteractionType",
    "ReferralStatus",
    "SURVEY_TYPES",
    "can_read_content",
    "contact_persons",
    "entrepreneurs",
    "flag_unanswered_referrals",
    "interactions",
    "log_interaction",
    "move_referral",
    "participants",
    "participation_rows",
    "refer_company",
    "referrals",
    "sharing_consent_text",
]
