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

from dataclasses import dataclass, field, replace

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
    """Unit x year arrays. Row ``i`` is unit ``ids[i]``; column ``j`` is ``years[j]``.

    ``ids`` are CVR numbers (int64) for a register panel, or the text of a named id column.
    ``years`` run without gaps from the first to the last year; ``observed`` says which of
    them hold any row (a panel of 1975 and 1978 has 1976-1977 unobserved), ``present`` which
    unit has a row in which year. ``outcomes`` maps each outcome to an ``(n, T)`` float64
    array with NaN where the unit has no figure that year, ``covariates`` the same for the
    analyst's covariates. The register fields (``section``, ``municipality``, ``region``,
    ``founded_year``) are None for a panel read without register covariates: ``section``
    holds indices into ``DB07_SECTIONS`` (-1 missing), ``municipality`` and ``region`` the
    codes (0 missing), per year since a company can move or be reclassified.
    """

    ids: np.ndarray
    years: np.ndarray
    outcomes: dict[str, np.ndarray]
    section: np.ndarray | None = None
    municipality: np.ndarray | None = None
    region: np.ndarray | None = None
    founded_year: np.ndarray | None = None
    covariates: dict[str, np.ndarray] = field(default_factory=dict)
    present: np.ndarray | None = None
    observed: np.ndarray | None = None
    id_column: str = "cvr"

    def __post_init__(self) -> None:
        if self.observed is None:
            self.observed = np.ones(self.years.size, dtype=bool)

    @property
    def cvr(self) -> np.ndarray:
        return self.ids

    @property
    def register(self) -> bool:
        return self.section is not None

    @property
    def n_companies(self) -> int:
        return int(self.ids.size)

    @property
    def observed_years(self) -> np.ndarray:
        return self.years[self.observed]

    def year_index(self, year: int) -> int | None:
        position = int(year) - int(self.years[0])
        return position if 0 <= position < self.years.size else None

    def baseline_year(self, cohort: int) -> int | None:
        """The last observed year before ``cohort``'s start (the year before, without gaps)."""
        before = self.observed_years[self.observed_years < cohort]
        return int(before[-1]) if before.size else None

    def baseline_index(self, cohort: int) -> int | None:
        year = self.baseline_year(cohort)
        return None if year is None else self.year_index(year)

    def take(self, rows: np.ndarray) -> Panel:
        """The panel of the units at the row positions ``rows`` (ascending, so a register
        panel's ids stay sorted)."""

        def cut(values):
            return None if values is None else values[rows]

        return replace(
            self,
            ids=self.ids[rows],
            outcomes={name: values[rows] for name, values in self.outcomes.items()},
            section=cut(self.section),
            municipality=cut(self.municipality),
            region=cut(self.region),
            founded_year=cut(self.founded_year),
            covariates={name: values[rows] for name, values in self.covariates.items()},
            present=cut(self.present),
        )

    def company_index(self, ids: np.ndarray) -> np.ndarray:
        """Row index of each id in the panel, -1 where it is not there."""
        if self.ids.dtype.kind in "UO":
            return pd.Index(self.ids).get_indexer(np.asarray(ids, dtype=str)).astype(np.int64)
        ids = np.asarray(ids, dtype=self.ids.dtype)
        if self.ids.size == 0:
            return np.full(ids.shape, -1, dtype=np.int64)
        position = np.searchsorted(self.ids, ids)
        position = np.minimum(position, self.ids.size - 1)
        found = self.ids[position] == ids
        return np.where(found, position, -1)


def _ids(frame: pd.DataFrame, id_column: str, problems: _Problems) -> np.ndarray:
    """The unit ids: CVR numbers (validated) for ``cvr``, else the column's text."""
    if id_column == "cvr":
        cvr = _numeric(frame["cvr"], "cvr", problems, integer=True, required=True)
        _check_cvr(cvr, problems)
        return cvr
    text = _blank_to_missing(frame[id_column].astype("string"))
    missing = text.isna().to_numpy()
    if missing.any():
        problems.add_rows(np.flatnonzero(missing), id_column, "missing value")
    return text.fillna("").to_numpy(dtype=str)


