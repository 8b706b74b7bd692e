"""Input data: the company-year panel and the participations, validated and reshaped.

The panel arrives long (one row per company and year, as the register delivers it) and is
reshaped to dense company x year arrays, which is what every estimator here works on: a
difference between two years is a column difference, a cohort is a boolean mask.

Validation never guesses: a value that is present but unreadable or out of range is an
error naming the row (0-based position in the frame; a CSV reader with a header line adds 2
to get the line number) and the column. Empty cells are missing values, which the
estimators handle explicitly (a company missing at a horizon is counted as having left).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .regions import DB07_SECTIONS, MUNICIPALITY_REGION, REGION_CODES

RAW_OUTCOMES: tuple[str, ...] = ("employees_fte", "turnover_dkk", "value_added_dkk", "exports_dkk")
OUTCOMES: tuple[str, ...] = (*RAW_OUTCOMES, "productivity")
PANEL_COLUMNS: tuple[str, ...] = (
    "cvr",
    "year",
    "municipality_code",
    "db07_section",
    "founded_year",
    *RAW_OUTCOMES,
)
PARTICIPATION_COLUMNS: tuple[str, ...] = ("cvr", "offer_id", "operator_id", "level", "start_date")
LEVELS: tuple[str, ...] = ("national", "decentral", "lokal")
MAX_REPORTED_PROBLEMS = 100


@dataclass(frozen=True)
class Problem:
    """One invalid value: ``row`` is the 0-based row position (None for a missing column),
    ``value`` what was found there (None when nothing was, or it does not apply)."""

    row: int | None
    column: str | None
    message: str
    value: object = None

    @property
    def text(self) -> str:
        """``column: message (value)``, without the row: callers say where in their terms."""
        head = f"{self.column}: {self.message}" if self.column else self.message
        return head if self.value is None else f"{head} ({_shown(self.value)})"


def _shown(value) -> str:
    """A value as the file had it: whole floats without ``.0``, text without quotes."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


class InputValidationError(ValueError):
    """Raised when an input frame is invalid; ``problems`` lists the first ones found."""

    def __init__(self, what: str, problems: list[Problem], total: int):
        self.what = what
        self.problems = problems
        self.total = total
        shown = "; ".join(
            (f"row {p.row}, " if p.row is not None else "") + p.text for p in problems[:5]
        )
        more = f" (and {total - 5} more)" if total > 5 else ""
        super().__init__(f"invalid {what}: {shown}{more}")


class _Problems:
    """Collects problems, keeping the first ``MAX_REPORTED_PROBLEMS`` and a total count."""

    def __init__(self) -> None:
        self.items: list[Problem] = []
        self.total = 0

    def add_rows(self, rows: np.ndarray, column: str, message: str, values=None) -> None:
        rows = np.asarray(rows)
        self.total += rows.size
        room = MAX_REPORTED_PROBLEMS - len(self.items)
        for position, row in enumerate(rows[: max(room, 0)]):
            value = None if values is None else values[position]
            self.items.append(Problem(int(row), column, message, value))

    def add(self, column: str | None, message: str) -> None:
        self.total += 1
        if len(self.items) < MAX_REPORTED_PROBLEMS:
            self.items.append(Problem(None, column, message))

    def raise_if_any(self, what: str) -> None:
        if self.total:
            self.items.sort(key=lambda p: (-1 if p.row is None else p.row, p.column or ""))
            raise InputValidationError(what, self.items, self.total)


def cvr_is_valid(cvr: np.ndarray) -> np.ndarray:
    """Vectorised CVR check: 8 digits, no leading zero, weights 2,7,6,5,4,3,2,1 sum to 0 mod 11."""
    cvr = np.asarray(cvr, dtype=np.int64)
    in_range = (cvr >= 10_000_000) & (cvr <= 99_999_999)
    total = np.zeros(cvr.shape, dtype=np.int64)
    rest = cvr.copy()
    for weight in (1, 2, 3, 4, 5, 6, 7, 2):  # from the last digit to the first
        total += weight * (rest % 10)
        rest //= 10
    return in_range & (total % 11 == 0)


