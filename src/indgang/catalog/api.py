"""Read endpoints for offers and operators: public, no login (auth=None); and the catalog's
analyses (overlap, continuity) for managers and the national board (session or token)."""

import datetime as dt
from typing import Annotated

from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from pydantic import field_validator

from indgang.catalog import analysis_text, exports, selectors
from indgang.catalog.evidence import EvidenceOut, evidence_rows_for_api, offer_evidence
from indgang.catalog.models import Offer, ThemeCode
from indgang.catalog.permissions import can_view_catalog_analysis
from indgang.core.public import MAX_INT, ClientRateThrottle
from indgang.organisations.public import Organisation
from indgang.reference.public import municipality_region_codes

PATH = "offers/"
router = Router(tags=["catalog"])

# The public endpoints: limited per caller (settings.OFFERS_API_RATE), searches bounded.
PUBLIC_LIMIT = [ClientRateThrottle("OFFERS_API_RATE", "offers")]
SEARCH_MAX_LENGTH = 200


Codes = Annotated[list[Annotated[str, Field(max_length=100)]], Field(max_length=100)]


class OfferFilterParams(Schema):
    q: str = Field("", max_length=SEARCH_MAX_LENGTH)
    format: Codes = []
    instrument: Codes = []
    theme: Codes = []
    level: Codes = []
    operator: Codes = []
    region: Codes = []
    municipality: Codes = []
    sector: Codes = []
    stage: Codes = []
    size: Codes = []
    limit: int = 50
    offset: int = 0

    @field_validator("theme")
    @classmethod
    def known_themes(cls, value):
        return _known(value, ThemeCode.values, _("Unknown theme: %(codes)s"))

    @field_validator("municipality")
    @classmethod
    def known_municipalities(cls, value):
        return _known(value, municipality_region_codes(), _("Unknown municipality code: %(codes)s"))

    @field_validator("region")
    @classmethod
    def known_regions(cls, value):
        regions = set(municipality_region_codes().values())
        return _known(value, regions, _("Unknown region code: %(codes)s"))


def _known(codes: list[str], allowed, message: str) -> list[str]:
    unknown = [code for code in codes if code not in allowed]
    if unknown:
        raise ValueError(message % {"codes": ", ".join(unknown[:10])})
    return codes


class OfferPage(Schema):
    total: int
    limit: int
    offset: int
    items: list[dict]


class OperatorOut(Schema):
    id: str
    name: str
    type: str
    level: str
    municipality_code: str | None
    region_code: str | None
    url: str
    email: str


class OperatorPage(Schema):
    total: int
    limit: int
    offset: int
    items: list[OperatorOut]


def _bounded(limit: int, offset: int) -> tuple[int, int]:
    return max(1, min(limit, 200)), max(0, min(offset, MAX_INT))


@router.get(
    "", auth=None, response=OfferPage, throttle=PUBLIC_LIMIT, summary="Published offers, filtered"
)
def list_offers(request, params: Query[OfferFilterParams]):
    """Published offers in the catalog file schema; filters are "any of" per name."""
    data = params.dict()
    limit, offset = _bounded(data.pop("limit"), data.pop("offset"))
    f = selectors.OfferFilters(**{k: v or None for k, v in data.items() if k != "q"}, q=data["q"])
    offers = selectors.filter_offers(selectors.public_offers(), f)
    return {
        "total": offers.count(),
        "limit": limit,
        "offset": offset,
        "items": selectors.page_documents(offers[offset : offset + limit]),
    }


@router.get(
    "operators", auth=None, response=OperatorPage, throttle=PUBLIC_LIMIT, summary="Operators"
)
def list_operators(request, limit: int = 50, offset: int = 0):
    limit, offset = _bounded(limit, offset)
    operators = Organisation.objects.order_by("pk")
    return {
        "total": operators.count(),
        "limit": limit,
        "offset": offset,
        "items": [exports.operator_to_dict(o) for o in operators[offset : offset + limit]],
    }


@router.get(
    "operators/{operator_id}",
    auth=None,
    response=OperatorOut,
    throttle=PUBLIC_LIMIT,
    summary="One operator",
)
def operator_detail(request, operator_id: str):
    operator = Organisation.objects.filter(pk=operator_id).first()
    if operator is None:
        raise Http404
    return exports.operator_to_dict(operator)


class OfferDetailOut(Schema):
    """An offer in the catalog file schema (every field of it), and its measured effect."""

    model_config = {"extra": "allow"}
    id: str
    evidence: list[EvidenceOut] | None = Field(
        description="The offer's measured effect against a matched control group where it "
        "meets the quality rules; null when nothing may be shown yet (decision 0020)."
    )


class ReasonOut(Schema):
    code: str
    params: dict
    text: str


class PairOut(Schema):
    a: str
    b: str
    score: float
    text_similarity: float
    themes: float
    kind: float
    reasons: list[ReasonOut]


