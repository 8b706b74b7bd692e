"""Reads of the catalog: the public list with its facets, and an operator's own offers."""

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from indgang.catalog.models import PUBLISHED, GeographyScope, Offer
from indgang.catalog.permissions import can_manage_offers
from indgang.organisations.models import Organisation
from indgang.reference.models import Municipality

# Business stage (company age in years) and size (employees), as ranges [low, high].
STAGES = {
    "not_started": (_("Not started yet"), 0, 0),
    "young": (_("Up to 3 years old"), 0, 3),
    "established": (_("4–10 years old"), 4, 10),
    "mature": (_("More than 10 years old"), 11, None),
}
SIZES = {
    "solo": (_("No employees"), 0, 0),
    "micro": (_("1–9 employees"), 1, 9),
    "small": (_("10–49 employees"), 10, 49),
    "medium": (_("50–249 employees"), 50, 249),
    "large": (_("250 or more employees"), 250, None),
}


@dataclass
class OfferFilters:
    """The filters of the public list, named like the fields; each list means "any of"."""

    q: str = ""
    format: list[str] | None = None
    instrument: list[str] | None = None
    theme: list[str] | None = None
    level: list[str] | None = None
    operator: list[str] | None = None
    region: list[str] | None = None
    municipality: list[str] | None = None
    sector: list[str] | None = None
    stage: list[str] | None = None
    size: list[str] | None = None


def _overlaps(field: str, low: int, high: int | None) -> Q:
    """The offer's [field_min, field_max] (open where null) overlaps [low, high]."""
    q = Q(**{f"{field}_max__isnull": True}) | Q(**{f"{field}_max__gte": low})
    if high is not None:
        q &= Q(**{f"{field}_min__isnull": True}) | Q(**{f"{field}_min__lte": high})
    return q


def _any(ranges: dict, keys: list[str], field: str) -> Q:
    q = Q()
    for key in keys:
        if key in ranges:
            _label, low, high = ranges[key]
            q |= _overlaps(field, low, high)
    return q


def public_offers() -> QuerySet[Offer]:
    return Offer.objects.filter(status__in=PUBLISHED).select_related("operator")


def filter_offers(offers: QuerySet[Offer], f: OfferFilters) -> QuerySet[Offer]:
    if f.q:
        offers = offers.filter(
            Q(title__icontains=f.q) | Q(summary__icontains=f.q) | Q(description__icontains=f.q)
        )
    for name, lookup in [
        ("format", "format__in"),
        ("instrument", "instrument__in"),
        ("level", "level__in"),
        ("operator", "operator_id__in"),
    ]:
        values = getattr(f, name)
        if values:
            offers = offers.filter(**{lookup: values})
    if f.theme:
        offers = offers.filter(themes__code__in=f.theme)
    if f.region or f.municipality:
        codes = set(f.municipality or [])
        regions = set(f.region or [])
        regions |= set(
            Municipality.objects.filter(code__in=codes).values_list("region_id", flat=True)
        )
        in_region = Municipality.objects.filter(region_id__in=f.region or []).values("code")
        offers = offers.filter(
            Q(geography_scope=GeographyScope.NATIONAL)
            | Q(geography_scope=GeographyScope.REGIONS, regions__code__in=regions)
            | Q(geography_scope=GeographyScope.MUNICIPALITIES, municipalities__code__in=codes)
            | Q(geography_scope=GeographyScope.MUNICIPALITIES, municipalities__code__in=in_region)
        )
    if f.sector:
        offers = offers.filter(Q(sectors__isnull=True) | Q(sectors__code__in=f.sector))
    if f.stage:
        offers = offers.filter(_any(STAGES, f.stage, "age"))
    if f.size:
        offers = offers.filter(_any(SIZES, f.size, "employees"))
    return offers.distinct().order_by("title", "pk")


def public_offer(offer_id: str) -> Offer:
    return (
        public_offers()
        .prefetch_related("themes", "regions", "municipalities", "sectors")
        .get(pk=offer_id)
    )


def operators_with_public_offers() -> QuerySet[Organisation]:
    return Organisation.objects.filter(offers__status__in=PUBLISHED).distinct().order_by("name")


def offers_of(person, organisation: Organisation) -> QuerySet[Offer]:
    """All offers of ``organisation`` in every status, for someone who keeps them; else none."""
    if not can_manage_offers(person, organisation):
        return Offer.objects.none()
    return Offer.objects.filter(operator=organisation).order_by("title")


def managed_organisations(person) -> QuerySet[Organisation]:
    if not person.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(
        memberships__person=person, memberships__role__in=["manager", "admin"]
    ).order_by("name")
