"""The CRM's models, gathered from its sub-domains so Django finds them under the app
label ``crm`` (and the migration history stays one line).

Each model lives in the folder of its domain word:

- ``companies/``: contact persons, the funnel segment, needs assessments;
- ``interactions/``: interactions and their participants;
- ``referrals/``: referrals, their events and notifications, contact requests from the
  one entry;
- ``entrepreneurs/``: people with a business idea and no CVR number yet;
- ``consent/``: the company's consent to sharing its file.

Models hold data and invariants only. Every write goes through a sub-domain's
``services.py`` and every read of records that may hold notes or personal data through its
``selectors.py``, which apply the rules in ``crm/permissions.py`` and write the access log.
"""

from indgang.crm.companies.models import (
    CompanySegment,
    ContactPerson,
    GrowthParameter,
    Maturity,
    NeedsAssessment,
    Segment,
)
from indgang.crm.consent.models import Consent, ConsentScope, WithdrawnVia
from indgang.crm.entrepreneurs.models import Entrepreneur
from indgang.crm.interactions.models import (
    GROUP_TYPES,
    SURVEY_TYPES,
    Interaction,
    InteractionType,
    Participant,
)
from indgang.crm.records import LegalBasis, PersonalData, Versioned
from indgang.crm.referrals.models import (
    UNANSWERED,
    ContactRequest,
    Notification,
    Referral,
    ReferralEvent,
    ReferralStatus,
)

__all__ = [
    "GROUP_TYPES",
    "SURVEY_TYPES",
    "UNANSWERED",
    "CompanySegment",
    "Consent",
    "ConsentScope",
    "ContactPerson",
    "ContactRequest",
    "Entrepreneur",
    "GrowthParameter",
    "Interaction",
    "InteractionType",
    "LegalBasis",
    "Maturity",
    "NeedsAssessment",
    "Notification",
    "Participant",
    "PersonalData",
    "Referral",
    "ReferralEvent",
    "ReferralStatus",
    "Segment",
    "Versioned",
    "WithdrawnVia",
]
