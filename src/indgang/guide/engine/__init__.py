"""The guide's ranking and eligibility engine: plain Python and NumPy, no Django.

    from indgang.guide.engine import Ranker, check_eligibility

    ranker = Ranker.from_catalog(catalog, municipality_regions)   # once
    result = ranker.match(company, needs=["eksport"], text="sælge til Tyskland", limit=10)
    for item in result.results:
        item.offer_id, item.score, item.reasons, item.eligibility.fits

Reasons are :class:`Reason` (``code`` + ``params``) for the Django side to put into words.
"""

from indgang.danish import THEMES, Analyzer, QueryAnalysis

from .baseline import BaselineBM25
from .eligibility import (
    CompanyProfile,
    EligibilityIndex,
    EligibilityResult,
    Reason,
    check_eligibility,
    is_eligible,
    region_of,
)
from .metrics import ndcg_at_k, recall_at_k
from .ranking import MatchResult, RankedOffer, Ranker, RankerConfig

__all__ = [
    "THEMES",
    "Analyzer",
    "BaselineBM25",
    "CompanyProfile",
    "EligibilityIndex",
    "EligibilityResult",
    "MatchResult",
    "QueryAnalysis",
    "RankedOffer",
    "Ranker",
    "RankerConfig",
    "Reason",
    "check_eligibility",
    "is_eligible",
    "ndcg_at_k",
    "recall_at_k",
    "region_of",
]
