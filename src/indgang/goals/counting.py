"""Goals counted at national size without holding a request (issue 16, decision 0023).

The contracts' progress and the municipalities' statistics are kept in the cache under
their inputs' activity stamps (``contracts/selectors.py``, ``statistics/selectors.py``):
what nobody changed is read, what changed is counted again. A page counts at once what
is little (the contracts of an operator whose consultant logged a meeting, unless its
activity is among the largest: a fraction of a second at national size). When more is
missing than that (the national board's dashboard in the morning, after every operator's
day; a year nobody has looked at; the largest Erhvervshus after a change), the page shows
what is counted, starts counting the rest in the background (``core.background``, as
``settings.BACKGROUND`` says) and follows its progress until it reloads with everything.
``indgang warm_goals`` counts the same for the scheduler, and is the queue when
``BACKGROUND=queue``.

This module is the flow across the two sub-domains; each keeps its own counting and keys.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from itertools import groupby

from django.conf import settings
from django.core.cache import cache

from indgang.core.public import background
from indgang.goals.contracts import selectors as contract_selectors
from indgang.goals.contracts.models import PerformanceContract
from indgang.goals.statistics import selectors as statistics_selectors

logger = logging.getLogger(__name__)

# What a request counts itself: few contracts or municipalities, whose operators have
# few interactions (from the year before on). Measured at national size on PostgreSQL
# (docs/performance.md): counting one operator's contracts took 100-170 ms with
# 5,500-6,600 interactions, 230-450 ms with 13,000-15,000, up to 900 ms with 46,000; the
# national board's page around it 150 ms. A municipality whose service had 32,000
# interactions took up to 250 ms. All 500 contracts take 2-3 s, all 98 municipalities
# 0.8 s: the background's.
INLINE_CONTRACTS = 25
INLINE_INTERACTIONS = 4_000
INLINE_MUNICIPALITIES = 25
# The background job counts this many operators' contracts at a time, so its progress
# shows as it goes.
OPERATORS_PER_STEP = 10
# The year's state in the cache, under one key: "running" (a thread counts it; renewed
# after each step, so a thread that died with its process lets the next page start it
# again soon), "asked" (left to the scheduler's `indgang warm_goals`) or "failed" (the
# pages say so instead of starting it again at once).
RUNNING_SECONDS = 60
ASKED_SECONDS = 600
FAILED_SECONDS = 300
RUNNING, ASKED, FAILED = "running", "asked", "failed"


@dataclass
class Figures:
    """What a goals page shows of a year: each contract's rows (by id; absent while it is
    being counted) and the municipalities' statistics (None while being counted)."""

    year: int
    rows: dict[int, list[dict]] = field(default_factory=dict)
    statistics: list[statistics_selectors.AreaRow] | None = None
    counting: bool = False


def figures(
    year: int,
    contracts: list[PerformanceContract],
    *,
    statistics: bool = False,
    codes: list[str] | None = None,
) -> Figures:
    """The rows of ``contracts`` and, with ``statistics``, the statistics of the
    municipalities ``codes`` (None: all) for a page: counted at once when little is
    missing, otherwise counted in the background while the page shows what is counted."""
    wants_statistics = statistics
    stamps = _stamps(year, contracts, wants_statistics, codes)
    rows, missing = contract_selectors.cached_contract_rows(contracts, stamps=stamps)
    if (
        0 < len(missing) <= INLINE_CONTRACTS
        and contract_selectors.interactions_behind(
            stamps, {(c.operator_id, c.year) for c in missing}
        )
        <= INLINE_INTERACTIONS
    ):
        rows.update(contract_selectors.count_contract_rows(missing))
        missing = []
    counted, uncounted = (
        statistics_selectors.cached_statistics(year, codes, stamps)
        if wants_statistics
        else ({}, [])
    )
    if (
        0 < len(uncounted) <= INLINE_MUNICIPALITIES
        and contract_selectors.interactions_behind(
            stamps, statistics_selectors.stamp_pairs(year, uncounted)
        )
        <= INLINE_INTERACTIONS
    ):
        counted.update(statistics_selectors.count_statistics(year, uncounted))
        uncounted = []
    if (missing or uncounted) and start(year) == "counted":
        # Counted already, in this thread (BACKGROUND=inline): read it.
        rows, missing = contract_selectors.cached_contract_rows(contracts)
        if wants_statistics:
            counted, uncounted = statistics_selectors.cached_statistics(year, codes)
    return Figures(
        year=year,
        rows=rows,
        statistics=(
            statistics_selectors.statistics_rows(year, counted, codes)
            if wants_statistics and not uncounted
            else None
        ),
        counting=bool(missing or uncounted),
    )