def read_panel(
    frame,
    *,
    id_column: str = "cvr",
    outcomes: tuple[str, ...] | None = None,
    covariates: tuple[str, ...] = (),
    register: bool = True,
) -> Panel:
    """Validate a long unit-year panel and reshape it into a :class:`Panel`.

    With ``register`` (the default) the register's columns ``PANEL_COLUMNS`` are required
    (an optional ``region_code`` column overrides the region derived from the municipality).
    ``id_column`` names the unit id (``cvr``: valid CVR numbers; any other name: any text);
    ``outcomes`` and ``covariates`` name further numeric columns to read (outcomes among
    ``OUTCOMES`` come from the register's columns). Raises :class:`InputValidationError`.
    """
    frame = _as_frame(frame)
    problems = _Problems()
    wanted_outcomes = tuple(outcomes) if outcomes is not None else (OUTCOMES if register else ())
    register_columns = PANEL_COLUMNS[1:] if register else ()
    extra_outcomes = tuple(o for o in wanted_outcomes if not (register and o in OUTCOMES))
    required = tuple(
        dict.fromkeys((id_column, "year", *register_columns, *extra_outcomes, *covariates))
    )
    _check_columns(frame, required, problems)
    if not wanted_outcomes:
        problems.add(None, "no outcome columns given")
    problems.raise_if_any("panel")
    n_rows = len(frame)
    if n_rows == 0:
        problems.add(None, "the panel has no rows")
        problems.raise_if_any("panel")

    ids = _ids(frame, id_column, problems)
    year = _numeric(
        frame["year"], "year", problems, integer=True, minimum=1900, maximum=2100, required=True
    )
    register_values = _register_values(frame, year, problems) if register else None

    outcome_values = {}
    if register:
        for column in RAW_OUTCOMES:
            minimum = None if column == "value_added_dkk" else 0.0
            outcome_values[column] = _numeric(frame[column], column, problems, minimum=minimum)
    for column in extra_outcomes:
        outcome_values[column] = _numeric(frame[column], column, problems)
    covariate_values = {column: _numeric(frame[column], column, problems) for column in covariates}
    problems.raise_if_any("panel")

    year_int = year.astype(np.int64)
    if id_column == "cvr":
        company, unique_ids = pd.factorize(ids.astype(np.int64), sort=True)
        unique_ids = np.asarray(unique_ids, dtype=np.int64)
    else:
        company, unique_ids = pd.factorize(ids, sort=True)
        unique_ids = np.asarray(unique_ids, dtype=str)
    first_year, last_year = int(year_int.min()), int(year_int.max())
    n_years = last_year - first_year + 1
    if n_years > 60:
        problems.add("year", f"the panel spans {n_years} years ({first_year}-{last_year})")
        problems.raise_if_any("panel")
    column_index = year_int - first_year
    cell = company.astype(np.int64) * n_years + column_index
    counts = np.bincount(cell, minlength=unique_ids.size * n_years)
    if (counts > 1).any():
        duplicated = np.flatnonzero(counts[cell] > 1)
        problems.add_rows(
            duplicated, "year", f"the same {id_column} and year appear more than once"
        )
        problems.raise_if_any("panel")

    shape = (unique_ids.size, n_years)

    def wide(values: np.ndarray, fill, dtype) -> np.ndarray:
        out = np.full(shape, fill, dtype=dtype)
        out[company, column_index] = values
        return out

    wide_outcomes = {
        name: wide(values, np.nan, np.float64) for name, values in outcome_values.items()
    }
    if register:
        fte = wide_outcomes["employees_fte"]
        with np.errstate(divide="ignore", invalid="ignore"):
            wide_outcomes["productivity"] = np.where(
                fte > 0, wide_outcomes["value_added_dkk"] / fte, np.nan
            )
    present = wide(np.ones(n_rows, dtype=bool), False, bool)
    panel = Panel(
        ids=unique_ids,
        years=np.arange(first_year, last_year + 1),
        outcomes=wide_outcomes,
        covariates={name: wide(v, np.nan, np.float64) for name, v in covariate_values.items()},
        present=present,
        observed=present.any(axis=0),
        id_column=id_column,
    )
    if register:
        section_code, municipality_code, region, founded = register_values
        panel.section = wide(section_code.astype(np.int8), -1, np.int8)
        panel.municipality = wide(municipality_code, 0, np.int16)
        panel.region = wide(region, 0, np.int16)
        panel.founded_year = np.fmax.reduce(wide(founded, np.nan, np.float64), axis=1)
    return panel


def _register_values(frame: pd.DataFrame, year: np.ndarray, problems: _Problems):
    """The register's columns per row: section index, municipality, region, founding year."""
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
    return section_code, municipality_code, region, founded


@dataclass
class Participations:
    """Validated participations: one row per company and offer start."""

    frame: pd.DataFrame = field(repr=False)

    def __len__(self) -> int:
        return len(self.frame)


def read_participations(frame, *, id_column: str = "cvr", register: bool = True) -> Participations:
    """Validate participations (``PARTICIPATION_COLUMNS``); ``start_date`` is an ISO date
    (a year alone, ``1976``, is its first of January).

    ``id_column`` as in :func:`read_panel`. Without ``register`` only the id and
    ``start_date`` are required: offer, operator and level are read where they are given.
    Raises :class:`InputValidationError` naming the row and column of each bad value.
    """
    frame = _as_frame(frame)
    problems = _Problems()
    groups = ("offer_id", "operator_id", "level")
    required = (id_column, *(groups if register else ()), "start_date")
    _check_columns(frame, required, problems)
    problems.raise_if_any("participations")

    ids = _ids(frame, id_column, problems)
    text = {}
    for column in groups:
        if column not in frame.columns:
            text[column] = pd.Series([""] * len(frame), dtype="string")
            continue
        values = _blank_to_missing(frame[column].astype("string"))
        missing = values.isna().to_numpy()
        if missing.any():
            problems.add_rows(np.flatnonzero(missing), column, "missing value")
        text[column] = values
    level = text["level"].str.lower()
    if "level" in frame.columns:
        unknown = level.notna().to_numpy() & ~level.isin(LEVELS).fillna(False).to_numpy()
        if unknown.any():
            rows = np.flatnonzero(unknown)
            problems.add_rows(
                rows, "level", f"not one of {', '.join(LEVELS)}", level.to_numpy()[rows]
            )
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
                "cvr": ids.astype(np.int64) if id_column == "cvr" else ids,
                "offer_id": text["offer_id"].astype(str).to_numpy(),
                "operator_id": text["operator_id"].astype(str).to_numpy(),
                "level": level.astype(str).to_numpy(),
                "start_date": start.to_numpy(),
                "start_year": start.dt.year.to_numpy().astype(np.int64),
            }
        )
    )
