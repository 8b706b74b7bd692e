"""Continuity of the offers: which run when, per theme and region, and what needs attention.

Plain Python, no Django: the functions take offers in the catalog file schema (dicts as
``exports.offer_documents`` gives them; dates as ``datetime.date`` or ISO strings), the
municipality -> region map, and today's date, so tests can fix the date.

The rules (decision note ``docs/decisions/0009-offer-overlap-and-continuity.md``):

* **Rounds.** Every offer except drafts is a round of some programme. Two offers are rounds
  of the same programme (:func:`same_programme`) when they have the same operator, the same
  instrument and the same format, and either the same main (first) theme or at least half
  of their themes in common.
* **Gap between rounds** (``gap``): a round ends (``valid_to``) and no round of the same
  programme covers the following days, but a later one starts more than
  ``GAP_TOLERANCE_DAYS`` after it ended. An offer without ``valid_from`` counts as running
  since always, one without ``valid_to`` as running until further notice. Reported when the
  gap reaches into the last ``LOOKBACK_DAYS`` or lies ahead.
* **No successor** (``ended_no_successor``): a round ended within the last
  ``LOOKBACK_DAYS`` and no round of the same programme runs after it; or
  (``ending_no_successor``) it ends within the next ``ENDING_SOON_DAYS`` and no next round
  is announced.
* **Expired but published** (``expired_published``): status ``aktiv`` or ``kommende``, but
  ``valid_to`` lies before today.
* **Deadline soon** (``deadline_soon``): a published offer's ``application_deadline`` is
  today or within the next ``DEADLINE_DAYS`` days.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from indgang.catalog.overlap import THEMES, offer_regions

PUBLISHED = ("aktiv", "kommende")
DRAFT = "udkast"

DEADLINE_DAYS = 30
GAP_TOLERANCE_DAYS = 14  # two weeks between rounds (over Christmas, say) is no gap
LOOKBACK_DAYS = 365  # rounds and gaps that ended longer ago are history
ENDING_SOON_DAYS = 90  # a round ending this soon should have its successor announced
THEME_OVERLAP = 0.5  # share of themes (Jaccard) that makes two rounds one programme

# Flag kinds, in the order the page shows them.
GAP = "gap"
ENDED_NO_SUCCESSOR = "ended_no_successor"
ENDING_NO_SUCCESSOR = "ending_no_successor"
EXPIRED_PUBLISHED = "expired_published"
DEADLINE_SOON = "deadline_soon"
FLAG_KINDS = (EXPIRED_PUBLISHED, DEADLINE_SOON, GAP, ENDED_NO_SUCCESSOR, ENDING_NO_SUCCESSOR)


@dataclass(frozen=True)
class Round:
    """An offer as the continuity rules see it."""

    id: str
    operator_id: str
    title: str
    status: str
    instrument: str
    format: str
    themes: tuple[str, ...]
    regions: frozenset[str]
    national: bool
    valid_from: dt.date | None
    valid_to: dt.date | None
    deadline: dt.date | None

    @property
    def published(self) -> bool:
        return self.status in PUBLISHED

    def runs_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


@dataclass(frozen=True)
class Flag:
    """Something about an offer's continuity that needs attention.

    ``date`` and ``days`` depend on the kind: for a gap, the first day without a round and
    the gap's length; for a missing successor, the end of the round and the days since (or
    until) it; for an expired offer, its end and the days since; for a deadline, the
    deadline and the days until it. ``next_id``/``next_start``: the next round of a gap.
    """

    kind: str
    offer_id: str
    date: dt.date
    days: int
    next_id: str | None = None
    next_start: dt.date | None = None
    themes: tuple[str, ...] = ()
    regions: frozenset[str] = field(default_factory=frozenset)


def _date(value) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def rounds(
    offers: Iterable[Mapping[str, Any]], municipality_regions: Mapping[str, str]
) -> list[Round]:
    """The offers that count as rounds (every status but draft), as :class:`Round`."""
    out = []
    for offer in offers:
        if offer.get("status") == DRAFT:
            continue
        out.append(
            Round(
                id=str(offer["id"]),
                operator_id=str(offer["operator_id"]),
                title=str(offer.get("title") or ""),
                status=str(offer.get("status")),
                instrument=str(offer.get("instrument")),
                format=str(offer.get("format")),
                themes=tuple(offer.get("themes") or ()),
                regions=frozenset(offer_regions(offer, municipality_regions)),
                national=offer["eligibility"]["geography"].get("scope") == "national",
                valid_from=_date(offer.get("valid_from")),
                valid_to=_date(offer.get("valid_to")),
                deadline=_date(offer.get("application_deadline")),
            )
        )
    return out


def same_programme(a: Round, b: Round) -> bool:
    """Whether two offers are rounds of one programme (see the module docstring)."""
    if (a.operator_id, a.instrument, a.format) != (b.operator_id, b.instrument, b.format):
        return False
    if not a.themes or not b.themes:
        return False
    if a.themes[0] == b.themes[0]:
        return True
    union = set(a.themes) | set(b.themes)
    return len(set(a.themes) & set(b.themes)) / len(union) >= THEME_OVERLAP


def _programme_key(round_: Round) -> tuple[str, str, str]:
    return (round_.operator_id, round_.instrument, round_.format)


def _successor_flags(round_: Round, others: Sequence[Round], today: dt.date) -> list[Flag]:
    """A gap after ``round_``, or its missing successor; nothing when the programme runs on."""
    end = round_.valid_to
    if end is None:
        return []
    after = end + dt.timedelta(days=1)
    later = [
        other
        for other in others
        if other.id != round_.id
        and same_programme(round_, other)
        and (other.valid_to is None or other.valid_to > end)
    ]
    base = {"themes": round_.themes, "regions": round_.regions}
    starts = [o.valid_from for o in later if o.valid_from is not None and o.valid_from > after]
    if any(o.valid_from is None or o.valid_from <= after for o in later):
        return []  # another round runs on the day after this one ends
    if later:
        if not starts:
            return []
        first = min(starts)
        gap = (first - after).days
        nxt = min((o for o in later if o.valid_from == first), key=lambda o: o.id)
        if gap <= GAP_TOLERANCE_DAYS or first <= today - dt.timedelta(days=LOOKBACK_DAYS):
            return []
        return [
            Flag(GAP, round_.id, after, gap, next_id=nxt.id, next_start=first, **base),
        ]
    if end < today:
        if (today - end).days > LOOKBACK_DAYS:
            return []
        return [Flag(ENDED_NO_SUCCESSOR, round_.id, end, (today - end).days, **base)]
    if (end - today).days <= ENDING_SOON_DAYS:
        return [Flag(ENDING_NO_SUCCESSOR, round_.id, end, (end - today).days, **base)]
    return []


def flags(
    offers: Iterable[Mapping[str, Any]],
    municipality_regions: Mapping[str, str],
    today: dt.date,
) -> list[Flag]:
    """Every continuity flag of the offers on ``today``, ordered by kind, then date."""
    all_rounds = rounds(offers, municipality_regions)
    # Rounds of one programme share operator, instrument and format (``same_programme``):
    # only those are compared with each other.
    by_programme: dict[tuple[str, str, str], list[Round]] = {}
    for round_ in all_rounds:
        by_programme.setdefault(_programme_key(round_), []).append(round_)
    out: list[Flag] = []
    for round_ in all_rounds:
        base = {"themes": round_.themes, "regions": round_.regions}
        if round_.published and round_.valid_to is not None and round_.valid_to < today:
            days = (today - round_.valid_to).days
            out.append(Flag(EXPIRED_PUBLISHED, round_.id, round_.valid_to, days, **base))
        if (
            round_.published
            and round_.deadline is not None
            and 0 <= (round_.deadline - today).days <= DEADLINE_DAYS
        ):
            days = (round_.deadline - today).days
            out.append(Flag(DEADLINE_SOON, round_.id, round_.deadline, days, **base))
        out += _successor_flags(round_, by_programme[_programme_key(round_)], today)
    order = {kind: k for k, kind in enumerate(FLAG_KINDS)}
    return sorted(out, key=lambda f: (order[f.kind], f.date, f.offer_id))


def filter_flags(
    items: Iterable[Flag], themes: Sequence[str] = (), regions: Sequence[str] = ()
) -> list[Flag]:
    """Flags of offers with any of ``themes`` in any of ``regions`` (empty: all)."""
    return [
        f
        for f in items
        if (not themes or set(themes) & set(f.themes)) and (not regions or set(regions) & f.regions)
    ]


# -- the timeline ----------------------------------------------------------------------


@dataclass(frozen=True)
class Bar:
    """One offer on the timeline; ``left``/``width`` are percentages of the window."""

    round: Round
    left: float
    width: float
    open_start: bool  # runs since before the window (or since always)
    open_end: bool  # runs beyond the window (or until further notice)
    running: bool  # runs today and is published
    flags: tuple[str, ...]


@dataclass(frozen=True)
class Lane:
    """The offers on one theme in one region (national offers count in every region)."""

    theme: str
    region: str
    bars: tuple[Bar, ...]
    running: int  # published offers running today
    flagged: int  # offers with at least one flag


@dataclass(frozen=True)
class Tick:
    label: str
    left: float


@dataclass(frozen=True)
class Timeline:
    start: dt.date
    end: dt.date
    today: float  # position of today, percent
    ticks: tuple[Tick, ...]
    lanes: tuple[Lane, ...]


def window(today: dt.date) -> tuple[dt.date, dt.date]:
    """From the start of last year to the end of the year after next."""
    return dt.date(today.year - 1, 1, 1), dt.date(today.year + 2, 12, 31)


def timeline(
    offers: Iterable[Mapping[str, Any]],
    municipality_regions: Mapping[str, str],
    today: dt.date,
    *,
    themes: Sequence[str] = (),
    regions: Sequence[str] = (),
    all_flags: Sequence[Flag] | None = None,
    span: tuple[dt.date, dt.date] | None = None,
) -> Timeline:
    """Lanes of offers per theme and region over ``span`` (default :func:`window`).

    Offers whose validity ended before the window are left out; so are drafts.
    """
    offers = list(offers)
    start, end = span or window(today)
    total = (end - start).days + 1
    all_flags = all_flags if all_flags is not None else flags(offers, municipality_regions, today)
    flags_of: dict[str, list[str]] = {}
    for flag in all_flags:
        flags_of.setdefault(flag.offer_id, []).append(flag.kind)

    def pos(day: dt.date) -> float:
        return 100.0 * min(max((day - start).days, 0), total) / total

    bars: list[Bar] = []
    for round_ in rounds(offers, municipality_regions):
        if round_.valid_to is not None and round_.valid_to < start:
            continue
        if round_.valid_from is not None and round_.valid_from > end:
            continue
        first = round_.valid_from if round_.valid_from and round_.valid_from > start else start
        last = round_.valid_to if round_.valid_to and round_.valid_to < end else end
        left = pos(first)
        bars.append(
            Bar(
                round=round_,
                left=round(left, 2),
                width=round(max(pos(last + dt.timedelta(days=1)) - left, 0.5), 2),
                open_start=round_.valid_from is None or round_.valid_from < start,
                open_end=round_.valid_to is None or round_.valid_to > end,
                running=round_.published and round_.runs_on(today),
                flags=tuple(dict.fromkeys(flags_of.get(round_.id, []))),
            )
        )
    bars.sort(
        key=lambda b: (
            b.round.valid_from is not None,
            b.round.valid_from or dt.date.min,
            b.round.title,
            b.round.id,
        )
    )
    all_regions = sorted({str(r) for r in municipality_regions.values()})
    lanes = []
    for theme in [t for t in THEMES if not themes or t in themes]:
        for region in [r for r in all_regions if not regions or r in regions]:
            here = tuple(b for b in bars if theme in b.round.themes and region in b.round.regions)
            if not here:
                continue
            lanes.append(
                Lane(
                    theme=theme,
                    region=region,
                    bars=here,
                    running=sum(b.running for b in here),
                    flagged=sum(bool(b.flags) for b in here),
                )
            )
    ticks = []
    for year in range(start.year, end.year + 1):
        for month in (1, 7):
            day = dt.date(year, month, 1)
            if start <= day <= end:
                ticks.append(Tick(f"{month:02d}/{year}", round(pos(day), 2)))
    return Timeline(start, end, round(pos(today), 2), tuple(ticks), tuple(lanes))
