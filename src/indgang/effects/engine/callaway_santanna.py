"""Callaway & Sant'Anna (2021) group-time average treatment effects, unconditional.

ATT(g, t) is the average effect in year t on the companies first treated in year g: the
change in their mean outcome from a base year, minus the same change among comparison
companies, never treated or (``not_yet_treated``) not treated by max(t, base). The base year
is g - 1 for t >= g and t - 1 before treatment ("varying" base period, the default of the R
``did`` package), so the pre-treatment estimates are placebo one-year changes.

Inference uses the influence functions of the 2x2 comparisons, one value per company, and
for the aggregations also the influence of the estimated group shares P(G = g), exactly as
``did::aggte``: overall ("simple"), event time ("dynamic"), group and calendar time. All
estimates are linear in the columns Z = [psi_gt | (1{G = g} - P(G = g)) / n], so their
covariance is a' (Z'Z) a and the standard errors follow without a bootstrap.

Differences from ``did``: a company missing in one of the two years of a comparison drops out
of that comparison only (``did`` would drop it everywhere to balance the panel); on a balanced
panel the two coincide.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy import stats

NEVER = 0


@dataclass
class Aggregate:
    """One aggregation: estimates per index value (event time, group or year) and overall."""

    kind: str
    index: np.ndarray
    att: np.ndarray
    se: np.ndarray
    overall_att: float
    overall_se: float


@dataclass
class CallawaySantAnnaResult:
    groups: np.ndarray
    times: np.ndarray
    att: np.ndarray
    se: np.ndarray
    n_treated: np.ndarray
    n_controls: np.ndarray
    control_group: str
    confidence: float
    aggregates: dict[str, Aggregate] = field(default_factory=dict)
    est_method: str = "reg"
    covariates: bool = False
    pretrend: dict = field(default_factory=dict)
    critical_value: float | None = None
    sensitivity: list[dict] = field(default_factory=list)

    @property
    def event_times(self) -> np.ndarray:
        return self.times - self.groups

    def to_dict(self) -> dict:
        z = stats.norm.ppf(0.5 + self.confidence / 2)

        def row(values: dict, att: float, se: float) -> dict:
            return {**values, "att": att, "se": se, "ci_low": att - z * se, "ci_high": att + z * se}

        labels = {"dynamic": "event_time", "group": "cohort", "calendar": "year"}
        out = {
            "control_group": self.control_group,
            "est_method": self.est_method,
            "covariates": self.covariates,
            "pretrend": self.pretrend,
            "critical_value": self.critical_value,
            "sensitivity": self.sensitivity,
            "att_gt": [
                row(
                    {
                        "cohort": int(g),
                        "year": int(t),
                        "event_time": int(t - g),
                        "n_treated": int(nt),
                        "n_controls": int(nc),
                    },
                    float(a),
                    float(s),
                )
                for g, t, a, s, nt, nc in zip(
                    self.groups,
                    self.times,
                    self.att,
                    self.se,
                    self.n_treated,
                    self.n_controls,
                    strict=True,
                )
            ],
            "overall": {},
        }
        for kind, aggregate in self.aggregates.items():
            out["overall"][kind] = row({}, aggregate.overall_att, aggregate.overall_se)
            if kind in labels:
                out[kind] = [
                    row({labels[kind]: int(i)}, float(a), float(s))
                    for i, a, s in zip(aggregate.index, aggregate.att, aggregate.se, strict=True)
                ]
        if self.critical_value is not None:
            for entry in out.get("dynamic", []):
                entry["band_low"] = entry["att"] - self.critical_value * entry["se"]
                entry["band_high"] = entry["att"] + self.critical_value * entry["se"]
        return out


def _logit(d: np.ndarray, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Maximum-likelihood logit of ``d`` on ``x`` (with its constant): fitted probabilities
    and (X'WX/n)^-1, as R's ``glm`` (statsmodels, Newton-Raphson)."""
    import statsmodels.api as sm

    model = sm.Logit(d, x).fit(disp=0, method="newton", maxiter=100, tol=1e-12)
    p = np.minimum(model.predict(x), 1 - 1e-6)
    w = p * (1 - p)
    hessian_inverse = np.linalg.inv((x * w[:, None]).T @ x / d.size)
    return p, hessian_inverse


