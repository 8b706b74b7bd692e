"""Read endpoints for offers and operators: public, no login (auth=None)."""

from django.http import Http404
from ninja import Query, Router, Schema

from indgang.catalog import importers, selectors
from indgang.catalog.models import Offer
from indgang.organisations.models import Organisation

PATH = "offers/"
router = Router(tags=["catalog"])


class OfferFilterParams(Schema):
    q: str = ""
    format: list[str] = []
    instrument: list[str] = []
    theme: list[str] = []
    level: list[str] = []
    operator: list[str] = []
    region: list[str] = []
    municipality: list[str] = []
    sector: list[str] = []
    stage: list[str] = []
    size: list[str] = []
    limit: int = 50
    offset: int = 0


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
    return max(1, min(limit, 200)), max(0, offset)


@router.get("", auth=None, response=OfferPage, summary="Published offers, filtered")
def list_offers(request, params: Query[OfferFilterParams]):
    """Published offers in the catalog file schema; filters are "any of" per name."""
    data = params.dict()
    limit, offset = _bounded(data.pop("limit"), data.pop("offset"))
    f = selectors.OfferFilters(**{k: v or None for k, v in data.items() if k != "q"}, q=data["q"])
    offers = selectors.filter_offers(selectors.public_offers(), f)
    page = offers.prefetch_related("themes", "regions", "municipalities", "sectors")[
        offset : offset + limit
    ]
    return {
        "total": offers.count(),
        "limit": limit,
        "offset": offset,
        "items": [importers.offer_to_dict(o) for o in page],
    }


@router.get("operators", auth=None, response=OperatorPage, summary="Operators")
def list_operators(request, limit: int = 50, offset: int = 0):
    limit, offset = _bounded(limit, offset)
    operators = Organisation.objects.order_by("pk")
    return {
        "total": operators.count(),
        "limit": limit,
        "offset": offset,
        "items": [importers.operator_to_dict(o) for o in operators[offset : offset + limit]],
    }


@router.get("operators/{operator_id}", auth=None, response=OperatorOut, summary="One operator")
def operator_detail(request, operator_id: str):
    operator = Organisation.objects.filter(pk=operator_id).first()
    if operator is None:
        raise Http404
    return importers.operator_to_dict(operator)


@router.get("{offer_id}", auth=None, response=dict, summary="One published offer")
def offer_detail(request, offer_id: str):
    try:
        return importers.offer_to_dict(selectors.public_offer(offer_id))
    except Offer.DoesNotExist:
        raise Http404 from None
