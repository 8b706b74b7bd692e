"""Propensity scores and the three ways of weighting controls: PSM, CEM and IPW.

- Propensity score: logistic regression of participation on pre-period characteristics
  (Rosenbaum & Rubin 1983). With many more controls than participants the controls are
  subsampled for the fit and the intercept corrected by the log sampling rate, which leaves
  the slopes consistent (case-control sampling; Prentice & Pyke 1979).
- Nearest-neighbour matching on the logit of the score within exact strata, with a caliper
  in standard deviations of the logit (Austin 2011), k neighbours, with or without
  replacement. Matching on a scalar is a sort and a binary search: controls are sorted by
  (stratum, score) once and every participant finds its neighbours with ``searchsorted``.
  Without replacement the greedy match runs in vectorised rounds: each unmatched
  participant proposes its nearest free control, each control goes to the closest of its
  proposers, and the losers propose again among the controls still free.
- Coarsened exact matching (Iacus, King & Porro 2012): strata of coarsened covariates;
  controls weighted by the number of participants over the number of controls per stratum.
- Inverse-probability weighting for the ATT: controls weighted by the odds p/(1-p)
  (Hirano, Imbens & Ridder 2003), normalised (Hajek) in the estimator.
"""

from __future__ import annotations

import numpy as np
from sklearn.linear_model import LogisticRegression

MAX_FIT_CONTROLS = 100_000


def propensity_logit(
    features: np.ndarray,
    treated: np.ndarray,
    rng: np.random.Generator,
    max_fit_controls: int = MAX_FIT_CONTROLS,
) -> np.ndarray:
    """Logit of the estimated propensity score for every row of ``features``.

    ``treated`` is a boolean mask. The regression is practically unpenalised (C=1e6 on
    standardised features); controls beyond ``max_fit_controls`` are subsampled for the fit.
    """
    treated = np.asarray(treated, dtype=bool)
    control_rows = np.flatnonzero(~treated)
    log_rate = 0.0
    if control_rows.size > max_fit_controls:
        control_rows = np.sort(rng.choice(control_rows, size=max_fit_controls, replace=False))
        log_rate = np.log(max_fit_controls / np.count_nonzero(~treated))
    fit_rows = np.concatenate([np.flatnonzero(treated), control_rows])
    sample = features[fit_rows]
    mean = sample.mean(axis=0)
    scale = sample.std(axis=0)
    keep = scale > 0
    if not keep.any():
        share = treated.mean()
        return np.full(features.shape[0], np.log(share / (1 - share)))
    standardised = (sample[:, keep] - mean[keep]) / scale[keep]
    model = LogisticRegression(C=1e6, max_iter=500)
    model.fit(standardised, treated[fit_rows])
    coefficients = model.coef_[0] / scale[keep]
    intercept = model.intercept_[0] - coefficients @ mean[keep] + log_rate
    return features[:, keep] @ coefficients + intercept


def _sorted_keys(score: np.ndarray, stratum: np.ndarray, offset: float, stride: float):
    return stratum.astype(np.float64) * stride + (score - offset)