def _as_frame(frame) -> pd.DataFrame:
    if isinstance(frame, pd.DataFrame):
        return frame.reset_index(drop=True)
    if hasattr(frame, "to_pandas"):  # polars or pyarrow
        return frame.to_pandas()
    raise TypeError(f"expected a pandas or polars DataFrame, got {type(frame).__name__}")


def _blank_to_missing(series: pd.Series) -> pd.Series:
    if series.dtype == object or pd.api.types.is_string_dtype(series):
        text = series.astype("string").str.strip()
        return text.mask(text == "")
    return series


def _numeric(
    series: pd.Series,
    column: str,
    problems: _Problems,
    *,
    integer: bool = False,
    minimum: float | None = None,
    maximum: float | None = None,
    required: bool = False,
) -> np.ndarray:
    """Parse a column to float64 (NaN = missing), recording unreadable or out-of-range values."""
    raw = _blank_to_missing(series)
    if pd.api.types.is_bool_dtype(raw):
        raw = raw.astype("string")
    values = pd.to_numeric(raw, errors="coerce").astype("float64").to_numpy(copy=True)
    present = raw.notna().to_numpy()
    bad = present & ~np.isfinite(values)
    if bad.any():
        rows = np.flatnonzero(bad)
        problems.add_rows(rows, column, "not a number", raw.to_numpy()[rows])
    ok = present & ~bad
    if integer:
        fractional = ok & (values != np.round(values))
        if fractional.any():
            rows = np.flatnonzero(fractional)
            problems.add_rows(rows, column, "not a whole number", values[rows])
    if minimum is not None:
        low = ok & (values < minimum)
        if low.any():
            rows = np.flatnonzero(low)
            problems.add_rows(rows, column, f"below {minimum:g}", values[rows])
    if maximum is not None:
        high = ok & (values > maximum)
        if high.any():
            rows = np.flatnonzero(high)
            problems.add_rows(rows, column, f"above {maximum:g}", values[rows])
    if required and (~present).any():
        problems.add_rows(np.flatnonzero(~present), column, "missing value")
    values[~ok] = np.nan
    return values


def _check_columns(frame: pd.DataFrame, required: tuple[str, ...], problems: _Problems) -> None:
    for column in required:
        if column not in frame.columns:
            problems.add(column, "column missing")


def _check_cvr(cvr: np.ndarray, problems: _Problems) -> None:
    ok = np.isfinite(cvr)
    invalid = ok & ~cvr_is_valid(np.where(ok, cvr, 0).astype(np.int64))
    if invalid.any():
        rows = np.flatnonzero(invalid)
        problems.add_rows(rows, "cvr", "not a valid CVR number", cvr[rows].astype(np.int64))


@dataclass
class Panel:
    """Company x year arrays. Row ``i`` is company ``cvr[i]``; column ``j`` is ``years[j]``.

    ``outcomes`` maps each name in ``OUTCOMES`` to an ``(n, T)`` float64 array with NaN where
    the company has no figure that year (not yet founded, left the register, or not reported).
    ``section`` holds indices into ``DB07_SECTIONS`` (-1 missing), ``municipality`` and
    ``region`` the codes (0 missing), per year since a company can move or be reclassified.
    """

    cvr: np.ndarray
    years: np.ndarray
    outcomes: dict[str, np.ndarray]
    section: np.ndarray
    municipality: np.ndarray
    region: np.ndarray
    founded_year: np.ndarray

    @property
    def n_companies(self) -> int:
        return int(self.cvr.size)

    def year_index(self, year: int) -> int | None:
        position = int(year) - int(self.years[0])
        return position if 0 <= position < self.years.size else None

    def company_index(self, cvr: np.ndarray) -> np.ndarray:
        """Row index of each CVR number in the panel, -1 where it is not there."""
        cvr = np.asarray(cvr, dtype=np.int64)
        position = np.searchsorted(self.cvr, cvr)
        position = np.minimum(position, self.cvr.size - 1)
        found = self.cvr[position] == cvr
        return np.where(found, position, -1)


