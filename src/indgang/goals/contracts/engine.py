"""The metric engine's pure part: forecasts, status and spreads. No Django import.

The counting itself happens in the database (``goals/contracts/metrics.py``); this module turns
counts into a forecast for the year's end and a status, so it can be tested and reused on
its own (a benchmark, a notebook, the API).

Forecast
    * the year is over: the forecast is the value itself;
    * the year has not started: no forecast;
    * a share (satisfied users): the share so far is the forecast;
    * a count with last year's monthly pattern (at least ``MIN_PATTERN_TOTAL`` events in
      at least ``MIN_PATTERN_MONTHS`` months last year): value / (the part of last year's activity done by the same day), so a
      contract whose activity peaks in the autumn is not reported as behind in the spring;
    * otherwise linear by elapsed days: value × days in the year / days elapsed.

Status (comparator "at least")
    behind   the forecast is below the target;
    on track the forecast reaches the target but by less than ``AHEAD_MARGIN``;
    ahead    the forecast exceeds the target by ``AHEAD_MARGIN`` or more, or (counts only)
             the target is already reached before the year is over.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

AHEAD_MARGIN = 0.10
MIN_PATTERN_TOTAL = 12
# Last year's pattern is used only if it covers the year: activity in this many months.
MIN_PATTERN_MONTHS = 9

BEHIND = "behind"
ON_TRACK = "on_track"
AHEAD = "ahead"
NOT_STARTED = "not_started"


@dataclass(frozen=True)
class Forecast:
    value: float | None
    method: str  # "final", "linear", "seasonal", "share", "none"
    elapsed_share: float  # the part of the year (or of last year's activity) done


def year_fraction(year: int, as_of: date) -> float:
    """The part of ``year`` elapsed at the end of ``as_of`` (0 before, 1 after)."""
    if as_of < date(year, 1, 1):
        return 0.0
    if as_of >= date(year, 12, 31):
        return 1.0
    days = 366 if calendar.isleap(year) else 365
    return (as_of - date(year, 1, 1)).days / days + 1 / days


def seasonal_fraction(monthly: list[float], year: int, as_of: date) -> float | None:
    """The part of a year's activity done by ``as_of``'s day, from last year's counts per
    month (12 numbers, January first), interpolating linearly inside the month.

    None when the pattern is too thin to trust: fewer than ``MIN_PATTERN_TOTAL`` events,
    or activity in fewer than ``MIN_PATTERN_MONTHS`` months (data that starts late in the
    year, such as a system taken into use in November, is no seasonal pattern).
    """
    if len(monthly) != 12:
        raise ValueError("monthly must have 12 values")
    total = float(sum(monthly))
    if total < MIN_PATTERN_TOTAL or sum(1 for m in monthly if m > 0) < MIN_PATTERN_MONTHS:
        return None
    if as_of < date(year, 1, 1):
        return 0.0
    if as_of >= date(year, 12, 31):
        return 1.0
    month = as_of.month
    done = float(sum(monthly[: month - 1]))
    days_in_month = calendar.monthrange(year, month)[1]
    done += monthly[month - 1] * as_of.day / days_in_month
    return done / total


def forecast(
    value: float,
    year: int,
    as_of: date,
    *,
    is_share: bool = False,
    last_year_monthly: list[float] | None = None,
) -> Forecast:
    """The expected value at the end of ``year``, seen from ``as_of``."""
    linear = year_fraction(year, as_of)
    if linear >= 1.0:
        return Forecast(float(value), "final", 1.0)
    if linear <= 0.0:
        return Forecast(None, "none", 0.0)
    if is_share:
        return Forecast(float(value), "share", linear)
    if last_year_monthly is not None:
        fraction = seasonal_fraction(last_year_monthly, year, as_of)
        # A pattern saying almost nothing happens this early gives wild forecasts.
        if fraction is not None and fraction >= 0.05:
            return Forecast(value / fraction, "seasonal", fraction)
    return Forecast(value / linear, "linear", linear)


def status(
    target: float,
    value: float,
    projected: float | None,
    year_over: bool = False,
    is_share: bool = False,
) -> str:
    """Behind / on track / ahead for an "at least" target. A count that has reached its
    target is ahead whatever the date; a share can still fall, so it is judged by its
    forecast only."""
    if projected is None:
        return NOT_STARTED
    ahead_from = target * (1 + AHEAD_MARGIN) - 1e-9
    if year_over:
        projected = value
    elif target > 0 and value >= target and not is_share:
        return AHEAD
    if projected < target - 1e-9:
        return BEHIND
    return AHEAD if projected >= ahead_from else ON_TRACK


def share(part: float, whole: float) -> float | None:
    """``part`` as a percentage of ``whole``; None when the whole is zero."""
    if not whole:
        return None
    return 100.0 * part / whole


def spread(values: dict[str, float | None]) -> dict | None:
    """The most and least active (by value) and the ratio between them.

    Keys with no value (None) or zero are left out: a municipality with no users reported
    is missing data more often than truly inactive. None when fewer than two remain.
    """
    known = {k: v for k, v in values.items() if v}
    if len(known) < 2:
        return None
    top = max(known, key=lambda k: (known[k], k))
    bottom = min(known, key=lambda k: (known[k], k))
    return {
        "max_key": top,
        "max": known[top],
        "min_key": bottom,
        "min": known[bottom],
        "ratio": known[top] / known[bottom],
    }
