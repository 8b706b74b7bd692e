"""Reads of the catalog: the public list with its facets, an operator's own offers, and the
analyses for managers and the national board (continuity and overlap)."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from indgang.catalog import continuity, overlap
from indgang.catalog.exports import offer_documents
from indgang.catalog.models import PUBLISHED, GeographyScope, Offer, OfferChange, Status
from indgang.catalog.permissions import can_manage_offers
from indgang.organisations.public import Organisation, organisation_names
from indgang.reference import public as reference_public

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


def not_ended(today: dt.date | None = None) -> Q:
    """Offers whose validity has not ended: between the daily status run's passes
    (``indgang catalog_offer_status``) an offer past its ``valid_to`` is closed already."""
    return Q(valid_to__isnull=True) | Q(valid_to__gte=today or timezone.localdate())


def public_offers() -> QuerySet[Offer]:
    return Offer.objects.filter(not_ended(), status__in=PUBLISHED).select_related("operator")


def published_offers() -> QuerySet[Offer]:
    """Every published offer (public now or on a waiting list) whose validity has not ended,
    for a caller that must filter in the database."""
    return Offer.objects.filter(not_ended(), status__in=PUBLISHED)


def offers_known_to(organisation_id: str | None) -> QuerySet[Offer]:
    """The offers an operator's staff may name (in an interaction, a referral, an import, a
    report): every offer that is or was public, and the operator's own drafts. Another
    operator's draft is unknown, exactly as if it did not exist."""
    return Offer.objects.exclude(Q(status=Status.DRAFT) & ~Q(operator_id=organisation_id))


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
            reference_public.municipalities()
            .filter(code__in=codes)
            .values_list("region_id", flat=True)
        )
        in_region = (
            reference_public.municipalities().filter(region_id__in=f.region or []).values("code")
        )
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
    return Organisation.objects.filter(offers__in=published_offers()).distinct().order_by("name")


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


# -- analyses for managers and the national board -------------------------------------


def municipality_regions() -> dict[str, str]:
    return dict(reference_public.municipalities().values_list("code", "region_id"))


def continuity_documents() -> list[dict]:
    """Every offer but drafts, in the file schema: the rounds the continuity view sees."""
    return offer_documents(Offer.objects.exclude(status=Status.DRAFT).order_by("pk"))


@dataclass
class ContinuityView:
    today: dt.date
    flags: list[continuity.Flag]  # of the offers on the chosen themes in the chosen regions
    overview: dict[tuple[str, str], continuity.Lane]  # every theme and region
    timeline: continuity.Timeline | None  # the chosen themes and regions; None if none
    offers: dict[str, dict]  # id -> document
    operator_names: dict[str, str]


def continuity_view(
    today: dt.date, themes: list[str] | None = None, regions: list[str] | None = None
) -> ContinuityView:
    """Flags, an overview per theme and region, and the timeline of the chosen ones."""
    documents = continuity_documents()
    regions_map = municipality_regions()
    all_flags = continuity.flags(documents, regions_map, today)
    everything = continuity.timeline(documents, regions_map, today, all_flags=all_flags)
    timeline = None
    if themes or regions:
        timeline = continuity.timeline(
            documents,
            regions_map,
            today,
            themes=themes or (),
            regions=regions or (),
            all_flags=all_flags,
        )
    return ContinuityView(
        today=today,
        flags=continuity.filter_flags(all_flags, themes or (), regions or ()),
        overview={(lane.theme, lane.region): lane for lane in everything.lanes},
        timeline=timeline,
        offers={d["id"]: d for d in documents},
        operator_names=organisation_names(),
    )


# The overlap report of the published offers, kept while they are unchanged (the page and
# its CSV export ask for it one after the other).
_overlap_cache: dict[int, overlap.OverlapReport] = {}


def _published_state() -> int:
    rows = Offer.objects.filter(status__in=PUBLISHED).order_by("pk")
    return hash(tuple(rows.values_list("pk", "updated_at")))


def overlap_documents() -> list[dict]:
    return offer_documents(Offer.objects.filter(status__in=PUBLISHED).order_by("pk"))


def overlap_report() -> tuple[overlap.OverlapReport, dict[str, dict]]:
    """The overlap analysis of every published offer, and the offers by id."""
    key = _published_state()
    documents = overlap_documents()
    report = _overlap_cache.get(key)
    if report is None:
        report = overlap.analyse(documents, municipality_regions())
        _overlap_cache.clear()
        _overlap_cache[key] = report
    return report, {d["id"]: d for d in documents}


def filter_clusters(
    clusters: list[overlap.Cluster], themes: list[str] | None, regions: list[str] | None
) -> list[overlap.Cluster]:
    """Clusters on any of ``themes`` that overlap in any of ``regions`` (none: all)."""
    return [
        c
        for c in clusters
        if (not themes or set(themes) & set(c.themes))
        and (not regions or set(regions) & set(c.regions))
    ]


def offers_changed_since(offer_ids, since) -> set[str]:
    """Of ``offer_ids``, those with a change after ``since`` (a datetime; None: none)."""
    if since is None or not offer_ids:
        return set()
    changes = OfferChange.objects.filter(offer_id__in=list(offer_ids), at__gt=since, created=False)
    return set(changes.values_list("offer_id", flat=True))
