"""Every read of events: the public calendar, the operator's own events and sign-ups.

"Neighbouring municipalities" are those of the same region: the reference data has no
adjacency of municipalities (decision 0016).
"""

import datetime as dt
from dataclasses import dataclass, replace

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from indgang.audit.public import Action
from indgang.audit.public import record as audit
from indgang.events.models import Event, SignUp, Status
from indgang.events.permissions import can_see_signups
from indgang.organisations.public import Viewer
from indgang.reference.public import municipality_region_codes

# Where an event was found for a municipality: held there, co-hosted by an operator there,
# or held in a neighbouring municipality.
HERE, CO_HOST, NEIGHBOUR = "municipality", "co_host", "neighbour"


def _related(events: QuerySet) -> QuerySet:
    return events.select_related("organisation", "municipality__region", "offer").prefetch_related(
        "sessions", "themes", "co_hosts"
    )


def _with_counts(events: QuerySet) -> QuerySet:
    """For one event: its confirmed sign-ups as ``confirmed_count``."""
    return _related(events).annotate(
        confirmed_count=Count("signups", filter=Q(signups__status=Status.CONFIRMED))
    )


def with_confirmed_counts(events: list[Event]) -> list[Event]:
    """``confirmed_count`` on each event of a page, in one grouped query. Lists are paged
    first and counted after: counting in the list's own query made every page (and the
    paginator's total) count every sign-up of every coming event."""
    counts = dict(
        SignUp.objects.filter(event__in=events, status=Status.CONFIRMED)
        .order_by()
        .values("event")
        .annotate(n=Count("pk"))
        .values_list("event", "n")
    )
    for event in events:
        event.confirmed_count = counts.get(event.pk, 0)
    return events


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


@dataclass(frozen=True)
class CalendarFilter:
    municipality_code: str = ""
    region_code: str = ""
    themes: tuple[str, ...] = ()
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    include_neighbours: bool = False


def coming(now: dt.datetime | None = None) -> QuerySet:
    """Events not yet over, soonest first."""
    return Event.objects.filter(ends_at__gte=now or timezone.now())


def co_hosted_in(code: str) -> Q:
    return Q(co_hosts__municipality_id=code) | Q(co_hosts__municipalities_served=code)


def calendar(filters: CalendarFilter, now: dt.datetime | None = None) -> QuerySet:
    """The public calendar: coming events, filtered, soonest first (a page of them gets
    its sign-ups counted by ``with_confirmed_counts``)."""
    events = coming(now)
    if filters.municipality_code:
        code = filters.municipality_code
        where = Q(municipality_id=code) | Q(
            pk__in=Event.objects.filter(co_hosted_in(code)).values("pk")
        )
        region = municipality_region_codes().get(code)
        if filters.include_neighbours and region:
            where |= Q(municipality__region_id=region)
        events = events.filter(where)
    if filters.region_code:
        events = events.filter(municipality__region_id=filters.region_code)
    if filters.themes:
        events = events.filter(
            pk__in=Event.objects.filter(themes__code__in=filters.themes).values("pk")
        )
    if filters.date_from:
        events = events.filter(starts_at__gte=_day_start(filters.date_from))
    if filters.date_to:
        events = events.filter(starts_at__lt=_day_start(filters.date_to + dt.timedelta(days=1)))
    return _related(events).order_by("starts_at", "pk")


def neighbouring(filters: CalendarFilter, now: dt.datetime | None = None) -> QuerySet:
    """Coming events in the rest of the municipality's region (decision 0016), filtered as
    ``filters`` say otherwise; none without a municipality."""
    region = municipality_region_codes().get(filters.municipality_code)
    if not region:
        return Event.objects.none()
    here = calendar(replace(filters, include_neighbours=False), now)
    region_wide = replace(filters, municipality_code="", region_code=region)
    return calendar(region_wide, now).exclude(pk__in=here.values("pk"))


def matches(events: list[Event], municipality_code: str) -> list[str]:
    """Why each event is in a municipality's calendar: held there, co-hosted by an operator
    there, or held in a neighbouring municipality (one query for the whole list)."""
    if not municipality_code:
        return [HERE] * len(events)
    elsewhere = [e.pk for e in events if e.municipality_id != municipality_code]
    co_hosted = set(
        Event.objects.filter(co_hosted_in(municipality_code), pk__in=elsewhere).values_list(
            "pk", flat=True
        )
        if elsewhere
        else ()
    )
    return [
        HERE
        if e.municipality_id == municipality_code
        else CO_HOST
        if e.pk in co_hosted
        else NEIGHBOUR
        for e in events
    ]


