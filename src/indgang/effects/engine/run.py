"""The entry point: ``estimate_effects(panel, participations, config) -> EffectResult``.

Two passes. First, per cohort: the eligible participants and controls, their pre-period
covariates, the propensity score, and the weighting of the controls for all participants
(matching is done once per cohort; a participant's matched controls are its counterfactual
whatever group it is reported in), with balance and matching diagnostics. Second, per group
(all, offer, operator, level, region, cohort) and cohort: the weighted difference-in-
differences for every outcome and horizon, aggregated over cohorts by participant counts,
with confidence intervals. Next to it, the Callaway-Sant'Anna group-time estimator on the
whole panel, per outcome.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from threadpoolctl import threadpool_limits

from . import did
from .balance import BalanceAccumulator
from .callaway_santanna import group_time_att
from .cohorts import (
    NEVER,
    CohortDesign,
    Treatment,
    assign_treatment,
    build_cohort,
    cohorts_in_window,
)
from .config import EffectConfig
from .matching import cem_weights, match_nearest, propensity_logit, quantile_bins
from .panel import Panel, Participations, read_panel, read_participations
from .regions import REGION_CODES
from .result import EffectResult

Progress = Callable[[int, int, str], None]


@dataclass
class _CohortState:
    """What the second pass needs of a cohort (the covariates only for IPW's refits)."""

    cohort: int
    treated: np.ndarray
    controls: np.ndarray
    treated_region: np.ndarray
    pool_change_mean: np.ndarray
    pool_present: np.ndarray | None = None
    pool_change: np.ndarray | None = None
    pool_stratum_counts: np.ndarray | None = None
    matches: np.ndarray | None = None
    treated_strata: np.ndarray | None = None
    control_strata: np.ndarray | None = None
    n_strata: int = 0
    features: np.ndarray | None = None
    control_odds: np.ndarray | None = None


class _Timer:
    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    def add(self, step: str, started: float) -> float:
        now = time.perf_counter()
        self.seconds[step] = self.seconds.get(step, 0.0) + now - started
        return now


def estimate_effects(
    panel,
    participations,
    config: EffectConfig | None = None,
    progress: Progress | None = None,
) -> EffectResult:
    """Estimate the effect of participation on the participants (ATT).

    ``panel`` and ``participations`` are pandas/polars frames (validated here, see
    :func:`read_panel` and :func:`read_participations`) or already read objects.
    ``progress(done, total, message)`` is called as the work proceeds.

    BLAS runs single-threaded here: the linear algebra is thin (long vectors, few columns),
    and multi-threaded OpenBLAS slows down by orders of magnitude when the cores are shared.
    ``threadpoolctl`` comes with scikit-learn.
    """
    with threadpool_limits(limits=1, user_api="blas"):
        return _estimate(panel, participations, config, progress)


def _estimate(panel, participations, config, progress) -> EffectResult:
    config = config or EffectConfig()
    timer = _Timer()
    started = time.perf_counter()
    if not isinstance(panel, Panel):
        panel = read_panel(panel)
    if not isinstance(participations, Participations):
        participations = read_participations(participations)
    started = timer.add("validation", started)

    treatment = assign_treatment(panel, participations)
    cohorts = cohorts_in_window(panel, treatment, config)
    result = EffectResult(config=config.to_dict())
    result.sample = _sample(panel, treatment, cohorts)
    if treatment.n_participants_not_in_panel:
        result.warnings.append(
            f"{treatment.n_participants_not_in_panel} participating companies are not in the "
            "panel and are left out"
        )
    groups = _groups(treatment, config, cohorts)
    total_steps = len(cohorts) * (1 + len(groups)) + (
        len(config.outcomes) if config.callaway_santanna else 0
    )
    step = 0

    def tick(message: str) -> None:
        nonlocal step
        step += 1
        if progress is not None:
            progress(step, total_steps, message)

    rng = np.random.default_rng(config.seed)
    balance_all = BalanceAccumulator()
    by_cohort = {}
    states = []
    started = timer.add("treatment", started)
    for cohort in cohorts:
        design = build_cohort(panel, treatment, cohort, config)
        started = timer.add("design", started)
        if design.n_treated == 0 or design.controls.size == 0:
            result.warnings.append(
                f"cohort {cohort}: {design.n_treated} participants and "
                f"{design.controls.size} possible controls in the baseline year; left out"
            )
            tick(f"cohort {cohort}")
            continue
        state, diagnostics, weights = _weigh(panel, design, config, rng, timer)
        started = time.perf_counter()
        cohort_balance = BalanceAccumulator()
        for accumulator in (balance_all, cohort_balance):
            accumulator.add(
                design.feature_names,
                design.features[: design.n_treated],
                design.features[design.n_treated :],
                *weights,
            )
        by_cohort[cohort] = cohort_balance.table(config.smd_threshold)
        result.matching.append(diagnostics)
        states.append(state)
        started = timer.add("balance", started)
        tick(f"cohort {cohort}: weighting")

    covariates = balance_all.table(config.smd_threshold)
    result.balance = {
        "threshold": config.smd_threshold,
        "covariates": covariates,
        "by_cohort": [{"cohort": c, "covariates": rows} for c, rows in by_cohort.items()],
    }
    for row in covariates:
        if row["imbalanced"]:
            result.warnings.append(
                f"covariate '{row['covariate']}' is still imbalanced after weighting: "
                f"SMD {row['smd_after']:.3f} (threshold {config.smd_threshold})"
            )

    total_steps = (
        len(cohorts)
        + len(groups) * len(states)
        + (len(config.outcomes) if config.callaway_santanna else 0)
    )
    columns = [(o, h) for o in config.outcomes for h in config.horizons]
    psi = (
        np.zeros((panel.n_companies, 2 * len(columns))) if config.ci_method == "analytic" else None
    )
    used = np.zeros((panel.n_companies, len(columns)), dtype=bool)
    touched = np.zeros(panel.n_companies, dtype=bool)
    started = time.perf_counter()
    for group_key, group_value in groups:
        group = "all" if group_key is None else {group_key: group_value}
        aggregate = _Aggregate(group, columns, config, psi, used, touched)
        for state in states:
            positions = _members(state, treatment, group_key, group_value)
            if positions.size:
                block = _block(panel, state, positions, config, rng)
                aggregate.add(state.cohort, block)
            tick(f"{group}: cohort {state.cohort}")
        result.estimates.extend(aggregate.estimates())
        result.cohort_estimates.extend(aggregate.cells)
    started = timer.add("estimation", started)

    if config.callaway_santanna:
        for outcome in config.outcomes:
            cs = group_time_att(
                panel.outcomes[outcome],
                treatment.first_year,
                panel.years,
                control_group=config.control_group,
                confidence=config.confidence,
            )
            result.callaway_santanna[outcome] = cs.to_dict()
            tick(f"Callaway-Sant'Anna: {outcome}")
        timer.add("callaway_santanna", started)
    result.timings = {key: round(value, 4) for key, value in timer.seconds.items()}
    return result


def _sample(panel: Panel, treatment: Treatment, cohorts: list[int]) -> dict:
    participants = treatment.first_year != NEVER
    in_window = np.isin(treatment.first_year, cohorts)
    return {
        "n_companies": panel.n_companies,
        "years": [int(panel.years[0]), int(panel.years[-1])],
        "n_participations": treatment.n_participations,
        "n_participants": treatment.n_participants,
        "n_participants_not_in_panel": treatment.n_participants_not_in_panel,
        "n_participants_in_panel": int(participants.sum()),
        "n_participants_outside_window": int((participants & ~in_window).sum()),
        "n_never_participated": int((~participants).sum()),
        "cohorts": cohorts,
    }


def _groups(treatment: Treatment, config: EffectConfig, cohorts: list[int]):
    groups: list[tuple[str | None, object]] = [(None, None)]
    for key in config.group_keys:
        if key == "region_code":
            values = list(REGION_CODES)
        elif key == "cohort":
            values = list(cohorts)
        else:
            values = list(treatment.members[key])
        groups.extend((key, value) for value in values)
    return groups


def _members(state: _CohortState, treatment: Treatment, key, value) -> np.ndarray:
    """Positions among the cohort's participants that belong to the group."""
    if key is None:
        return np.arange(state.treated.size)
    if key == "cohort":
        return np.arange(state.treated.size) if state.cohort == value else np.array([], int)
    if key == "region_code":
        return np.flatnonzero(state.treated_region == value)
    return np.flatnonzero(np.isin(state.treated, treatment.members[key][value]))


def _weigh(panel: Panel, design: CohortDesign, config: EffectConfig, rng, timer: _Timer):
    """First pass for one cohort: weights of all participants' controls and diagnostics."""
    n_treated = design.n_treated
    is_treated = np.zeros(design.units.size, dtype=bool)
    is_treated[:n_treated] = True
    pool_change, _ = did.changes(
        panel, design.controls, design.cohort, config.outcomes, config.horizons
    )
    pool_mean = did.column_mean(pool_change)
    state = _CohortState(
        cohort=design.cohort,
        treated=design.treated,
        controls=design.controls,
        treated_region=design.region[:n_treated],
        pool_change_mean=pool_mean,
    )
    if config.method != "psm":  # every eligible company is a weighted control
        state.pool_present = np.isfinite(pool_change)
        state.pool_change = np.where(state.pool_present, pool_change, 0.0)
    diagnostics = {
        "cohort": design.cohort,
        "baseline_year": design.baseline,
        "method": config.method,
        "n_treated_eligible": n_treated,
        "n_treated_without_baseline": design.n_without_baseline,
        "n_controls_eligible": int(design.controls.size),
    }
    started = time.perf_counter()
    treated_after = np.ones(n_treated)
    if config.method in ("psm", "ipw"):
        logit = propensity_logit(design.features, is_treated, rng)
        started = timer.add("propensity", started)
        diagnostics["mean_logit_treated"] = float(logit[:n_treated].mean())
        diagnostics["mean_logit_controls"] = float(logit[n_treated:].mean())
    if config.method == "psm":
        caliper = None
        if config.caliper is not None:
            caliper = config.caliper * float(np.std(logit))
        strata = design.strata
        matches_local = match_nearest(
            logit[:n_treated],
            strata[:n_treated],
            logit[n_treated:],
            strata[n_treated:],
            k=config.n_neighbours,
            caliper=caliper,
            replace=config.replace,
        )
        started = timer.add("matching", started)
        found = matches_local >= 0
        n_found = found.sum(axis=1)
        treated_after = (n_found > 0).astype(float)
        share = np.where(found, 1.0 / np.maximum(n_found, 1)[:, None], 0.0)
        control_after = np.bincount(
            matches_local[found], weights=share[found], minlength=design.controls.size
        )
        state.matches = np.where(found, design.controls[np.maximum(matches_local, 0)], -1)
        diagnostics.update(
            caliper_logit=caliper,
            n_neighbours=config.n_neighbours,
            replace=config.replace,
            n_treated_matched=int((n_found > 0).sum()),
            n_treated_unmatched=int((n_found == 0).sum()),
            n_controls_used=int((control_after > 0).sum()),
        )
    elif config.method == "cem":
        strata = design.strata
        for values in design.coarsened.values():
            bins = quantile_bins(values, config.cem_bins)
            strata = strata * (config.cem_bins + 1) + bins
        codes, strata = np.unique(strata, return_inverse=True)
        state.n_strata = codes.size
        state.treated_strata = strata[:n_treated]
        state.control_strata = strata[n_treated:]
        kept, control_after = cem_weights(
            state.treated_strata, state.control_strata, state.n_strata
        )
        state.pool_stratum_counts = _stratum_counts(
            state.control_strata, state.pool_present, state.n_strata
        )
        treated_after = kept.astype(float)
        diagnostics.update(
            n_strata=int(codes.size),
            n_treated_matched=int(kept.sum()),
            n_treated_unmatched=int((~kept).sum()),
            n_controls_used=int((control_after > 0).sum()),
        )
        started = timer.add("matching", started)
    else:
        control_after = np.exp(logit[n_treated:])
        state.control_odds = control_after
        state.features = design.features.astype(np.float32)
        diagnostics.update(
            n_treated_matched=n_treated,
            n_treated_unmatched=0,
            n_controls_used=int(design.controls.size),
            max_control_weight_share=float(control_after.max() / control_after.sum()),
        )
    return state, diagnostics, (treated_after, control_after)


def _block(
    panel: Panel, state: _CohortState, positions: np.ndarray, config: EffectConfig, rng
) -> did.Block:
    """Second pass: the weighted comparison of the participants at ``positions``."""
    cohort, outcomes, horizons = state.cohort, config.outcomes, config.horizons
    treated = state.treated[positions]
    treated_change, treated_level = did.changes(panel, treated, cohort, outcomes, horizons)
    naive_att = did.column_mean(treated_change) - state.pool_change_mean
    if config.method == "psm":
        matches = state.matches[positions]
        has_match = (matches >= 0).any(axis=1)
        treated, matches = treated[has_match], matches[has_match]
        treated_change, treated_level = treated_change[has_match], treated_level[has_match]
        controls, inverse = np.unique(matches[matches >= 0], return_inverse=True)
        local = np.full(matches.shape, -1, dtype=np.int64)
        local[matches >= 0] = inverse
        control_change, _ = did.changes(panel, controls, cohort, outcomes, horizons)
        control_present = np.isfinite(control_change)
        control_change = np.where(control_present, control_change, 0.0)
    else:
        controls = state.controls
        control_change, control_present = state.pool_change, state.pool_present
    treated_present = np.isfinite(treated_change)

    if config.method == "psm":
        treated_weight, control_weight = did.matched_weights(
            local, treated_present, control_present
        )
    elif config.method == "cem":
        # Per outcome column, among companies present at the horizon: participants in a
        # stratum over controls in it (see matching.cem_weights).
        treated_strata = state.treated_strata[positions]
        n_controls = state.pool_stratum_counts
        ratio = _stratum_counts(treated_strata, treated_present, state.n_strata) / np.maximum(
            n_controls, 1
        )
        treated_weight = (treated_present & (n_controls[treated_strata] > 0)).astype(float)
        control_weight = ratio[state.control_strata] * control_present
    else:
        if positions.size == state.treated.size:
            odds = state.control_odds
        else:
            features = np.concatenate(
                [state.features[positions], state.features[state.treated.size :]]
            )
            is_treated = np.zeros(features.shape[0], dtype=bool)
            is_treated[: positions.size] = True
            odds = np.exp(
                propensity_logit(features.astype(np.float64), is_treated, rng)[positions.size :]
            )
        treated_weight = treated_present.astype(float)
        control_weight = odds[:, None] * control_present

    control_cluster = None
    if config.method == "psm" and not config.replace:
        control_cluster = np.empty(controls.size, dtype=np.int64)
        rows, _ = np.nonzero(local >= 0)
        control_cluster[local[local >= 0]] = treated[rows]
    return did.Block(
        treated=treated,
        treated_weight=treated_weight,
        treated_change=np.where(treated_present, treated_change, 0.0),
        treated_level=np.where(treated_present, treated_level, 0.0),
        controls=controls,
        control_weight=control_weight,
        control_change=control_change,
        n_treated_missing=(~treated_present).sum(axis=0),
        n_controls_missing=(~control_present).sum(axis=0),
        naive_att=naive_att,
        control_cluster=control_cluster,
    )


def _stratum_counts(strata: np.ndarray, present: np.ndarray, n_strata: int) -> np.ndarray:
    """Companies present per stratum and outcome column, ``(n_strata, E)``."""
    return np.column_stack(
        [
            np.bincount(strata, weights=present[:, column], minlength=n_strata)
            for column in range(present.shape[1])
        ]
    )


class _Aggregate:
    """Collects the cohort blocks of one group and averages them by participant counts."""

    def __init__(self, group, columns, config: EffectConfig, psi, used, touched):
        """``psi``, ``used`` and ``touched`` are per-company scratch arrays shared by the
        groups of a run, left zero/False again by :meth:`estimates`."""
        self.group = group
        self.columns = columns
        self.config = config
        self.psi = psi
        self.used = used
        self.touched = touched
        self.parts: list[dict] = []
        self.cells: list[dict] = []

    def add(self, cohort: int, block: did.Block) -> None:
        att, level = block.estimate()
        n_controls = block.n_controls
        n_treated = np.where(n_controls > 0, block.n_treated, 0)  # no controls, no estimate
        weight = n_treated.astype(float)
        part = {"att": att, "level": level, "n_treated": n_treated, "naive": block.naive_att}
        if self.config.ci_method == "analytic":
            parts = block.influence()
            n_columns = len(self.columns)
            for rows, psi_att, psi_level in parts:
                self.psi[rows, :n_columns] += weight * psi_att
                if psi_level is not None:
                    self.psi[rows, n_columns:] += weight * psi_level
            moments = did.influence_moments(parts)
            low, high, se, pct_low, pct_high = did.analytic_intervals(
                att, level, moments, self.config.confidence
            )
        else:
            replicates = block.replicates(self.config.seed, self.config.n_bootstrap)
            part["replicates"] = replicates
            low, high, se, pct_low, pct_high = did.bootstrap_intervals(
                replicates, self.config.confidence
            )
        self.used[block.controls] |= block.control_weight > 0
        self.touched[block.treated] = True
        self.touched[block.controls] = True
        self.parts.append(part)
        pct = did.percent(att, level)
        for column, (outcome, horizon) in enumerate(self.columns):
            if n_treated[column] == 0 or n_controls[column] == 0:
                continue
            self.cells.append(
                {
                    "group": self.group,
                    "cohort": cohort,
                    "outcome": outcome,
                    "horizon": horizon,
                    "att": att[column],
                    "att_pct": pct[column],
                    "se": se[column],
                    "ci_low": low[column],
                    "ci_high": high[column],
                    "ci_pct_low": pct_low[column],
                    "ci_pct_high": pct_high[column],
                    "n_treated": int(n_treated[column]),
                    "n_controls": int(n_controls[column]),
                    "n_treated_missing": int(block.n_treated_missing[column]),
                    "n_controls_missing": int(block.n_controls_missing[column]),
                    "naive_att": block.naive_att[column],
                }
            )

    def estimates(self) -> list[dict]:
        if not self.parts:
            return []
        counts = np.array([part["n_treated"] for part in self.parts], dtype=float)
        total = counts.sum(axis=0)
        with np.errstate(invalid="ignore", divide="ignore"):
            share = counts / total

        def combine(values: np.ndarray) -> np.ndarray:
            return np.where(share > 0, share * np.nan_to_num(values), 0.0).sum(axis=0)

        att = combine(np.array([p["att"] for p in self.parts]))
        level = combine(np.array([p["level"] for p in self.parts]))
        naive = combine(np.array([p["naive"] for p in self.parts]))
        touched = np.flatnonzero(self.touched)
        self.touched[touched] = False
        n_controls = self.used[touched].sum(axis=0)
        self.used[touched] = False
        if self.config.ci_method == "analytic":
            sums = self.psi[touched]
            self.psi[touched] = 0.0
            n_columns = len(self.columns)
            with np.errstate(invalid="ignore", divide="ignore"):
                moments = did.influence_moments(
                    [(touched, sums[:, :n_columns] / total, sums[:, n_columns:] / total)]
                )
            low, high, se, pct_low, pct_high = did.analytic_intervals(
                att, level, moments, self.config.confidence
            )
        else:
            # A replicate that drew no participant of a cohort that counts is NaN, and is
            # left out of the interval rather than silently zero.
            replicate_att, replicate_level = (
                sum(
                    np.where(weight > 0, weight * part["replicates"][which], 0.0)
                    for weight, part in zip(share, self.parts, strict=True)
                )
                for which in (0, 1)
            )
            low, high, se, pct_low, pct_high = did.bootstrap_intervals(
                (replicate_att, replicate_level), self.config.confidence
            )
        missing_treated = self._sum_cells("n_treated_missing")
        missing_controls = self._sum_cells("n_controls_missing")
        pct = did.percent(att, level)
        out = []
        for column, (outcome, horizon) in enumerate(self.columns):
            n_treated = int(total[column])
            if n_treated == 0 or n_controls[column] == 0:
                continue
            out.append(
                {
                    "group": self.group,
                    "outcome": outcome,
                    "horizon": horizon,
                    "method": self.config.method,
                    "att": att[column],
                    "att_pct": pct[column],
                    "ci_low": low[column],
                    "ci_high": high[column],
                    "se": se[column],
                    "ci_pct_low": pct_low[column],
                    "ci_pct_high": pct_high[column],
                    "n_treated": n_treated,
                    "n_controls": int(n_controls[column]),
                    "implied_total": att[column] * n_treated,
                    "implied_total_ci_low": low[column] * n_treated,
                    "implied_total_ci_high": high[column] * n_treated,
                    "counterfactual_level": level[column] - att[column],
                    "n_treated_missing": missing_treated.get((outcome, horizon), 0),
                    "n_controls_missing": missing_controls.get((outcome, horizon), 0),
                    "n_cohorts": int((counts[:, column] > 0).sum()),
                    "naive_att": naive[column],
                }
            )
        return out

    def _sum_cells(self, key: str) -> dict:
        sums: dict = {}
        for cell in self.cells:
            index = (cell["outcome"], cell["horizon"])
            sums[index] = sums.get(index, 0) + cell[key]
        return sums