def two_by_two(delta_y: np.ndarray, d: np.ndarray, x: np.ndarray, method: str):
    """ATT and its influence function (one value per unit) of one 2x2 comparison, as
    DRDID's ``reg_did_panel``, ``std_ipw_did_panel`` and ``drdid_panel`` (Sant'Anna & Zhao
    2020), with the propensity score trimmed at 0.995 for controls as there."""
    n = d.size
    treated = d == 1
    if method in ("reg", "dr"):
        control_x = x[~treated]
        beta, *_ = np.linalg.lstsq(control_x, delta_y[~treated], rcond=None)
        out_delta = x @ beta
        weights_ols = (~treated).astype(float)
        xpx_inverse = np.linalg.inv((x * weights_ols[:, None]).T @ x / n)
        lin_ols = (weights_ols * (delta_y - out_delta))[:, None] * x @ xpx_inverse
    if method == "reg":
        w_treat = d.astype(float)
        att_treat, att_cont = w_treat * delta_y, w_treat * out_delta
        eta_treat = att_treat.mean() / w_treat.mean()
        eta_cont = att_cont.mean() / w_treat.mean()
        inf_treat = (att_treat - w_treat * eta_treat) / w_treat.mean()
        inf_cont = (
            att_cont - w_treat * eta_cont + lin_ols @ (w_treat[:, None] * x).mean(axis=0)
        ) / w_treat.mean()
        return eta_treat - eta_cont, inf_treat - inf_cont
    p, hessian_inverse = _logit(d.astype(float), x)
    trim = np.where(treated, True, p < 0.995)
    lin_ps = ((d - p)[:, None] * x) @ hessian_inverse
    w_treat = trim * d.astype(float)
    w_cont = trim * p * (1 - d) / (1 - p)
    residual = delta_y - out_delta if method == "dr" else delta_y
    att_treat, att_cont = w_treat * residual, w_cont * residual
    eta_treat = att_treat.mean() / w_treat.mean()
    eta_cont = att_cont.mean() / w_cont.mean()
    inf_treat = att_treat - w_treat * eta_treat
    inf_cont = att_cont - w_cont * eta_cont
    inf_cont = inf_cont + lin_ps @ ((w_cont * (residual - eta_cont))[:, None] * x).mean(axis=0)
    if method == "dr":
        inf_treat = inf_treat - lin_ols @ (w_treat[:, None] * x).mean(axis=0)
        inf_cont = inf_cont - lin_ols @ (w_cont[:, None] * x).mean(axis=0)
    return eta_treat - eta_cont, inf_treat / w_treat.mean() - inf_cont / w_cont.mean()