def read_panel(frame) -> Panel:
    """Validate a long company-year panel and reshape it into a :class:`Panel`.

    Required columns: ``PANEL_COLUMNS``; an optional ``region_code`` column overrides the
    region derived from the municipality. Raises :class:`InputValidationError`.
    """
    frame = _as_frame(frame)
    problems = _Problems()
    _check_columns(frame, PANEL_COLUMNS, problems)
    problems.raise_if_any("panel")
    n_rows = len(frame)
    if n_rows == 0:
        problems.add(None, "the panel has no rows")
        problems.raise_if_any("panel")

    cvr = _numeric(frame["cvr"], "cvr", problems, integer=True, required=True)
    _check_cvr(cvr, problems)
    year = _numeric(
        frame["year"], "year", problems, integer=True, minimum=1900, maximum=2100, required=True
    )
    founded = _numeric(
        frame["founded_year"], "founded_year", problems, integer=True, minimum=1600, maximum=2100
    )
    after = np.isfinite(founded) & np.isfinite(year) & (founded > year)
    if after.any():
        rows = np.flatnonzero(after)
        problems.add_rows(rows, "founded_year", "after the row's year", founded[rows])

    municipality = _numeric(frame["municipality_code"], "municipality_code", problems, integer=True)
    known = np.isin(municipality, np.fromiter(MUNICIPALITY_REGION, dtype=float))
    unknown = np.isfinite(municipality) & ~known
    if unknown.any():
        rows = np.flatnonzero(unknown)
        problems.add_rows(rows, "municipality_code", "unknown municipality", municipality[rows])
    lookup = np.zeros(1000, dtype=np.int16)
    for code, region_code in MUNICIPALITY_REGION.items():
        lookup[code] = region_code
    municipality_code = np.where(known, municipality, 0).astype(np.int16)
    region = lookup[municipality_code]
    if "region_code" in frame.columns:
        given = _numeric(frame["region_code"], "region_code", problems, integer=True)
        wrong = np.isfinite(given) & ~np.isin(given, np.asarray(REGION_CODES, dtype=float))
        if wrong.any():
            rows = np.flatnonzero(wrong)
            problems.add_rows(rows, "region_code", "unknown region", given[rows])
        region = np.where(np.isfinite(given) & ~wrong, given, region).astype(np.int16)

    section_text = _blank_to_missing(frame["db07_section"]).astype("string").str.upper()
    letters = np.asarray(DB07_SECTIONS)
    section_values = section_text.fillna("").to_numpy(dtype=str)
    position = np.minimum(np.searchsorted(letters, section_values), letters.size - 1)
    known_section = letters[position] == section_values
    section_code = np.where(known_section, position, -1)
    unreadable = section_text.notna().to_numpy() & ~known_section
    if unreadable.any():
        rows = np.flatnonzero(unreadable)
        problems.add_rows(
            rows, "db07_section", "not a DB07 section A-U", section_text.to_numpy()[rows]
        )

    outcome_values = {}
    for column in RAW_OUTCOMES:
        minimum = None if column == "value_added_dkk" else 0.0
        outcome_values[column] = _numeric(frame[column], column, problems, minimum=minimum)
    problems.raise_if_any("panel")

    cvr_int = cvr.astype(np.int64)
    year_int = year.astype(np.int64)
    company, unique_cvr = pd.factorize(cvr_int, sort=True)
    first_year, last_year = int(year_int.min()), int(year_int.max())
    n_years = last_year - first_year + 1
    if n_years > 60:
        problems.add("year", f"the panel spans {n_years} years ({first_year}-{last_year})")
        problems.raise_if_any("panel")
    column_index = year_int - first_year
    cell = company.astype(np.int64) * n_years + column_index
    counts = np.bincount(cell, minlength=unique_cvr.size * n_years)
    if (counts > 1).any():
        duplicated = np.flatnonzero(counts[cell] > 1)
        problems.add_rows(duplicated, "year", "the same cvr and year appear more than once")
        problems.raise_if_any("panel")

    shape = (unique_cvr.size, n_years)

    def wide(values: np.ndarray, fill, dtype) -> np.ndarray:
        out = np.full(shape, fill, dtype=dtype)
        out[company, column_index] = values
        return out

    outcomes = {name: wide(values, np.nan, np.float64) for name, values in outcome_values.items()}
    fte = outcomes["employees_fte"]
    with np.errstate(divide="ignore", invalid="ignore"):
        outcomes["productivity"] = np.where(fte > 0, outcomes["value_added_dkk"] / fte, np.nan)
    founded_wide = wide(founded, np.nan, np.float64)
    return Panel(
        cvr=np.asarray(unique_cvr, dtype=np.int64),
        years=np.arange(first_year, last_year + 1),
        outcomes=outcomes,
        section=wide(section_code.astype(np.int8), -1, np.int8),
        municipality=wide(municipality_code, 0, np.int16),
        region=wide(region, 0, np.int16),
        founded_year=np.fmax.reduce(founded_wide, axis=1),
    )


