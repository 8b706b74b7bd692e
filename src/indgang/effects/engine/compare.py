"""One comparison of participants with controls on given covariates, outside the panel.

The register pipeline (``run.py``) builds its covariates from the company panel; this runs
the same weighting (PSM, CEM or IPW), estimator, inference and balance diagnostics on any
covariate matrix. It serves validation on classic cross-sectional benchmarks, above all
LaLonde's (1986) job-training experiment with the observational comparison groups of
Dehejia & Wahba (1999), and analyses outside the register.
"""

from __future__ import annotations

import numpy as np
from threadpoolctl import threadpool_limits

from . import did
from .balance import BalanceAccumulator
from .matching import cem_weights, match_nearest, propensity_logit


def compare_groups(
    features: np.ndarray,
    treated: np.ndarray,
    outcome: np.ndarray,
    *,
    feature_names: list[str] | None = None,
    strata: np.ndarray | None = None,
    method: str = "psm",
    n_neighbours: int = 1,
    caliper: float | None = 0.2,
    replace: bool = False,
    ci_method: str = "analytic",
    n_bootstrap: int = 499,
    confidence: float = 0.95,
    smd_threshold: float = 0.1,
    seed: int = 0,
) -> dict:
    """ATT of ``treated`` on each column of ``outcome`` (a change or a level; NaN = missing).

    ``features`` (rows = units) feed the logistic propensity score (``psm``, ``ipw``);
    ``strata`` are exact-matching cells for ``psm`` and the coarsened cells for ``cem``;
    ``caliper`` is in standard deviations of the logit. Returns ``estimates`` (one per
    outcome column, with the naive difference in means), ``balance`` and ``matching``.
    """
    if method not in ("psm", "cem", "ipw"):
        raise ValueError(f"method must be psm, cem or ipw, got {method!r}")
    if ci_method not in ("analytic", "bootstrap"):
        raise ValueError(f"ci_method must be analytic or bootstrap, got {ci_method!r}")
    features = np.asarray(features, dtype=np.float64)
    treated = np.asarray(treated, dtype=bool)
    outcome = np.asarray(outcome, dtype=np.float64)
    outcome = outcome[:, None] if outcome.ndim == 1 else outcome
    names = feature_names or [f"x{i}" for i in range(features.shape[1])]
    strata = np.zeros(treated.size, dtype=np.int64) if strata is None else np.asarray(strata)
    rows_t, rows_c = np.flatnonzero(treated), np.flatnonzero(~treated)
    present_t, present_c = np.isfinite(outcome[rows_t]), np.isfinite(outcome[rows_c])
    rng = np.random.default_rng(seed)
    matching: dict = {"method": method, "n_treated": int(rows_t.size)}
    with threadpool_limits(limits=1, user_api="blas"):
        if method in ("psm", "ipw"):
            logit = propensity_logit(features, treated, rng)
        if method == "psm":
            limit = None if caliper is None else caliper * float(np.std(logit))
            matches = match_nearest(
                logit[rows_t],
                strata[rows_t],
                logit[rows_c],
                strata[rows_c],
                k=n_neighbours,
                caliper=limit,
                replace=replace,
            )
            treated_weight, control_weight = did.matched_weights(matches, present_t, present_c)
            cluster = None
            if not replace:
                cluster = np.full(rows_c.size, -1, dtype=np.int64)
                pair_rows, _ = np.nonzero(matches >= 0)
                cluster[matches[matches >= 0]] = rows_t[pair_rows]
                # Unmatched controls have zero weight; they keep their own row.
                cluster = np.where(cluster >= 0, cluster, rows_c)
            matching["n_unmatched"] = int(((matches >= 0).sum(axis=1) == 0).sum())
        elif method == "cem":
            codes, dense = np.unique(strata, return_inverse=True)
            treated_weight = np.zeros(present_t.shape)
            control_weight = np.zeros(present_c.shape)
            for column in range(outcome.shape[1]):
                t_ok, c_ok = present_t[:, column], present_c[:, column]
                kept, weight = cem_weights(dense[rows_t][t_ok], dense[rows_c][c_ok], codes.size)
                treated_weight[t_ok, column] = kept
                control_weight[c_ok, column] = weight
            cluster = None
            matching["n_unmatched"] = int((treated_weight.max(axis=1) == 0).sum())
        else:
            treated_weight = present_t.astype(float)
            control_weight = np.exp(logit[rows_c])[:, None] * present_c
            cluster = None
            matching["n_unmatched"] = 0

        change_t = np.where(present_t, outcome[rows_t], 0.0)
        change_c = np.where(present_c, outcome[rows_c], 0.0)
        block = did.Block(
            treated=rows_t,
            treated_weight=treated_weight,
            treated_change=change_t,
            treated_level=change_t,
            controls=rows_c,
            control_weight=control_weight,
            control_change=change_c,
            n_treated_missing=(~present_t).sum(axis=0),
            n_controls_missing=(~present_c).sum(axis=0),
            naive_att=did.column_mean(outcome[rows_t]) - did.column_mean(outcome[rows_c]),
            control_cluster=cluster,
        )
        att, level = block.estimate()
        if ci_method == "analytic":
            moments = did.influence_moments(block.influence())
            low, high, se, _, _ = did.analytic_intervals(att, level, moments, confidence)
        else:
            replicates = block.replicates(seed, n_bootstrap)
            low, high, se, _, _ = did.bootstrap_intervals(replicates, confidence)

    balance = BalanceAccumulator()
    balance.add(
        names,
        features[rows_t],
        features[rows_c],
        treated_weight.max(axis=1),
        control_weight.max(axis=1),
    )
    matching["n_controls_used"] = int((control_weight.max(axis=1) > 0).sum())
    n_treated, n_controls = block.n_treated, block.n_controls
    estimates = [
        {
            "column": column,
            "att": float(att[column]),
            "se": float(se[column]),
            "ci_low": float(low[column]),
            "ci_high": float(high[column]),
            "n_treated": int(n_treated[column]),
            "n_controls": int(n_controls[column]),
            "naive_att": float(block.naive_att[column]),
        }
        for column in range(outcome.shape[1])
    ]
    return {"estimates": estimates, "balance": balance.table(smd_threshold), "matching": matching}
