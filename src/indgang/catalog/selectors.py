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


# Every offer but drafts in the file schema, by id, kept in the process while none of them
# changes: reading and building the documents of 2,500 offers took about 100 ms of each
# analysis page and CSV export (docs/performance.md). Every write goes through a save,
# which stamps ``updated_at``; a new or deleted offer, or one made a draft, changes the ids.
# The documents are shared: callers read them and never change them.
_documents: tuple[int, dict[str, dict]] | None = None


def _offer_states() -> tuple[int, int]:
    """Stamps of every offer but drafts, and of the published ones alone (one query)."""
    rows = list(
        Offer.objects.exclude(status=Status.DRAFT)
        .order_by("pk")
        .values_list("pk", "updated_at", "status")
    )
    published = tuple(row for row in rows if row[2] in PUBLISHED)
    return hash(tuple(rows)), hash(published)


def stored_documents(state: int | None = None) -> dict[str, dict]:
    """Every offer but drafts, in the file schema, by id (in the order of their ids).

    ``state`` is the first stamp of ``_offer_states`` when the caller has it already."""
    global _documents
    if state is None:
        state = _offer_states()[0]
    kept = _documents
    if kept is not None and kept[0] == state:
        return kept[1]
    documents = offer_documents(Offer.objects.exclude(status=Status.DRAFT).order_by("pk"))
    by_id = {d["id"]: d for d in documents}
    _documents = (state, by_id)
    return by_id


def public_documents(offers: QuerySet[Offer]) -> list[dict]:
    """The documents of ``offers`` (a filtered queryset of published offers), in its order,
    from ``stored_documents``: for a whole list (the CSV export)."""
    ids = list(offers.values_list("pk", flat=True))
    stored = stored_documents()
    missing = [pk for pk in ids if pk not in stored]
    if missing:  # published since the stamp was read: read those now
        stored = stored | {
            d["id"]: d for d in offer_documents(Offer.objects.filter(pk__in=missing))
        }
    return [stored[pk] for pk in ids]


def page_documents(offers: QuerySet[Offer]) -> list[dict]:
    """The documents of a page of offers (a sliced queryset), in its order, read directly:
    a few queries, and never all documents again after a change (``stored_documents``)."""
    ids = list(offers.values_list("pk", flat=True))
    by_id = {d["id"]: d for d in offer_documents(Offer.objects.filter(pk__in=ids))}
    return [by_id[pk] for pk in ids]


_continuity: tuple[tuple, list[continuity.Flag], continuity.Timeline] | None = None


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
    global _continuity
    state = _offer_states()[0]
    documents = list(stored_documents(state).values())
    regions_map = municipality_regions()
    # Every flag and the overview depend on the offers and the day alone: kept with them.
    key = (state, today, hash(tuple(sorted(regions_map.items()))))
    kept = _continuity
    if kept is not None and kept[0] == key:
        all_flags, everything = kept[1], kept[2]
    else:
        all_flags = continuity.flags(documents, regions_map, today)
        everything = continuity.timeline(documents, regions_map, today, all_flags=all_flags)
        _continuity = (key, all_flags, everything)
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


def overlap_report() -> tuple[overlap.OverlapReport, dict[str, dict]]:
    """The overlap analysis of every published offer, and the offers by id."""
    every, published = _offer_states()
    documents = {oid: d for oid, d in stored_documents(every).items() if d["status"] in PUBLISHED}
    report = _overlap_cache.get(published)
    if report is None:
        report = overlap.analyse(list(documents.values()), municipality_regions())
        _overlap_cache.clear()
        _overlap_cache[published] = report
    return report, documents


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
