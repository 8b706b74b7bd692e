"""Difference-in-differences on a weighted comparison, cohort by cohort, and its inference.

For a cohort starting in year g and horizon h the estimate is

    ATT(g, h) = mean_treated[Y(g+h) - Y(g-1)] - weighted_mean_controls[Y(g+h) - Y(g-1)]

with control weights from matching, CEM or IPW (Heckman, Ichimura & Todd 1997 combine
matching with differences in this way). Cohort estimates are averaged with the numbers of
participants as weights, so that, unlike a two-way fixed-effects regression, no cohort is
ever compared with an already treated one and no weight is negative (Goodman-Bacon 2021;
Callaway & Sant'Anna 2021).

A company missing at the horizon (it left the register, or did not report) drops out of
that cell and is counted; a participant whose matched controls are all missing drops out
too. The percent effect is the ATT over the participants' counterfactual level at the
horizon, mean_treated[Y(g+h)] - ATT.

Inference treats the weights as fixed (conditional on the matched design) and resamples
companies, the unit that recurs across years and cohorts. After matching without
replacement the resampling unit is the matched set (a participant with its controls), which
is valid for matching estimators (Abadie & Spiess 2022; Austin & Small 2014) and captures
that a participant and its controls share what the covariates predict; otherwise each
company is its own unit (conservative after matching with replacement):

- ``analytic``: the influence function of each estimate per unit, summed over cohorts for
  the aggregate, gives a cluster-robust variance; the percent effect by the delta method.
- ``bootstrap``: Poisson bootstrap (Hanley & MacGibbon 2006): replicate r gives unit i the
  weight Poisson(1) drawn from a counter-based hash of (seed, i, r), so that the same
  company gets the same draw in every cohort, group and outcome without storing a matrix
  of draws; every ratio is recomputed per replicate and the interval is percentile.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import stats

from .panel import Panel

_POISSON_ONE_CDF = np.cumsum([math.exp(-1.0) / math.factorial(k) for k in range(20)])
_MAX_CHUNK_CELLS = 4_000_000


def _mix(values: np.ndarray) -> np.ndarray:
    """SplitMix64 finaliser (Steele, Lea & Flood 2014) on uint64 arrays."""
    z = values + np.uint64(0x9E3779B97F4A7C15)
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return z ^ (z >> np.uint64(31))


def poisson_counts(rows: np.ndarray, first: int, count: int, seed: int) -> np.ndarray:
    """Poisson(1) bootstrap weights of companies ``rows`` in replicates first..first+count-1.

    The draw for (company, replicate) depends on nothing else, so any subset of companies
    can be drawn at any time and agree with every other draw of the same run. Replicate
    numbers must stay below 2**20.
    """
    key = _mix(np.asarray([seed], dtype=np.uint64))[0]
    replicate = np.arange(first, first + count, dtype=np.uint64)[:, None]
    state = _mix(key ^ ((rows.astype(np.uint64)[None, :] << np.uint64(20)) | replicate))
    uniform = (state >> np.uint64(11)).astype(np.float64) * (1.0 / 2**53)
    return np.searchsorted(_POISSON_ONE_CDF, uniform, side="right").astype(np.float64)


def changes(
    panel: Panel, rows: np.ndarray, cohort: int, outcomes, horizons
) -> tuple[np.ndarray, np.ndarray]:
    """Change from the baseline and level at the horizon, ``(len(rows), E)`` each with NaN
    where missing; columns run over outcomes (outer) and horizons (inner)."""
    base = panel.baseline_index(cohort)
    n_columns = len(outcomes) * len(horizons)
    change = np.full((rows.size, n_columns), np.nan)
    level = np.full((rows.size, n_columns), np.nan)
    for i, outcome in enumerate(outcomes):
        values = panel.outcomes[outcome]
        baseline = values[rows, base]
        for j, horizon in enumerate(horizons):
            column = panel.year_index(cohort + horizon)
            if column is None:
                continue
            level[:, i * len(horizons) + j] = values[rows, column]
            change[:, i * len(horizons) + j] = values[rows, column] - baseline
    return change, level


@dataclass
class Block:
    """One group of participants of one cohort and its weighted controls.

    Weights are ``(units, E)``: zero where a unit is not used in that outcome x horizon
    column. ``change`` and ``level`` have zeros where missing (their weight is zero there).
    """

    treated: np.ndarray
    treated_weight: np.ndarray
    treated_change: np.ndarray
    treated_level: np.ndarray
    controls: np.ndarray
    control_weight: np.ndarray
    control_change: np.ndarray
    n_treated_missing: np.ndarray
    n_controls_missing: np.ndarray
    naive_att: np.ndarray
    control_cluster: np.ndarray | None = None

    @property
    def clusters(self) -> np.ndarray:
        """The resampling unit of each control: itself, or its participant's row when
        matched sets are the clusters (matching without replacement)."""
        return self.controls if self.control_cluster is None else self.control_cluster

    @property
    def n_treated(self) -> np.ndarray:
        return np.count_nonzero(self.treated_weight > 0, axis=0)

    @property
    def n_controls(self) -> np.ndarray:
        return np.count_nonzero(self.control_weight > 0, axis=0)

    def _parts(self, treated_counts=None, control_counts=None):
        tw = self.treated_weight
        cw = self.control_weight
        if treated_counts is None:
            sums = (
                tw.sum(0),
                (tw * self.treated_change).sum(0),
                (tw * self.treated_level).sum(0),
                cw.sum(0),
                (cw * self.control_change).sum(0),
            )
        else:
            sums = (
                treated_counts @ tw,
                treated_counts @ (tw * self.treated_change),
                treated_counts @ (tw * self.treated_level),
                control_counts @ cw,
                control_counts @ (cw * self.control_change),
            )
        t_sum, t_change, t_level, c_sum, c_change = sums
        with np.errstate(divide="ignore", invalid="ignore"):
            att = t_change / t_sum - c_change / c_sum
            level = t_level / t_sum
        return att, level

    def estimate(self) -> tuple[np.ndarray, np.ndarray]:
        """Point estimates: ATT and the participants' mean level at the horizon, per column."""
        return self._parts()

    def influence(self) -> list[tuple[np.ndarray, np.ndarray, np.ndarray | None]]:
        """Influence functions of the ATT and of the level, scaled so that the variance is
        the sum of their squares, as parts ``(rows, psi_att, psi_level)``: panel rows unique
        within a part, parts disjoint, ``psi_level`` None where it is zero (controls)."""
        tw, cw = self.treated_weight, self.control_weight
        t_sum, c_sum = tw.sum(0), cw.sum(0)
        with np.errstate(divide="ignore", invalid="ignore"):
            t_mean = (tw * self.treated_change).sum(0) / t_sum
            c_mean = (cw * self.control_change).sum(0) / c_sum
            level = (tw * self.treated_level).sum(0) / t_sum
            psi_treated = _finite_or_zero(tw * (self.treated_change - t_mean) / t_sum)
            psi_control = _finite_or_zero(cw * (c_mean - self.control_change) / c_sum)
            psi_level = _finite_or_zero(tw * (self.treated_level - level) / t_sum)
        if self.control_cluster is None:
            return [(self.treated, psi_treated, psi_level), (self.controls, psi_control, None)]
        rows, inverse = np.unique(
            np.concatenate([self.treated, self.control_cluster]), return_inverse=True
        )
        summed_att = np.zeros((rows.size, psi_treated.shape[1]))
        summed_level = np.zeros_like(summed_att)
        np.add.at(summed_att, inverse, np.vstack([psi_treated, psi_control]))
        np.add.at(summed_level, inverse[: self.treated.size], psi_level)
        return [(rows, summed_att, summed_level)]

    def replicates(self, seed: int, n_replicates: int) -> tuple[np.ndarray, np.ndarray]:
        """Bootstrap replicates ``(n_replicates, E)`` of the ATT and of the level."""
        size = max(self.treated.size + self.controls.size, 1)
        chunk = max(1, min(n_replicates, _MAX_CHUNK_CELLS // size))
        atts, levels = [], []
        for first in range(0, n_replicates, chunk):
            count = min(chunk, n_replicates - first)
            treated_counts = poisson_counts(self.treated, first, count, seed)
            control_counts = poisson_counts(self.clusters, first, count, seed)
            att, level = self._parts(treated_counts, control_counts)
            atts.append(att)
            levels.append(level)
        return np.vstack(atts), np.vstack(levels)


def _finite_or_zero(values: np.ndarray) -> np.ndarray:
    return np.where(np.isfinite(values), values, 0.0)


def matched_weights(
    matches: np.ndarray, treated_present: np.ndarray, control_present: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Weights per outcome column from a match matrix (``-1`` = no match).

    A participant counts where its outcome is present and at least one of its matched
    controls has it too; it spreads weight 1 evenly over those controls.
    """
    valid = (matches >= 0)[:, :, None] & control_present[np.maximum(matches, 0)]
    n_valid = valid.sum(axis=1)
    treated_weight = (treated_present & (n_valid > 0)).astype(float)
    share = treated_weight / np.maximum(n_valid, 1)
    control_weight = np.zeros(control_present.shape)
    for column in range(control_present.shape[1]):
        usable = valid[:, :, column]
        control_weight[:, column] = np.bincount(
            matches[usable],
            weights=np.broadcast_to(share[:, column, None], usable.shape)[usable],
            minlength=control_present.shape[0],
        )
    return treated_weight, control_weight


def normal_interval(estimate, se, confidence):
    z = stats.norm.ppf(0.5 + confidence / 2)
    return estimate - z * se, estimate + z * se


def percentile_interval(replicates: np.ndarray, confidence: float):
    """Percentile interval per column over the replicates that could be computed (a
    replicate is NaN when it drew no participant or no control)."""
    tail = (1 - confidence) / 2
    ordered = np.sort(replicates, axis=0)  # NaN sorts last
    n_finite = np.isfinite(ordered).sum(axis=0)
    columns = np.arange(ordered.shape[1])
    bounds = []
    for quantile in (tail, 1 - tail):
        position = quantile * np.maximum(n_finite - 1, 0)
        below = np.floor(position).astype(np.int64)
        above = np.minimum(below + 1, np.maximum(n_finite - 1, 0))
        fraction = position - below
        value = ordered[below, columns] * (1 - fraction) + ordered[above, columns] * fraction
        bounds.append(np.where(n_finite >= 2, value, np.nan))
    return bounds[0], bounds[1]


def column_mean(values: np.ndarray) -> np.ndarray:
    """Mean per column over the finite values, NaN for a column without any."""
    finite = np.isfinite(values)
    count = finite.sum(axis=0)
    total = np.where(finite, values, 0.0).sum(axis=0)
    return np.where(count > 0, total / np.maximum(count, 1), np.nan)


def column_sd(values: np.ndarray) -> np.ndarray:
    """Sample standard deviation per column over the finite values."""
    finite = np.isfinite(values)
    count = finite.sum(axis=0)
    deviation = np.where(finite, values - column_mean(values), 0.0)
    variance = (deviation * deviation).sum(axis=0) / np.maximum(count - 1, 1)
    return np.where(count > 1, np.sqrt(variance), np.nan)


def percent(att, level):
    """ATT in percent of the counterfactual level ``level - att``."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return 100.0 * att / (level - att)


def influence_moments(parts) -> tuple[np.ndarray, ...]:
    """Sums of squares and cross-products of the ATT and level influence functions per
    column, over the parts returned by :meth:`Block.influence`."""
    var_att = sum((psi_att * psi_att).sum(axis=0) for _, psi_att, _ in parts)
    cov = sum((a * b).sum(axis=0) for _, a, b in parts if b is not None)
    var_level = sum((b * b).sum(axis=0) for _, _, b in parts if b is not None)
    return var_att, cov, var_level


def analytic_intervals(att, level, moments, confidence: float):
    """``(low, high, se, pct_low, pct_high)``: normal intervals from influence-function
    moments; the percent one by the delta method for 100 * att / (level - att)."""
    var_att, cov, var_level = moments
    se = np.sqrt(var_att)
    low, high = normal_interval(att, se, confidence)
    with np.errstate(invalid="ignore", divide="ignore"):
        scale = 100.0 / (level - att) ** 2
        var_pct = scale**2 * (level**2 * var_att - 2 * level * att * cov + att**2 * var_level)
    pct_low, pct_high = normal_interval(
        percent(att, level), np.sqrt(np.maximum(var_pct, 0)), confidence
    )
    return low, high, se, pct_low, pct_high


def bootstrap_intervals(replicates, confidence: float):
    """``(low, high, se, pct_low, pct_high)`` from replicates of the ATT and the level."""
    replicate_att, replicate_level = replicates
    low, high = percentile_interval(replicate_att, confidence)
    se = column_sd(replicate_att)
    pct_low, pct_high = percentile_interval(percent(replicate_att, replicate_level), confidence)
    return low, high, se, pct_low, pct_high