def group_time_att(
    y: np.ndarray,
    first_treated: np.ndarray,
    years: np.ndarray,
    *,
    control_group: str = "never_treated",
    confidence: float = 0.95,
    covariates: np.ndarray | None = None,
    est_method: str = "reg",
    anticipation: int = 0,
    base_period: str = "varying",
    n_bootstrap: int = 999,
    seed: int = 0,
    bands: str = "multiplier",
) -> CallawaySantAnnaResult:
    """ATT(g, t) for every cohort g and period t, with all aggregations.

    ``y`` is ``(n_units, n_periods)`` with NaN for missing; ``years`` the periods (gaps
    allowed: the period before is the previous column); ``first_treated`` the first treated
    year per unit (``0`` = never). ``covariates`` ``(n_units, n_periods, p)`` are taken in
    each comparison's base period; ``est_method`` ``reg``, ``dr`` or ``ipw`` as in R's
    ``did``, and so are ``anticipation`` and ``base_period``. Cohorts treated in the first
    period cannot be compared and are dropped; cohorts after the last period count as never
    treated (as in ``did``). The simultaneous bands' critical value comes from a Rademacher
    multiplier bootstrap of the influence functions (``bands="multiplier"``, as ``did``) or
    from Gaussian draws with their covariance (``"gaussian"``, asymptotically the same);
    ``n_bootstrap`` 0 leaves the bands out.
    """
    if control_group not in ("never_treated", "not_yet_treated"):
        raise ValueError(f"unknown control_group {control_group!r}")
    if est_method not in ("reg", "dr", "ipw"):
        raise ValueError(f"unknown est_method {est_method!r}")
    if base_period not in ("varying", "universal"):
        raise ValueError(f"unknown base_period {base_period!r}")
    years = np.asarray(years)
    cohort = np.asarray(first_treated).astype(np.int64).copy()
    cohort[cohort > years[-1]] = NEVER
    keep = (cohort == NEVER) | (cohort > years[0] + anticipation)
    y, cohort = y[keep], cohort[keep]
    if covariates is not None:
        covariates = np.asarray(covariates, dtype=np.float64)[keep]
    n = cohort.size
    glist = np.unique(cohort[cohort != NEVER])
    pg = np.array([np.mean(cohort == g) for g in glist])

    y = np.asfortranarray(y)
    never = cohort == NEVER
    universal = base_period == "universal"
    first_period = 0 if universal else 1
    z_matrix = np.zeros((n, glist.size * years.size + glist.size), order="F")
    cells = Cells(glist=glist, pg=pg, n=n)
    for g in glist:
        members = np.flatnonzero(cohort == g)
        for t_index, t, base in comparisons(g, years, anticipation, universal, first_period):
            if base is None:  # the reference period itself: zero
                cells.add(g, t, 0.0, members.size, 0)
                continue
            change = y[:, t_index] - y[:, base]
            if control_group == "never_treated":
                control = never & np.isfinite(change)
            else:
                latest = max(t, int(years[base]))
                eligible = never | ((cohort > latest + anticipation) & (cohort != g))
                control = eligible & np.isfinite(change)
            observed_members = members[np.isfinite(change[members])]
            nt, nc = observed_members.size, int(control.sum())
            if nt == 0 or nc == 0:
                continue
            column = z_matrix[:, len(cells.att)]
            if covariates is None and est_method == "reg":
                treated_change = change[observed_members]
                treated_mean = treated_change.mean()
                control_mean = np.where(control, change, 0.0).sum() / nc
                column[:] = np.where(control, (control_mean - change) / nc, 0.0)
                column[observed_members] = (treated_change - treated_mean) / nt
                estimate = treated_mean - control_mean
            else:
                rows = np.concatenate([observed_members, np.flatnonzero(control)])
                x = np.ones((rows.size, 1))
                if covariates is not None:
                    x = np.column_stack([x, covariates[rows, base]])
                    usable = np.isfinite(x).all(axis=1)
                    rows, x = rows[usable], x[usable]
                d = np.isin(rows, observed_members).astype(float)
                nt, nc = int(d.sum()), int(rows.size - d.sum())
                if nt == 0 or nc == 0:
                    continue
                estimate, influence = two_by_two(change[rows], d, x, est_method)
                column[:] = 0.0
                column[rows] = influence / rows.size
            cells.add(g, t, float(estimate), nt, nc)
    k = len(cells.att)
    for position, (g, p) in enumerate(zip(glist, pg, strict=True)):
        z_matrix[:, k + position] = ((cohort == g) - p) / n
    z_matrix = z_matrix[:, : k + glist.size]
    result = CallawaySantAnnaResult(
        groups=np.array([]),
        times=np.array([]),
        att=np.array([]),
        se=np.array([]),
        n_treated=np.array([]),
        n_controls=np.array([]),
        control_group=control_group,
        confidence=confidence,
        est_method=est_method,
        covariates=covariates is not None,
    )

    covariance = z_matrix.T @ z_matrix

    def critical(coefficients: np.ndarray) -> float | None:
        if bands == "gaussian":
            return gaussian_critical_value(
                coefficients.T @ covariance @ coefficients, confidence, n_bootstrap, seed
            )
        return simultaneous_critical_value(z_matrix, coefficients, confidence, n_bootstrap, seed)

    return aggregate(result, cells, covariance, critical)


@dataclass
class Cells:
    """The ATT(g, t) estimates of a run as they are found, with the cohorts' shares."""

    glist: np.ndarray
    pg: np.ndarray
    n: int
    groups: list[int] = field(default_factory=list)
    times: list[int] = field(default_factory=list)
    att: list[float] = field(default_factory=list)
    n_treated: list[int] = field(default_factory=list)
    n_controls: list[int] = field(default_factory=list)

    def add(self, g, t, att: float, n_treated: int, n_controls: int) -> None:
        self.groups.append(int(g))
        self.times.append(int(t))
        self.att.append(att)
        self.n_treated.append(int(n_treated))
        self.n_controls.append(int(n_controls))


def comparisons(g, years, anticipation: int, universal: bool, first_period: int):
    """Per period of cohort ``g``: (its index, its year, the base period's index), the base
    None for the universal base period's reference year (zero by definition)."""
    before = np.flatnonzero(years + anticipation < g)
    if before.size == 0:
        return
    post_base = int(before[-1])
    for t_index in range(first_period, years.size):
        t = int(years[t_index])
        base = post_base if (t >= g or universal) else t_index - 1
        if universal and t_index == base:
            yield t_index, t, None
        else:
            yield t_index, t, base