class ClusterOut(Schema):
    number: int
    score: float
    offer_ids: list[str]
    operator_ids: list[str]
    themes: list[str]
    regions: list[str]
    reasons: list[ReasonOut]
    pair_count: int
    pairs: list[PairOut]


class CoverageOut(Schema):
    theme: str
    region: str
    operators: int
    offers: int
    overlapping_operators: int
    largest_cluster_operators: int


class OverlapOut(Schema):
    offers_analysed: int
    overlap_pairs: int
    clusters: list[ClusterOut]
    coverage: list[CoverageOut]


class AnalysisFilterParams(Schema):
    theme: list[str] = []
    region: list[str] = []


def _allowed(request) -> None:
    if not can_view_catalog_analysis(request.user):
        raise PermissionDenied(_("For managers of an operator and the national board."))


def _reasons(reasons, names) -> list[dict]:
    return [
        {"code": r.code, "params": dict(r.params), "text": analysis_text.reason(r, names)}
        for r in reasons
    ]


@router.get(
    "overlap",
    response=OverlapOut,
    summary="Overlapping offers of different operators (managers, national board)",
)
def overlap_report(request, params: Query[AnalysisFilterParams]):
    """Groups of published offers from different operators that offer much the same thing,
    each with a score in [0, 1] and the reasons, and per theme and region how many operators
    offer it. Filters: clusters on any of ``theme`` meeting in any of ``region``."""
    _allowed(request)
    report, _offers = selectors.overlap_report()
    names = analysis_text.Names()
    clusters = selectors.filter_clusters(report.clusters, params.theme, params.region)
    return {
        "offers_analysed": report.offers_analysed,
        "overlap_pairs": report.overlap_pairs,
        "clusters": [
            {
                "number": c.number,
                "score": c.score,
                "offer_ids": c.offer_ids,
                "operator_ids": c.operator_ids,
                "themes": c.themes,
                "regions": c.regions,
                "reasons": _reasons(c.reasons, names),
                "pair_count": c.pair_count,
                "pairs": [
                    {
                        "a": p.a,
                        "b": p.b,
                        "score": p.score,
                        "text_similarity": p.text,
                        "themes": p.themes,
                        "kind": p.kind,
                        "reasons": _reasons(p.reasons, names),
                    }
                    for p in c.pairs
                ],
            }
            for c in clusters
        ],
        "coverage": [
            vars(cell)
            for cell in report.coverage
            if (not params.theme or cell.theme in params.theme)
            and (not params.region or cell.region in params.region)
        ],
    }


class FlagOut(Schema):
    kind: str
    offer_id: str
    title: str
    operator_id: str
    date: dt.date
    days: int
    next_offer_id: str | None
    next_start: dt.date | None
    themes: list[str]
    regions: list[str]
    text: str


class ContinuityOut(Schema):
    today: dt.date
    flags: list[FlagOut]


@router.get(
    "continuity",
    response=ContinuityOut,
    summary="Continuity flags: gaps between rounds, expired offers, deadlines",
)
def continuity_flags(request, params: Query[AnalysisFilterParams]):
    """Flags of every offer but drafts, today: ``expired_published``, ``deadline_soon``
    (within 30 days), ``gap`` (between rounds of one programme), ``ended_no_successor`` and
    ``ending_no_successor``. Filters: offers with any of ``theme`` in any of ``region``."""
    _allowed(request)
    themes = [t for t in params.theme if t in ThemeCode.values]
    view = selectors.continuity_view(timezone.localdate(), themes, params.region)
    titles = {oid: d["title"] for oid, d in view.offers.items()}
    return {
        "today": view.today,
        "flags": [
            {
                "kind": f.kind,
                "offer_id": f.offer_id,
                "title": titles.get(f.offer_id, ""),
                "operator_id": view.offers.get(f.offer_id, {}).get("operator_id", ""),
                "date": f.date,
                "days": f.days,
                "next_offer_id": f.next_id,
                "next_start": f.next_start,
                "themes": list(f.themes),
                "regions": sorted(f.regions),
                "text": analysis_text.flag(f, titles),
            }
            for f in view.flags
        ],
    }


@router.get(
    "{offer_id}",
    auth=None,
    response=OfferDetailOut,
    throttle=PUBLIC_LIMIT,
    summary="One published offer",
)
def offer_detail(request, offer_id: str):
    """The offer in the catalog file schema, and ``evidence``: its measured effect where it
    meets the quality rules, else null (decision 0020; the fields as the guide's match)."""
    try:
        document = exports.offer_to_dict(selectors.public_offer(offer_id))
    except Offer.DoesNotExist:
        raise Http404 from None
    found = offer_evidence([offer_id]).get(offer_id)
    document["evidence"] = evidence_rows_for_api(found)
    # Written as it is: OfferDetailOut documents the shape (the file schema is open-ended).
    return JsonResponse(document)
