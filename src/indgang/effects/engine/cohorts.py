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
    n_missing_covariates: int
    features: np.ndarray
    feature_names: list[str]
    strata: np.ndarray
    region: np.ndarray
    coarsened: dict[str, np.ndarray]
    exact: tuple[str, ...] = ()

    @property
    def n_treated(self) -> int:
        return int(self.treated.size)

    @property
    def units(self) -> np.ndarray:
        return np.concatenate([self.treated, self.controls])


def cohorts_in_window(panel: Panel, treatment: Treatment, config: EffectConfig) -> list[int]:
    """Cohorts with a baseline year in the panel and at least one horizon inside it."""
    years = np.unique(treatment.first_year[treatment.first_year != NEVER])
    last = int(panel.years[-1])
    return [
        int(g)
        for g in years
        if panel.baseline_year(int(g)) is not None and g + min(config.horizons) <= last
    ]


def _band(values: np.ndarray, edges: tuple[float, ...]) -> np.ndarray:
    """Band index 0..len(edges) by lower edges; missing values get ``len(edges) + 1``."""
    band = np.searchsorted(np.asarray(edges, dtype=float), values, side="right")
    return np.where(np.isfinite(values), band, len(edges) + 1).astype(np.int64)


def build_cohort(
    panel: Panel, treatment: Treatment, cohort: int, config: EffectConfig
) -> CohortDesign:
    """Eligible units of ``cohort``: alive in the baseline year (FTE reported in a register
    panel, a row otherwise) with every covariate of the analyst's known there; controls are
    never treated, or with ``not_yet_treated`` first treated after the largest horizon."""
    base = panel.baseline_index(cohort)
    register = panel.register and config.register_covariates
    if panel.register:
        alive = np.isfinite(panel.outcomes["employees_fte"][:, base])
    else:
        alive = panel.present[:, base].copy()
    known = alive.copy()
    own = {name: panel.covariates[name][:, base] for name in config.covariates}
    for values in own.values():
        known &= np.isfinite(values)
    is_cohort = treatment.first_year == cohort
    if config.control_group == "never_treated":
        control = treatment.first_year == NEVER
    else:
        later = treatment.first_year > cohort + max(config.horizons)
        control = (treatment.first_year == NEVER) | later
    treated = np.flatnonzero(is_cohort & known)
    controls = np.flatnonzero(control & known)
    units = np.concatenate([treated, controls])

    columns: list[np.ndarray] = []
    names: list[str] = []
    parts: dict[str, tuple[np.ndarray, int]] = {}
    coarsened: dict[str, np.ndarray] = {}
    region = np.zeros(units.size, dtype=np.int64)
    if register:
        region = _register_features(panel, config, cohort, base, units, columns, names, parts)
        fte = panel.outcomes["employees_fte"][units, base]
        prior = panel.baseline_index(int(panel.years[base]))
        growth = np.full(units.size, np.nan)
        if prior is not None:
            growth = np.arcsinh(fte) - np.arcsinh(panel.outcomes["employees_fte"][units, prior])
        turnover = panel.outcomes["turnover_dkk"]
        turnover_growth = np.full(units.size, np.nan)
        if prior is not None:
            turnover_growth = np.arcsinh(turnover[units, base]) - np.arcsinh(turnover[units, prior])
        coarsened = {
            "employees_fte level": np.arcsinh(fte),
            "employees_fte growth": growth,
            "turnover_dkk growth": turnover_growth,
        }
    binary = []
    for name, values in own.items():
        values = values[units]
        columns.append(values)
        names.append(name)
        distinct, codes = np.unique(values, return_inverse=True)
        parts[name] = (codes.astype(np.int64), max(int(distinct.size), 1))
        if distinct.size == 2:
            binary.append(name)
        else:
            coarsened[name] = values
    exact = config.exact_keys(tuple(binary))
    strata = np.zeros(units.size, dtype=np.int64)
    for key in exact:  # kept dense, so that many keys cannot overflow
        values, radix = parts[key]
        strata = np.unique(strata * radix + values, return_inverse=True)[1].astype(np.int64)

    return CohortDesign(
        cohort=cohort,
        baseline=int(panel.years[base]),
        treated=treated,
        controls=controls,
        n_without_baseline=int(np.count_nonzero(is_cohort & ~alive)),
        n_missing_covariates=int(np.count_nonzero(is_cohort & alive & ~known)),
        features=np.column_stack(columns) if columns else np.zeros((units.size, 0)),
        feature_names=names,
        strata=strata,
        region=region,
        coarsened=coarsened,
        exact=exact,
    )


def _register_features(panel, config, cohort, base, units, columns, names, parts) -> np.ndarray:
    """The register's pre-period covariates into ``columns``/``names``, its exact-matching
    keys into ``parts``; returns the units' region codes."""
    fte = panel.outcomes["employees_fte"][:, base]
    prior = panel.baseline_index(int(panel.years[base]))
    prior_missing = np.ones(units.size, dtype=bool)
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
        if outcome == "employees_fte":
            prior_missing = ~np.isfinite(growth)
        columns.append(np.where(np.isfinite(growth), growth, 0.0))
        names.append(f"{outcome}: growth into baseline")
    columns.append(prior_missing.astype(float))
    names.append("no figures the year before baseline")

    age = panel.years[base] - panel.founded_year[units]
    age_missing = ~np.isfinite(age)
    columns.append(np.where(age_missing, 0.0, np.log1p(np.maximum(age, 0.0))))
    names.append("age: log(1 + years), baseline")
    if age_missing.any():
        columns.append(age_missing.astype(float))
        names.append("age: missing")

    exact = config.exact_keys()
    region = panel.region[units, base].astype(np.int64)
    if "region" not in exact:
        for code in REGION_CODES[1:]:
            columns.append((region == code).astype(float))
            names.append(f"region {code}")
    section = panel.section[units, base].astype(np.int64)
    if "db07_section" not in exact or config.method == "ipw":
        for code, label in enumerate(DB07_SECTIONS[1:], start=1):
            indicator = section == code
            if indicator.any():
                columns.append(indicator.astype(float))
                names.append(f"DB07 section {label}")
    parts.update(
        {
            "db07_section": (
                np.where(section < 0, len(DB07_SECTIONS), section),
                len(DB07_SECTIONS) + 1,
            ),
            "size_band": (_band(fte[units], config.size_bands), len(config.size_bands) + 2),
            "age_band": (_band(age, config.age_bands), len(config.age_bands) + 2),
            "region": (
                np.searchsorted(np.asarray((0, *REGION_CODES)), region),
                len(REGION_CODES) + 1,
            ),
        }
    )
    return region