def aggregate(
    result: CallawaySantAnnaResult, cells: Cells, covariance: np.ndarray, critical
) -> CallawaySantAnnaResult:
    """The estimates' standard errors, the pre-trend test and every aggregation, from the
    covariance of the influence functions [ATT(g, t) | cohort shares]; ``critical`` gives
    the simultaneous bands' critical value for the event-study coefficients."""
    glist, pg = cells.glist, cells.pg
    groups_a, times_a, att_a = np.array(cells.groups), np.array(cells.times), np.array(cells.att)
    n_controls_a = np.array(cells.n_controls)
    k = len(cells.att)

    def se_of(coefficients: np.ndarray) -> float:
        return float(np.sqrt(max(coefficients @ covariance @ coefficients, 0.0)))

    unit = np.eye(k + glist.size)
    result.groups, result.times, result.att = groups_a, times_a, att_a
    result.se = np.array([se_of(unit[i]) for i in range(k)])
    result.n_treated = np.array(cells.n_treated)
    result.n_controls = n_controls_a
    if k == 0:
        return result
    result.se[n_controls_a == 0] = np.nan  # the universal base period: zero by definition
    pre = np.flatnonzero((times_a < groups_a) & (n_controls_a > 0))
    result.pretrend = pretrend_test(att_a[pre], covariance[np.ix_(pre, pre)])
    group_position = np.searchsorted(glist, groups_a)
    pg_k = pg[group_position]

    def weighted(selected: np.ndarray) -> tuple[float, np.ndarray]:
        """Estimate and coefficients of sum_k P(G=g_k) ATT_k / sum P(G=g_k) over selected."""
        total = pg_k[selected].sum()
        coefficients = np.zeros(k + glist.size)
        coefficients[:k][selected] = pg_k[selected] / total
        estimate = float(coefficients[:k] @ att_a)
        # Influence of the estimated shares (did's wif): numerator and denominator.
        per_group = np.bincount(
            group_position[selected], weights=att_a[selected], minlength=glist.size
        )
        count = np.bincount(group_position[selected], minlength=glist.size)
        coefficients[k:] = per_group / total - count * (pg_k[selected] @ att_a[selected]) / total**2
        return estimate, coefficients

    def combine(kind: str, index: list[int], parts: list[tuple[float, np.ndarray]], overall):
        overall_att, overall_coefficients = overall
        result.aggregates[kind] = Aggregate(
            kind=kind,
            index=np.array(index),
            att=np.array([p[0] for p in parts]),
            se=np.array([se_of(p[1]) for p in parts]),
            overall_att=float(overall_att),
            overall_se=se_of(overall_coefficients),
        )

    post = times_a >= groups_a
    if not post.any():  # nothing after the start measured (a small group's last cohort)
        return result
    simple = weighted(post)
    result.aggregates["simple"] = Aggregate(
        "simple", np.array([]), np.array([]), np.array([]), simple[0], se_of(simple[1])
    )

    event = times_a - groups_a
    event_index = [int(e) for e in np.unique(event)]
    dynamic = [weighted(event == e) for e in event_index]
    after = [part for e, part in zip(event_index, dynamic, strict=True) if e >= 0]
    combine(
        "dynamic",
        event_index,
        dynamic,
        (np.mean([p[0] for p in after]), np.mean([p[1] for p in after], axis=0)),
    )

    result.critical_value = critical(np.column_stack([part[1] for part in dynamic]))
    result.sensitivity = relative_magnitudes(result.aggregates["dynamic"], result.confidence)

    group_index, group_parts = [], []
    for position, g in enumerate(glist):
        selected = (groups_a == g) & post
        if not selected.any():
            continue
        coefficients = np.zeros(k + glist.size)
        coefficients[:k][selected] = 1.0 / selected.sum()
        group_index.append(int(g))
        group_parts.append((float(att_a[selected].mean()), coefficients, position))
    weights = pg[[p[2] for p in group_parts]]
    total = weights.sum()
    group_att = np.array([p[0] for p in group_parts])
    overall_coefficients = sum(w / total * p[1] for w, p in zip(weights, group_parts, strict=True))
    share_coefficients = np.zeros(glist.size)
    share_coefficients[[p[2] for p in group_parts]] = (
        group_att / total - (weights @ group_att) / total**2
    )
    overall_coefficients[k:] += share_coefficients
    combine(
        "group",
        group_index,
        [(p[0], p[1]) for p in group_parts],
        (float(weights @ group_att / total), overall_coefficients),
    )

    calendar_index = [
        int(t) for t in np.unique(times_a) if t >= glist.min() and ((times_a == t) & post).any()
    ]
    calendar = [weighted((times_a == t) & post) for t in calendar_index]
    combine(
        "calendar",
        calendar_index,
        calendar,
        (np.mean([p[0] for p in calendar]), np.mean([p[1] for p in calendar], axis=0)),
    )
    return result