def match_nearest(
    treated_score: np.ndarray,
    treated_stratum: np.ndarray,
    control_score: np.ndarray,
    control_stratum: np.ndarray,
    *,
    k: int = 1,
    caliper: float | None = None,
    replace: bool = False,
) -> np.ndarray:
    """Nearest neighbours on a scalar score within exact strata.

    Returns an ``(n_treated, k)`` array of positions into the control arrays, ``-1`` where a
    participant has fewer than ``k`` controls in its stratum within ``caliper`` (absolute, on
    the score's scale). Strata are non-negative integers.
    """
    n_treated = treated_score.size
    matches = np.full((n_treated, k), -1, dtype=np.int64)
    if n_treated == 0 or control_score.size == 0:
        return matches
    limit = np.inf if caliper is None else float(caliper)
    low = min(treated_score.min(), control_score.min())
    span = max(treated_score.max(), control_score.max()) - low
    stride = 2.0 * span + 1.0
    control_keys = _sorted_keys(control_score, control_stratum, low, stride)
    order = np.argsort(control_keys)
    keys = control_keys[order]
    scores = control_score[order]
    strata = control_stratum[order]
    treated_keys = _sorted_keys(treated_score, treated_stratum, low, stride)
    if replace:
        position = np.searchsorted(keys, treated_keys)
        window = position[:, None] + np.arange(-k, k)[None, :]
        inside = (window >= 0) & (window < keys.size)
        window = np.clip(window, 0, keys.size - 1)
        distance = np.abs(scores[window] - treated_score[:, None])
        usable = inside & (strata[window] == treated_stratum[:, None]) & (distance <= limit)
        distance = np.where(usable, distance, np.inf)
        nearest = np.argsort(distance, axis=1, kind="stable")[:, :k]
        chosen = np.take_along_axis(window, nearest, axis=1)
        found = np.isfinite(np.take_along_axis(distance, nearest, axis=1))
        matches[found] = order[chosen[found]]
        return matches

    free = np.ones(keys.size, dtype=bool)
    for column in range(k):
        active = (
            np.arange(n_treated) if column == 0 else np.flatnonzero(matches[:, column - 1] >= 0)
        )
        while active.size:
            free_positions = np.flatnonzero(free)
            if free_positions.size == 0:
                break
            free_keys = keys[free_positions]
            position = np.searchsorted(free_keys, treated_keys[active])
            best = np.full(active.size, -1, dtype=np.int64)
            best_distance = np.full(active.size, np.inf)
            for side in (position - 1, position):
                inside = (side >= 0) & (side < free_positions.size)
                candidate = free_positions[np.clip(side, 0, free_positions.size - 1)]
                distance = np.abs(scores[candidate] - treated_score[active])
                usable = (
                    inside
                    & (strata[candidate] == treated_stratum[active])
                    & (distance <= limit)
                    & (distance < best_distance)
                )
                best = np.where(usable, candidate, best)
                best_distance = np.where(usable, distance, best_distance)
            proposing = best >= 0
            active, best, best_distance = (
                active[proposing],
                best[proposing],
                best_distance[proposing],
            )
            if active.size == 0:
                break
            by_control = np.lexsort((best_distance, best))
            first = np.ones(by_control.size, dtype=bool)
            first[1:] = best[by_control][1:] != best[by_control][:-1]
            winners = by_control[first]
            matches[active[winners], column] = order[best[winners]]
            free[best[winners]] = False
            lost = np.ones(active.size, dtype=bool)
            lost[winners] = False
            active = active[lost]
    return matches


def cem_weights(
    treated_stratum: np.ndarray, control_stratum: np.ndarray, n_strata: int
) -> tuple[np.ndarray, np.ndarray]:
    """Coarsened-exact-matching weights for the ATT; strata are codes 0..n_strata-1.

    Returns ``(treated_kept, control_weight)``: participants in strata without controls are
    dropped; each control gets (participants in its stratum) / (controls in its stratum), so
    the control weights sum to the number of participants kept.
    """
    n_treated = np.bincount(treated_stratum, minlength=n_strata)
    n_control = np.bincount(control_stratum, minlength=n_strata)
    treated_kept = n_control[treated_stratum] > 0
    ratio = n_treated / np.maximum(n_control, 1)
    return treated_kept, ratio[control_stratum]


def quantile_bins(values: np.ndarray, n_bins: int) -> np.ndarray:
    """Bin index 0..n_bins-1 by quantiles of ``values`` (NaN gets its own bin ``n_bins``)."""
    finite = np.isfinite(values)
    if n_bins <= 1 or not finite.any():
        return np.where(finite, 0, n_bins).astype(np.int64)
    edges = np.unique(np.quantile(values[finite], np.linspace(0, 1, n_bins + 1)[1:-1]))
    bins = np.searchsorted(edges, values, side="right")
    return np.where(finite, bins, n_bins).astype(np.int64)