@dataclass
class Participations:
    """Validated participations: one row per company and offer start."""

    frame: pd.DataFrame = field(repr=False)

    def __len__(self) -> int:
        return len(self.frame)


def read_participations(frame) -> Participations:
    """Validate participations (``PARTICIPATION_COLUMNS``); ``start_date`` is an ISO date.

    Raises :class:`InputValidationError` naming the row and column of each bad value.
    """
    frame = _as_frame(frame)
    problems = _Problems()
    _check_columns(frame, PARTICIPATION_COLUMNS, problems)
    problems.raise_if_any("participations")

    cvr = _numeric(frame["cvr"], "cvr", problems, integer=True, required=True)
    _check_cvr(cvr, problems)
    text = {}
    for column in ("offer_id", "operator_id", "level"):
        values = _blank_to_missing(frame[column].astype("string"))
        missing = values.isna().to_numpy()
        if missing.any():
            problems.add_rows(np.flatnonzero(missing), column, "missing value")
        text[column] = values
    level = text["level"].str.lower()
    unknown = level.notna().to_numpy() & ~level.isin(LEVELS).fillna(False).to_numpy()
    if unknown.any():
        rows = np.flatnonzero(unknown)
        problems.add_rows(rows, "level", f"not one of {', '.join(LEVELS)}", level.to_numpy()[rows])
    raw_date = frame["start_date"]
    if not pd.api.types.is_datetime64_any_dtype(raw_date):
        raw_date = _blank_to_missing(raw_date.astype("string"))
    start = pd.to_datetime(raw_date, errors="coerce", format="ISO8601")
    bad_date = raw_date.notna().to_numpy() & start.isna().to_numpy()
    if bad_date.any():
        rows = np.flatnonzero(bad_date)
        problems.add_rows(rows, "start_date", "not a date", raw_date.to_numpy()[rows])
    if raw_date.isna().any():
        problems.add_rows(np.flatnonzero(raw_date.isna().to_numpy()), "start_date", "missing value")
    problems.raise_if_any("participations")

    return Participations(
        pd.DataFrame(
            {
                "cvr": cvr.astype(np.int64),
                "offer_id": text["offer_id"].astype(str).to_numpy(),
                "operator_id": text["operator_id"].astype(str).to_numpy(),
                "level": level.astype(str).to_numpy(),
                "start_date": start.to_numpy(),
                "start_year": start.dt.year.to_numpy().astype(np.int64),
            }
        )
    )
