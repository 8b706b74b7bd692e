"""The pure forecast engine: runs without Django (``pytest -p no:django`` works too)."""

import ast
from datetime import date
from pathlib import Path

import pytest

from indgang.goals.contracts import engine


def test_engine_imports_no_django():
    tree = ast.parse(Path(engine.__file__).read_text())
    names = [
        n.module if isinstance(n, ast.ImportFrom) else a.name
        for n in ast.walk(tree)
        if isinstance(n, ast.Import | ast.ImportFrom)
        for a in (n.names if isinstance(n, ast.Import) else [n])
    ]
    assert not [n for n in names if n and n.startswith("django")]


def test_linear_forecast_by_elapsed_days():
    result = engine.forecast(50, 2025, date(2025, 7, 2))
    assert result.method == "linear"
    assert result.value == pytest.approx(50 * 365 / 183)


def test_seasonal_forecast_uses_last_years_pattern():
    # Last year: nothing until September, then 40 a month: a spring count is no sign of trouble.
    pattern = [2] * 8 + [40] * 4
    result = engine.forecast(6, 2025, date(2025, 6, 30), last_year_monthly=pattern)
    assert result.method == "seasonal"
    assert result.value == pytest.approx(6 / (12 / 176))  # 88
    assert engine.status(85, 6, result.value) == engine.ON_TRACK
    linear = engine.forecast(6, 2025, date(2025, 6, 30))
    assert engine.status(85, 6, linear.value) == engine.BEHIND


def test_thin_pattern_falls_back_to_linear():
    result = engine.forecast(10, 2025, date(2025, 4, 1), last_year_monthly=[1] * 11 + [0])
    assert result.method == "linear"
    # Data only from November on (a system taken into use late in the year): no pattern.
    late = engine.forecast(10, 2025, date(2025, 4, 1), last_year_monthly=[0] * 10 + [30, 40])
    assert late.method == "linear"


def test_year_over_and_not_started():
    assert engine.forecast(7, 2024, date(2025, 2, 1)) == engine.Forecast(7.0, "final", 1.0)
    assert engine.forecast(0, 2026, date(2025, 2, 1)).value is None
    assert engine.status(10, 0, None) == engine.NOT_STARTED


def test_shares_are_not_extrapolated():
    result = engine.forecast(82.0, 2025, date(2025, 3, 1), is_share=True)
    assert result.value == 82.0 and result.method == "share"


@pytest.mark.parametrize(
    ("target", "value", "projected", "over", "expected"),
    [
        (100, 40, 95, False, engine.BEHIND),
        (100, 40, 100, False, engine.ON_TRACK),
        (100, 40, 110, False, engine.AHEAD),
        (100, 100, 100, False, engine.AHEAD),  # reached before the year is over
        (100, 99, 99, True, engine.BEHIND),
        (100, 105, 105, True, engine.ON_TRACK),
    ],
)
def test_status(target, value, projected, over, expected):
    assert engine.status(target, value, projected, year_over=over) == expected


def test_spread_and_share():
    assert engine.share(1, 4) == 25.0 and engine.share(1, 0) is None
    result = engine.spread({"101": 10.0, "147": 2.5, "751": None, "999": 0})
    assert result["max_key"] == "101" and result["min_key"] == "147" and result["ratio"] == 4.0
    assert engine.spread({"101": 1.0}) is None


def test_bad_pattern_is_refused():
    with pytest.raises(ValueError):
        engine.seasonal_fraction([1, 2, 3], 2025, date(2025, 5, 1))