def _stamps(year, contracts, wants_statistics: bool, codes) -> dict:
    """The activity stamps both the contracts' and the statistics' keys are made of, read
    once (they are most of what a warm national dashboard costs)."""
    pairs = {(c.operator_id, c.year) for c in contracts}
    if wants_statistics:
        pairs |= statistics_selectors.stamp_pairs(year, codes)
    return contract_selectors.activity_stamps(pairs)


def _key(year: int) -> str:
    return f"goals:counting:{year}"


def start(year: int) -> str | None:
    """Have ``year`` counted unless it is being counted or just failed: "counted" when it
    was, at once (``BACKGROUND=inline``), "started" when it runs or waits in the
    background, None when nothing was started."""
    mode = settings.BACKGROUND
    background.check_mode(mode)
    state = ASKED if mode == "queue" else RUNNING
    if not cache.add(_key(year), state, ASKED_SECONDS if state == ASKED else RUNNING_SECONDS):
        return None
    ran = background.launch(_count_in_background, year, name=f"goals-count-{year}", mode=mode)
    return "counted" if ran else "started"


def _count_in_background(year: int) -> None:
    """The job ``start`` launches: count, and leave the year's state for the pages."""
    try:
        count_year(year, heartbeat=lambda: cache.touch(_key(year), RUNNING_SECONDS))
    except Exception:
        logger.exception("counting the goals of %s failed", year)
        cache.set(_key(year), FAILED, FAILED_SECONDS)
    else:
        cache.delete(_key(year))


def state(year: int) -> str | None:
    """ "running", "asked", "failed", or None when ``year`` is not being counted."""
    return cache.get(_key(year))


def asked_years() -> list[int]:
    """The years a page has asked to count and nobody has counted yet (the queue, when
    ``BACKGROUND=queue``)."""
    keys = {_key(y): y for y in range(2000, 2101)}
    return sorted(keys[k] for k, value in cache.get_many(list(keys)).items() if value == ASKED)


def answer_asked(year: int) -> None:
    """The scheduler has counted ``year``: the pages that asked may show it."""
    if state(year) == ASKED:
        cache.delete(_key(year))


def count_year(year: int, heartbeat=lambda: None) -> int:
    """Count every live contract of ``year`` and every municipality's statistics that the
    cache does not hold, a few operators at a time (``heartbeat`` after each step); the
    number of contracts counted."""
    _, missing = contract_selectors.cached_contract_rows(contract_selectors.live_contracts(year))
    missing.sort(key=lambda c: c.operator_id)
    operators = [list(cs) for _, cs in groupby(missing, key=lambda c: c.operator_id)]
    for i in range(0, len(operators), OPERATORS_PER_STEP):
        step = [c for cs in operators[i : i + OPERATORS_PER_STEP] for c in cs]
        contract_selectors.count_contract_rows(step)
        heartbeat()
    _, uncounted = statistics_selectors.cached_statistics(year)
    if uncounted:
        statistics_selectors.count_statistics(year, uncounted)
    return len(missing)


@dataclass
class Progress:
    state: str | None  # see ``state``
    contracts: int = 0
    contracts_counted: int = 0
    municipalities: int = 0
    municipalities_counted: int = 0

    @property
    def percent(self) -> int:
        total = self.contracts + self.municipalities
        done = self.contracts_counted + self.municipalities_counted
        return 100 * done // total if total else 100


def progress(year: int) -> Progress:
    """How far the counting of ``year`` has come (the counts only while it is counted)."""
    now = state(year)
    if now not in (RUNNING, ASKED):
        return Progress(state=now)
    contracts = contract_selectors.live_contracts(year)
    stamps = _stamps(year, contracts, True, None)
    _, missing = contract_selectors.cached_contract_rows(contracts, stamps=stamps)
    counted, uncounted = statistics_selectors.cached_statistics(year, None, stamps)
    return Progress(
        state=now,
        contracts=len(contracts),
        contracts_counted=len(contracts) - len(missing),
        municipalities=len(counted) + len(uncounted),
        municipalities_counted=len(counted),
    )
