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
from .aggregate import Aggregate
from .balance import BalanceAccumulator
from .cohorts import (
    NEVER,
    CohortDesign,
    Treatment,
    assign_treatment,
    build_cohort,
    cohorts_in_window,
)
from .config import AUTO_NEIGHBOURS, EffectConfig
from .cs_groups import run_callaway_santanna
from .matching import cem_weights, match_nearest, propensity_logit, quantile_bins
from .panel import (
    InputValidationError,
    Panel,
    Participations,
    Problem,
    read_panel,
    read_participations,
)
from .quality import DROPPED_SHARE_WARNING, discreet
from .regions import REGION_CODES
from .result import EffectResult
from .warnings import cross_checks, warn

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
    replace: bool = False


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
        panel = read_panel(
            panel,
            id_column=config.id_column,
            outcomes=config.outcomes,
            covariates=config.covariates,
            register=config.register_covariates,
        )
    _check_panel_has(panel, config)
    if not isinstance(participations, Participations):
        participations = read_participations(
            participations, id_column=config.id_column, register=config.register_covariates
        )
    started = timer.add("validation", started)

    treatment = assign_treatment(panel, participations)
    cohorts = cohorts_in_window(panel, treatment, config)
    result = EffectResult(config=config.to_dict())
    result.sample = _sample(panel, treatment, cohorts)
    if treatment.n_participants_not_in_panel:
        warn(result, "not_in_panel", count=treatment.n_participants_not_in_panel)
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
            warn(
                result,
                "cohort_left_out",
                cohort=cohort,
                n_treated=design.n_treated,
                n_controls=int(design.controls.size),
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
            warn(
                result,
                "imbalanced",
                covariate=row["covariate"],
                smd=row["smd_after"],
                threshold=config.smd_threshold,
            )
    not_applicable = [row["covariate"] for row in covariates if row["not_applicable"]]
    if not_applicable:
        warn(result, "not_applicable", covariates=not_applicable)
    _dropped_warning(result)

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
        aggregate = Aggregate(group, columns, config, psi, used, touched)
        for state in states:
            positions = _members(state, treatment, group_key, group_value)
            if positions.size:
                block = _block(panel, state, positions, config, rng)
                aggregate.add(state.cohort, block)
            tick(f"{group}: cohort {state.cohort}")
        result.estimates.extend(aggregate.estimates())
        result.overall.extend(aggregate.overall)
        result.cohort_estimates.extend(aggregate.cells)
    started = timer.add("estimation", started)

    if config.callaway_santanna:
        result.callaway_santanna, result.callaway_santanna_groups = run_callaway_santanna(
            panel, treatment, config, groups, tick
        )
        timer.add("callaway_santanna", started)
    cross_checks(result, config)
    _discretion(result, config)
    result.timings = {key: round(value, 4) for key, value in timer.seconds.items()}
    return result


def _check_panel_has(panel: Panel, config: EffectConfig) -> None:
    """An already read panel (the register's) must hold the outcomes and covariates asked."""
    problems = [
        Problem(None, name, "column missing")
        for name in config.outcomes
        if name not in panel.outcomes
    ] + [
        Problem(None, name, "column missing")
        for name in config.covariates
        if name not in panel.covariates
    ]
    if problems:
        raise InputValidationError("panel", problems, len(problems))


def _dropped_warning(result: EffectResult) -> None:
    """How many eligible participants the estimate leaves out, and why."""
    eligible = sum(c["n_treated_eligible"] for c in result.matching)
    missing = sum(c["n_treated_without_baseline"] for c in result.matching) + sum(
        c.get("n_treated_missing_covariates", 0) for c in result.matching
    )
    unmatched = sum(c.get("n_treated_unmatched", 0) for c in result.matching)
    total = eligible + missing
    result.sample.update(
        n_participants_eligible=total,
        n_participants_used=eligible - unmatched,
        n_participants_unmatched=unmatched,
        n_participants_missing_data=missing,
    )
    if total and (unmatched + missing) / total >= DROPPED_SHARE_WARNING:
        warn(
            result,
            "participants_dropped",
            n_dropped=unmatched + missing,
            n_unmatched=unmatched,
            n_missing=missing,
            n_total=total,
            share=(unmatched + missing) / total,
        )


def _discretion(result: EffectResult, config: EffectConfig) -> None:
    """Withhold estimates of groups below the minimum and counts below three."""
    minimum = config.min_participants
    result.estimates = [discreet(e, minimum) for e in result.estimates]
    result.overall = [discreet(e, minimum) for e in result.overall]
    result.cohort_estimates = [discreet(e, minimum) for e in result.cohort_estimates]
    for cs in result.callaway_santanna.values():
        cs["att_gt"] = [discreet(row, minimum) for row in cs["att_gt"]]
    suppressed = [e for e in result.estimates if e.get("suppressed")]
    if suppressed:
        warn(
            result,
            "suppressed",
            count=len({str(e["group"]) for e in suppressed}),
            minimum=minimum,
        )
    for cohort in result.balance.get("by_cohort", []):
        matching = next((m for m in result.matching if m["cohort"] == cohort["cohort"]), {})
        if matching.get("n_treated_eligible", 0) < minimum:
            cohort["covariates"] = []
            cohort["suppressed"] = "below_minimum"


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
        "n_treated_missing_covariates": design.n_missing_covariates,
        "exact": list(design.exact),
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
        if config.auto_matching:
            choices = [(k, True) for k in AUTO_NEIGHBOURS]
        else:
            choices = [(config.n_neighbours or 1, bool(config.replace))]
        best = None
        for k, replace in choices:
            matched = _match(design, logit, k, replace, caliper)
            score = 0.0
            if len(choices) > 1:
                trial = BalanceAccumulator()
                trial.add(
                    design.feature_names,
                    design.features[:n_treated],
                    design.features[n_treated:],
                    matched[1],
                    matched[2],
                )
                score = trial.max_smd()
            if best is None or score < best[0]:
                best = (score, k, replace, matched)
            if score < config.smd_threshold:
                break
        _score, k, replace, (matches_local, treated_after, control_after) = best
        started = timer.add("matching", started)
        found = matches_local >= 0
        n_found = found.sum(axis=1)
        state.matches = np.where(found, design.controls[np.maximum(matches_local, 0)], -1)
        state.replace = replace
        diagnostics.update(
            caliper_logit=caliper,
            n_neighbours=k,
            replace=replace,
            chosen_by_engine=config.auto_matching,
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


def _match(design: CohortDesign, logit: np.ndarray, k: int, replace: bool, caliper):
    """Nearest neighbours on the logit within the exact strata: the match matrix and the
    weights of participants and controls after matching."""
    n_treated = design.n_treated
    strata = design.strata
    matches = match_nearest(
        logit[:n_treated],
        strata[:n_treated],
        logit[n_treated:],
        strata[n_treated:],
        k=k,
        caliper=caliper,
        replace=replace,
    )
    found = matches >= 0
    n_found = found.sum(axis=1)
    share = np.where(found, 1.0 / np.maximum(n_found, 1)[:, None], 0.0)
    control_after = np.bincount(
        matches[found], weights=share[found], minlength=design.controls.size
    )
    return matches, (n_found > 0).astype(float), control_after


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
    if config.method == "psm" and not state.replace:
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
