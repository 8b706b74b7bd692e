"""Who is treated when, who may serve as a control, and what is known before the start.

A company's cohort is the year its first participation started (treatment is absorbing:
later participations are part of what happened to it). It belongs to the groups (offer,
operator, level) of the participations that started in that first year. The baseline is
the year before the start; the pre-period covariates are measured in the baseline year and
the year before it, so nothing the programme could have changed enters the matching.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .config import EffectConfig
from .panel import RAW_OUTCOMES, Panel, Participations
from .regions import DB07_SECTIONS, REGION_CODES

NEVER = 0


@dataclass
class Treatment:
    """Per company (panel row): ``first_year`` of participation, ``NEVER`` (0) if none.

    ``members[key][value]`` holds the panel rows of participants whose first-year
    participations include that offer/operator/level.
    """

    first_year: np.ndarray
    members: dict[str, dict[str, np.ndarray]]
    n_participations: int
    n_participants: int
    n_participants_not_in_panel: int


def assign_treatment(panel: Panel, participations: Participations) -> Treatment:
    frame = participations.frame
    rows = panel.company_index(frame["cvr"].to_numpy())
    in_panel = rows >= 0
    first_year = np.full(panel.n_companies, np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(first_year, rows[in_panel], frame["start_year"].to_numpy()[in_panel])
    participant = first_year < np.iinfo(np.int64).max
    first_year[~participant] = NEVER

    kept = frame[in_panel].assign(row=rows[in_panel])
    kept = kept[kept["start_year"].to_numpy() == first_year[kept["row"].to_numpy()]]
    members = {
        key: {
            str(value): np.unique(group["row"].to_numpy())
            for value, group in kept.groupby(key, sort=True)
        }
        for key in ("offer_id", "operator_id", "level")
    }
    return Treatment(
        first_year=first_year,
        members=members,
        n_participations=len(frame),
        n_participants=int(frame["cvr"].nunique()),
        n_participants_not_in_panel=int(frame.loc[~in_panel, "cvr"].nunique()),
    )


@dataclass
class CohortDesign:
    """The eligible participants and controls of one cohort with their pre-period data.

    Rows ``0..n_treated-1`` of ``features``, ``strata``, ``region`` and the ``coarsened``
    arrays are the participants (panel rows ``treated``), the rest the controls (panel rows
    ``controls``). ``features`` feed the propensity score and the balance table,
    ``strata`` are the exact-matching cells, ``coarsened`` the continuous pre-period
    variables that CEM cuts into bins.
    """

    cohort: int
    baseline: int
    treated: np.ndarray
    controls: np.ndarray
    n_without_baseline: int
    features: np.ndarray
    feature_names: list[str]
    strata: np.ndarray
    region: np.ndarray
    coarsened: dict[str, np.ndarray]

    @property
    def n_treated(self) -> int:
        return int(self.treated.size)

    @property
    def units(self) -> np.ndarray:
        return np.concatenate([self.treated, self.controls])


def cohorts_in_window(panel: Panel, treatment: Treatment, config: EffectConfig) -> list[int]:
    """Cohorts with a baseline year in the panel and at least one horizon inside it."""
    years = np.unique(treatment.first_year[treatment.first_year != NEVER])
    first, last = int(panel.years[0]), int(panel.years[-1])
    return [int(g) for g in years if g - 1 >= first and g + min(config.horizons) <= last]


def _band(values: np.ndarray, edges: tuple[float, ...]) -> np.ndarray:
    """Band index 0..len(edges) by lower edges; missing values get ``len(edges) + 1``."""
    band = np.searchsorted(np.asarray(edges, dtype=float), values, side="right")
    return np.where(np.isfinite(values), band, len(edges) + 1).astype(np.int64)


def build_cohort(
    panel: Panel, treatment: Treatment, cohort: int, config: EffectConfig
) -> CohortDesign:
    """Eligible units of ``cohort``: alive (FTE reported) in the baseline year; controls are
    never treated, or with ``not_yet_treated`` first treated after the largest horizon."""
    base = panel.year_index(cohort - 1)
    fte = panel.outcomes["employees_fte"][:, base]
    alive = np.isfinite(fte)
    is_cohort = treatment.first_year == cohort
    if config.control_group == "never_treated":
        control = treatment.first_year == NEVER
    else:
        later = treatment.first_year > cohort + max(config.horizons)
        control = (treatment.first_year == NEVER) | later
    treated = np.flatnonzero(is_cohort & alive)
    controls = np.flatnonzero(control & alive)
    units = np.concatenate([treated, controls])

    columns: list[np.ndarray] = []
    names: list[str] = []
    prior = base - 1 if base > 0 else None
    prior_missing = np.ones(units.size, dtype=bool)
    growth_of = {}
    for outcome in RAW_OUTCOMES:
        level = np.arcsinh(panel.outcomes[outcome][units, base])
        missing = ~np.isfinite(level)
        columns.append(np.where(missing, 0.0, level))
        names.append(f"{outcome}: asinh level, baseline")
        if missing.any():
            columns.append(missing.astype(float))
            names.append(f"{outcome}: missing at baseline")
        growth = np.full(units.size, np.nan)
        if prior is not None:
            growth = level - np.arcsinh(panel.outcomes[outcome][units, prior])
        growth_of[outcome] = growth
        if outcome == "employees_fte":
            prior_missing = ~np.isfinite(growth)
        columns.append(np.where(np.isfinite(growth), growth, 0.0))
        names.append(f"{outcome}: growth into baseline")
    columns.append(prior_missing.astype(float))
    names.append("no figures the year before baseline")

    age = (cohort - 1) - panel.founded_year[units]
    age_missing = ~np.isfinite(age)
    columns.append(np.where(age_missing, 0.0, np.log1p(np.maximum(age, 0.0))))
    names.append("age: log(1 + years), baseline")
    if age_missing.any():
        columns.append(age_missing.astype(float))
        names.append("age: missing")

    region = panel.region[units, base].astype(np.int64)
    if "region" not in config.exact:
        for code in REGION_CODES[1:]:
            columns.append((region == code).astype(float))
            names.append(f"region {code}")
    section = panel.section[units, base].astype(np.int64)
    if "db07_section" not in config.exact or config.method == "ipw":
        for code, label in enumerate(DB07_SECTIONS[1:], start=1):
            indicator = section == code
            if indicator.any():
                columns.append(indicator.astype(float))
                names.append(f"DB07 section {label}")

    strata = np.zeros(units.size, dtype=np.int64)
    parts = {
        "db07_section": (
            np.where(section < 0, len(DB07_SECTIONS), section),
            len(DB07_SECTIONS) + 1,
        ),
        "size_band": (_band(fte[units], config.size_bands), len(config.size_bands) + 2),
        "age_band": (_band(age, config.age_bands), len(config.age_bands) + 2),
        "region": (np.searchsorted(np.asarray((0, *REGION_CODES)), region), len(REGION_CODES) + 1),
    }
    for key in config.exact:
        values, radix = parts[key]
        strata = strata * radix + values

    return CohortDesign(
        cohort=cohort,
        baseline=cohort - 1,
        treated=treated,
        controls=controls,
        n_without_baseline=int(np.count_nonzero(is_cohort & ~alive)),
        features=np.column_stack(columns),
        feature_names=names,
        strata=strata,
        region=region,
        coarsened={
            "employees_fte level": np.arcsinh(fte[units]),
            "employees_fte growth": growth_of["employees_fte"],
            "turnover_dkk growth": growth_of["turnover_dkk"],
        },
    )