def public_event(pk: int) -> Event | None:
    return _with_counts(Event.objects.filter(pk=pk)).first()


def events_of(viewer: Viewer) -> QuerySet:
    """The operator's own events and those it co-hosts, newest first."""
    if not viewer.is_staff:
        return Event.objects.none()
    org = viewer.organisation_id
    return _related(
        Event.objects.filter(
            Q(organisation_id=org) | Q(pk__in=Event.objects.filter(co_hosts=org).values("pk"))
        )
    ).order_by("-starts_at", "-pk")


def hosted_event(viewer: Viewer, pk: int) -> Event | None:
    """The event, if the viewer may see its sign-ups; else None (the caller answers 404)."""
    event = _with_counts(Event.objects.filter(pk=pk)).first()
    if event is None or not can_see_signups(viewer, event):
        return None
    return event


def signups_of(viewer: Viewer, event: Event, *, action=Action.READ, channel: str = "") -> list:
    """The event's sign-ups (names and emails: personal data), for a host; each one read or
    exported is written to the access log under the organisation that holds the event."""
    rows = list(event.signups.exclude(anonymised_at__isnull=False).order_by("created_at", "pk"))
    audit(
        person=viewer.person,
        acting_organisation_id=viewer.organisation_id,
        action=action,
        records=rows,
        channel=channel,
        owner_organisation_id=event.organisation_id,
    )
    return rows


def spaces_left(event: Event) -> int:
    confirmed = getattr(event, "confirmed_count", None)
    if confirmed is None:
        confirmed = event.signups.filter(status=Status.CONFIRMED).count()
    return max(0, event.capacity - confirmed)


def waiting_count(event: Event) -> int:
    return event.signups.filter(status=Status.WAITLISTED).count()


def signups_by_email(email: str, organisation_id: str | None = None) -> QuerySet:
    """The sign-ups of an email; with ``organisation_id``, only those to events the
    organisation hosts or co-hosts (what it holds about the person)."""
    signups = SignUp.objects.filter(email__iexact=(email or "").strip(), anonymised_at__isnull=True)
    if organisation_id is not None:
        signups = signups.filter(
            Q(event__organisation_id=organisation_id) | Q(event__co_hosts=organisation_id)
        ).distinct()
    return signups.select_related("event__organisation").order_by("created_at", "pk")


def eligibility_of(event: Event) -> dict:
    """Who may join, in the shape of an offer's eligibility (catalog file schema)."""
    return {
        "company_age_years": {"min": event.age_min, "max": event.age_max},
        "employees": {"min": event.employees_min, "max": event.employees_max},
        "turnover_dkk": {"min": event.turnover_min, "max": event.turnover_max},
        "sectors": list(event.sectors),
        "requires_cvr": event.requires_cvr,
        "growth_ambition_required": event.growth_ambition_required,
        "other_conditions": event.other_conditions,
    }


def event_dict(event: Event, match: str = HERE, now: dt.datetime | None = None) -> dict:
    from django.urls import reverse

    now = now or timezone.now()
    deadline = event.signup_deadline or event.starts_at
    return {
        "id": event.pk,
        "kind": event.kind,
        "title": event.title,
        "description": event.description,
        "operator_id": event.organisation_id,
        "operator_name": event.organisation.name,
        "co_hosts": sorted(h.pk for h in event.co_hosts.all()),
        "municipality_code": event.municipality_id,
        "municipality_name": event.municipality.name,
        "region_code": event.municipality.region_id,
        "sessions": [
            {
                "starts_at": s.starts_at,
                "ends_at": s.ends_at,
                "place": s.place,
                "online_url": s.online_url,
            }
            for s in event.sessions.all()
        ],
        "starts_at": event.starts_at,
        "capacity": event.capacity,
        "spaces_left": spaces_left(event),
        "price_dkk": event.price_dkk,
        "themes": sorted(t.code for t in event.themes.all()),
        "offer_id": event.offer_id,
        "signup_deadline": event.signup_deadline,
        "signup_open": now < deadline,
        "eligibility": eligibility_of(event),
        "match": match,
        "url": reverse("events:detail", args=[event.pk]),
    }
