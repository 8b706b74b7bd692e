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
        return out


def group_time_att(
    y: np.ndarray,
    first_treated: np.ndarray,
    years: np.ndarray,
    *,
    control_group: str = "never_treated",
    confidence: float = 0.95,
) -> CallawaySantAnnaResult:
    """ATT(g, t) for every cohort g and year t after the first, with all aggregations.

    ``y`` is ``(n_units, n_years)`` with NaN for missing; ``first_treated`` the first treated
    year per unit (``0`` = never). Cohorts treated in the first year cannot be compared and are
    dropped; cohorts after the last year count as never treated (as in ``did``).
    """
    if control_group not in ("never_treated", "not_yet_treated"):
        raise ValueError(f"unknown control_group {control_group!r}")
    years = np.asarray(years)
    cohort = np.asarray(first_treated).astype(np.int64).copy()
    cohort[cohort > years[-1]] = NEVER
    keep = (cohort == NEVER) | (cohort > years[0])
    y, cohort = y[keep], cohort[keep]
    n = cohort.size
    glist = np.unique(cohort[cohort != NEVER])
    pg = np.array([np.mean(cohort == g) for g in glist])

    y = np.asfortranarray(y)
    never = cohort == NEVER
    first_year = int(years[0])
    z_matrix = np.zeros((n, glist.size * (years.size - 1) + glist.size), order="F")
    groups, times, att, n_treated, n_controls = [], [], [], [], []
    for g in glist:
        members = np.flatnonzero(cohort == g)
        for t_index in range(1, years.size):
            t = int(years[t_index])
            base = g - 1 if t >= g else t - 1
            change = y[:, t_index] - y[:, base - first_year]
            if control_group == "never_treated":
                control = never & np.isfinite(change)
            else:
                eligible = never | ((cohort > max(t, base)) & (cohort != g))
                control = eligible & np.isfinite(change)
            treated_change = change[members]
            observed = np.isfinite(treated_change)
            nt, nc = int(observed.sum()), int(control.sum())
            if nt == 0 or nc == 0:
                continue
            treated_mean = treated_change[observed].mean()
            control_mean = np.where(control, change, 0.0).sum() / nc
            column = z_matrix[:, len(att)]
            column[:] = np.where(control, (control_mean - change) / nc, 0.0)
            column[members[observed]] = (treated_change[observed] - treated_mean) / nt
            groups.append(int(g))
            times.append(t)
            att.append(treated_mean - control_mean)
            n_treated.append(nt)
            n_controls.append(nc)
    groups_a, times_a, att_a = np.array(groups), np.array(times), np.array(att)
    k = len(att)
    for position, (g, p) in enumerate(zip(glist, pg, strict=True)):
        z_matrix[:, k + position] = ((cohort == g) - p) / n
    z_matrix = z_matrix[:, : k + glist.size]
    covariance = z_matrix.T @ z_matrix

    def se_of(coefficients: np.ndarray) -> float:
        return float(np.sqrt(max(coefficients @ covariance @ coefficients, 0.0)))

    unit = np.eye(k + glist.size)
    result = CallawaySantAnnaResult(
        groups=groups_a,
        times=times_a,
        att=att_a,
        se=np.array([se_of(unit[i]) for i in range(k)]),
        n_treated=np.array(n_treated),
        n_controls=np.array(n_controls),
        control_group=control_group,
        confidence=confidence,
    )
    if k == 0:
        return result
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

    calendar_index = [int(t) for t in np.unique(times_a) if t >= glist.min()]
    calendar = [weighted((times_a == t) & post) for t in calendar_index]
    combine(
        "calendar",
        calendar_index,
        calendar,
        (np.mean([p[0] for p in calendar]), np.mean([p[1] for p in calendar], axis=0)),
    )
    return result