def pretrend_test(pre_att: np.ndarray, covariance: np.ndarray) -> dict:
    """Wald test that every pre-period ATT(g, t) is zero, as R's ``did`` reports it."""
    if pre_att.size == 0:
        return {"statistic": None, "df": 0, "p_value": None}
    try:
        statistic = float(pre_att @ np.linalg.solve(covariance, pre_att))
    except np.linalg.LinAlgError:
        statistic = float(pre_att @ np.linalg.pinv(covariance) @ pre_att)
    return {
        "statistic": statistic,
        "df": int(pre_att.size),
        "p_value": float(stats.chi2.sf(statistic, pre_att.size)),
    }


def simultaneous_critical_value(
    z_matrix: np.ndarray, coefficients: np.ndarray, confidence: float, n_bootstrap: int, seed: int
) -> float | None:
    """The critical value of simultaneous bands over the event times: a multiplier bootstrap
    (Rademacher weights) of the influence functions, the ``confidence`` quantile of the
    largest t-statistic (Callaway & Sant'Anna 2021, section 4.1)."""
    if n_bootstrap <= 0:
        return None
    influence = z_matrix @ coefficients  # units x event times, variance = column sums of ^2
    se = np.sqrt((influence * influence).sum(axis=0))
    usable = se > 0
    if not usable.any():
        return None
    influence, se = influence[:, usable], se[usable]
    rng = np.random.default_rng(seed)
    draws = np.zeros((n_bootstrap, influence.shape[1]))
    chunk = max(1, 2_000_000 // max(n_bootstrap, 1))
    for first in range(0, influence.shape[0], chunk):
        part = influence[first : first + chunk]
        signs = rng.integers(0, 2, size=(n_bootstrap, part.shape[0])) * 2.0 - 1.0
        draws += signs @ part
    largest = np.abs(draws / se).max(axis=1)
    return float(max(np.quantile(largest, confidence), stats.norm.ppf(0.5 + confidence / 2)))


def gaussian_critical_value(
    covariance: np.ndarray, confidence: float, n_draws: int, seed: int
) -> float | None:
    """The same critical value from draws of N(0, ``covariance``) of the event-study
    estimates, for when the per-unit influence functions are not kept (the groups' runs):
    the multiplier bootstrap approximates this distribution."""
    if n_draws <= 0:
        return None
    se = np.sqrt(np.clip(np.diag(covariance), 0.0, None))
    usable = se > 0
    if not usable.any():
        return None
    covariance, se = covariance[np.ix_(usable, usable)], se[usable]
    values, vectors = np.linalg.eigh((covariance + covariance.T) / 2)
    root = vectors * np.sqrt(np.clip(values, 0.0, None))
    draws = np.random.default_rng(seed).standard_normal((n_draws, se.size)) @ root.T
    largest = np.abs(draws / se).max(axis=1)
    return float(max(np.quantile(largest, confidence), stats.norm.ppf(0.5 + confidence / 2)))


def relative_magnitudes(dynamic: Aggregate, confidence: float, m_bar: float = 1.0) -> list[dict]:
    """Sensitivity in the spirit of HonestDiD's relative-magnitude bounds (Rambachan & Roth
    2023): after the start, the change in the violation of parallel trends from one year to
    the next is at most ``M`` times the largest such change before the start (the largest
    |pre-period estimate|, each a one-year placebo). The bias at event time ``e`` is then at
    most (e + 1) M times it. Per event time: the interval widened by that bias at M = 1,
    and the breakdown value, the largest M at which the interval still excludes zero.
    A conservative approximation, not HonestDiD's optimal confidence sets."""
    pre = np.abs(dynamic.att[(dynamic.index < 0) & (dynamic.att != 0)])
    if pre.size == 0:
        return []
    largest = float(pre.max())
    z = stats.norm.ppf(0.5 + confidence / 2)
    out = []
    for e, att, se in zip(dynamic.index, dynamic.att, dynamic.se, strict=True):
        if e < 0:
            continue
        bias = (e + 1) * m_bar * largest
        margin = abs(att) - z * se
        out.append(
            {
                "event_time": int(e),
                "att": float(att),
                "max_pre_violation": largest,
                "m_bar": m_bar,
                "ci_low": float(att - bias - z * se),
                "ci_high": float(att + bias + z * se),
                "breakdown_m": float(max(margin, 0.0) / ((e + 1) * largest)) if largest else None,
            }
        )
    return out
