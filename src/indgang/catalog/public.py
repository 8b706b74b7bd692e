"""What other apps may use of ``catalog``: the offers and their themes, in the database and
in the catalog file's form.

Other apps import this module only; its names are the app's promise to them. Foreign keys
to an offer or a theme use the string form ("catalog.Offer").
"""

from indgang.catalog.evidence import (
    EvidenceOut,
    OfferEvidence,
    evidence_rows_for_api,
    evidence_strengths,
    evidence_version,
    offer_evidence,
    size_band,
    store_offer_evidence,
)
from indgang.catalog.evidence import Reason as EvidenceReason
from indgang.catalog.evidence import (
    number as evidence_number,
)
from indgang.catalog.evidence import presented as present_evidence
from indgang.catalog.exports import offer_documents, operator_to_dict
from indgang.catalog.models import PUBLISHED, Offer, Theme, ThemeCode
from indgang.catalog.selectors import (
    offers_changed_since,
    offers_known_to,
    operators_with_public_offers,
    published_offers,
)
from indgang.catalog.services import ensure_themes

__all__ = [
    "PUBLISHED",
    "EvidenceOut",
    "Offer",
    "OfferEvidence",
    "Theme",
    "ThemeCode",
    "ensure_themes",
    "EvidenceReason",
    "evidence_number",
    "evidence_rows_for_api",
    "evidence_strengths",
    "evidence_version",
    "offer_documents",
    "offer_evidence",
    "offers_changed_since",
    "offers_known_to",
    "operator_to_dict",
    "operators_with_public_offers",
    "present_evidence",
    "published_offers",
    "size_band",
    "store_offer_evidence",
]
