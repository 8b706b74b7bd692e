"""Callaway-Sant'Anna in a run: on all participants, and per group as the matched estimate.

A group's estimate (an offer, operator, level, region or cohort) is Callaway-Sant'Anna on
the group's participants against the same comparison companies as for all participants:
the panel is cut to the group's participants and the companies that never took part (with
``not_yet_treated``, the group's own later participants serve as not yet treated too).
Participants outside the group are left out, as they are from the matched estimate.

With the unconditional outcome regression and never-treated controls (the default), the
comparison companies' side of every 2x2 comparison is the same for every group. It is
worked out once per outcome (:class:`NeverPool`: the means of the changes between two
years and the cross-products of their influence functions), so a group costs its own
participants only, and a run with hundreds of groups stays about as fast as one without.
The estimates and standard errors are those of :func:`group_time_att` on the cut panel
(a test checks it). Other estimators (covariates, ``dr``, ``ipw``, not-yet-treated
controls) run :func:`group_time_att` on the cut panel.

The groups' simultaneous bands use Gaussian draws with the estimates' covariance
(``bands="gaussian"``) instead of the multiplier bootstrap over every company.
"""

from __future__ import annotations

import numpy as np

from .callaway_santanna import (
    NEVER,
    CallawaySantAnnaResult,
    Cells,
    aggregate,
    comparisons,
    gaussian_critical_value,
    group_time_att,
)
from .quality import discreet

CHUNK = 65_536


class NeverPool:
    """The never-treated companies' side of every comparison of two years: per pair
    (base, t) of column indices, the mean change, how many companies have both years, and
    the cross-products of their influence functions (mean - change) / count."""

    def __init__(self, y: np.ndarray, never: np.ndarray, pairs: list[tuple[int, int]]):
        self.index = {pair: i for i, pair in enumerate(pairs)}
        self.mean = np.zeros(len(pairs))
        self.count = np.zeros(len(pairs), dtype=np.int64)
        pool = y[never]
        for i, (base, t) in enumerate(pairs):
            change = pool[:, t] - pool[:, base]
            finite = np.isfinite(change)
            self.count[i] = int(finite.sum())
            if self.count[i]:
                self.mean[i] = change[finite].mean()
        self.cross = np.zeros((len(pairs), len(pairs)))
        bases = np.array([p[0] for p in pairs], dtype=np.intp)
        ends = np.array([p[1] for p in pairs], dtype=np.intp)
        scale = np.where(self.count > 0, 1.0 / np.maximum(self.count, 1), 0.0)
        for first in range(0, pool.shape[0], CHUNK):
            part = pool[first : first + CHUNK]
            change = part[:, ends] - part[:, bases]
            influence = np.where(np.isfinite(change), (self.mean - change) * scale, 0.0)
            self.cross += influence.T @ influence


def _prepare(first_treated: np.ndarray, years: np.ndarray, anticipation: int):
    cohort = np.asarray(first_treated).astype(np.int64).copy()
    cohort[cohort > years[-1]] = NEVER
    keep = (cohort == NEVER) | (cohort > years[0] + anticipation)
    return cohort, keep


def _pairs(cohort, keep, years, anticipation: int, universal: bool) -> list[tuple[int, int]]:
    first_period = 0 if universal else 1
    pairs = set()
    for g in np.unique(cohort[keep & (cohort != NEVER)]):
        for t_index, _t, base in comparisons(g, years, anticipation, universal, first_period):
            if base is not None:
                pairs.add((base, t_index))
    return sorted(pairs)


def _group_from_pool(
    y,
    cohort,
    members,
    n_never: int,
    pool: NeverPool,
    years,
    *,
    confidence,
    anticipation,
    universal: bool,
    n_bootstrap: int,
    seed: int,
) -> CallawaySantAnnaResult:
    """:func:`group_time_att` on (members + never-treated), from the shared pool."""
    n = members.size + n_never
    glist = np.unique(cohort[members])
    pg = np.array([np.count_nonzero(cohort[members] == g) / n for g in glist])
    cells = Cells(glist=glist, pg=pg, n=n)
    first_period = 0 if universal else 1
    treated_parts = []  # per cell: (cohort position, member rows, their influence)
    pair_of = []
    for position, g in enumerate(glist):
        rows = members[cohort[members] == g]
        for t_index, t, base in comparisons(g, years, anticipation, universal, first_period):
            if base is None:
                cells.add(g, t, 0.0, rows.size, 0)
                treated_parts.append((position, rows[:0], np.zeros(0)))
                pair_of.append(None)
                continue
            change = y[rows, t_index] - y[rows, base]
            observed = np.isfinite(change)
            p = pool.index[(base, t_index)]
            nt, nc = int(observed.sum()), int(pool.count[p])
            if nt == 0 or nc == 0:
                continue
            treated_mean = change[observed].mean()
            cells.add(g, t, float(treated_mean - pool.mean[p]), nt, nc)
            influence = (change[observed] - treated_mean) / nt
            treated_parts.append((position, rows[observed], influence))
            pair_of.append(p)
    k = len(cells.att)
    covariance = np.zeros((k + glist.size, k + glist.size))
    pairs = np.array([-1 if p is None else p for p in pair_of], dtype=np.intp)
    real = pairs >= 0
    covariance[np.ix_(np.flatnonzero(real), np.flatnonzero(real))] = pool.cross[
        np.ix_(pairs[real], pairs[real])
    ]
    for position in range(glist.size):  # participants of one cohort: their own block
        in_cohort = [i for i, part in enumerate(treated_parts) if part[0] == position]
        rows = members[cohort[members] == glist[position]]  # sorted, as members are
        block = np.zeros((rows.size, len(in_cohort)))
        for column, i in enumerate(in_cohort):
            _position, where, influence = treated_parts[i]
            block[np.searchsorted(rows, where), column] = influence
        covariance[np.ix_(in_cohort, in_cohort)] += block.T @ block
    # the cohort shares: orthogonal to the cells (each cell's influence sums to zero)
    covariance[k:, k:] = (np.diag(pg) - np.outer(pg, pg)) / n
    result = CallawaySantAnnaResult(
        groups=np.array([]),
        times=np.array([]),
        att=np.array([]),
        se=np.array([]),
        n_treated=np.array([]),
        n_controls=np.array([]),
        control_group="never_treated",
        confidence=confidence,
    )

    def critical(coefficients):
        return gaussian_critical_value(
            coefficients.T @ covariance @ coefficients, confidence, n_bootstrap, seed
        )

    return aggregate(result, cells, covariance, critical)


def group_time_att_by_group(
    y: np.ndarray,
    first_treated: np.ndarray,
    years: np.ndarray,
    groups: list[np.ndarray],
    *,
    control_group: str = "never_treated",
    confidence: float = 0.95,
    covariates: np.ndarray | None = None,
    est_method: str = "reg",
    anticipation: int = 0,
    base_period: str = "varying",
    n_bootstrap: int = 999,
    seed: int = 0,
) -> list[tuple[int, CallawaySantAnnaResult | None]]:
    """Per group (panel rows of its participants): the number of its participants the
    estimator can use, and Callaway-Sant'Anna on them against the comparison companies
    (None when there are none)."""
    years = np.asarray(years)
    cohort, keep = _prepare(first_treated, years, anticipation)
    never = cohort == NEVER
    universal = base_period == "universal"
    fast = control_group == "never_treated" and covariates is None and est_method == "reg"
    pool = None
    if fast and never.any():
        pool = NeverPool(y, never, _pairs(cohort, keep, years, anticipation, universal))
    out = []
    for rows in groups:
        members = np.unique(np.asarray(rows, dtype=np.int64))
        members = members[keep[members] & ~never[members]]
        if members.size == 0 or not never.any():
            out.append((int(members.size), None))
            continue
        if pool is not None:
            result = _group_from_pool(
                y,
                cohort,
                members,
                int(never.sum()),
                pool,
                years,
                confidence=confidence,
                anticipation=anticipation,
                universal=universal,
                n_bootstrap=n_bootstrap,
                seed=seed,
            )
        else:
            units = np.concatenate([members, np.flatnonzero(never)])
            result = group_time_att(
                y[units],
                np.asarray(first_treated)[units],
                years,
                control_group=control_group,
                confidence=confidence,
                covariates=None if covariates is None else covariates[units],
                est_method=est_method,
                anticipation=anticipation,
                base_period=base_period,
                n_bootstrap=n_bootstrap,
                seed=seed,
                bands="gaussian",
            )
        out.append((int(members.size), result))
    return out


def group_entry(group, outcome: str, n_participants: int, result, minimum: int) -> dict:
    """A group's Callaway-Sant'Anna as the result document keeps it: the overall effect,
    the event study with its bands and the pre-trend test, each estimate withheld below
    ``minimum`` participants (discretion) as the matched estimates are."""
    entry = {"group": group, "outcome": outcome, "n_treated": n_participants}
    if result is None or not len(result.att):
        return discreet(entry | {"suppressed": "no_estimate"}, minimum)
    document = result.to_dict()
    counts: dict[int, int] = {}
    for row in document["att_gt"]:
        counts[row["event_time"]] = counts.get(row["event_time"], 0) + row["n_treated"]
    dynamic = [
        discreet(row | {"n_treated": counts.get(row["event_time"], 0)}, minimum)
        for row in document.get("dynamic", [])
    ]
    entry |= {
        "est_method": document["est_method"],
        "overall": document["overall"].get("simple", {}),
        "dynamic": dynamic,
        "pretrend": document["pretrend"],
        "critical_value": document["critical_value"],
    }
    if n_participants < minimum:
        entry["overall"] = {}
        entry["pretrend"] = {}
        entry["critical_value"] = None
    return discreet(entry, minimum)


def group_rows(panel, treatment, key: str, value) -> np.ndarray:
    """The panel rows of a group's participants: by offer, operator or level their first
    participations, by region where they were in the year before the start."""
    first = treatment.first_year
    if key == "cohort":
        return np.flatnonzero(first == int(value))
    if key == "region_code":
        if panel.region is None:
            return np.zeros(0, dtype=np.int64)
        rows = np.flatnonzero(first != NEVER)
        cohorts, inverse = np.unique(first[rows], return_inverse=True)
        indices = [panel.baseline_index(int(g)) for g in cohorts]
        baseline = np.array([-1 if i is None else i for i in indices], dtype=np.int64)[inverse]
        found = baseline >= 0
        rows, baseline = rows[found], baseline[found]
        return rows[panel.region[rows, baseline] == int(value)]
    return treatment.members[key].get(str(value), np.zeros(0, dtype=np.int64))


def run_callaway_santanna(panel, treatment, config, groups, tick) -> tuple[dict, list[dict]]:
    """Per outcome, Callaway-Sant'Anna on all participants (``to_dict``) and, for the
    ``groups`` of the run other than all, each group's entry (:func:`group_entry`)."""
    observed = panel.observed
    covariates = None
    if config.cs_covariates and config.covariates:
        covariates = np.stack([panel.covariates[c][:, observed] for c in config.covariates], 2)
    options = {
        "control_group": config.control_group,
        "confidence": config.confidence,
        "covariates": covariates,
        "est_method": config.cs_method,
        "anticipation": config.anticipation,
        "base_period": config.base_period,
        "seed": config.seed,
        **({} if config.cs_bands else {"n_bootstrap": 0}),
    }
    wanted = [(key, value) for key, value in groups if key is not None]
    rows = [group_rows(panel, treatment, key, value) for key, value in wanted]
    overall, by_group = {}, []
    for outcome in config.outcomes:
        y = panel.outcomes[outcome][:, observed]
        years = panel.years[observed]
        overall[outcome] = group_time_att(y, treatment.first_year, years, **options).to_dict()
        if wanted:
            found = group_time_att_by_group(y, treatment.first_year, years, rows, **options)
            for (key, value), (count, result) in zip(wanted, found, strict=True):
                by_group.append(
                    group_entry({key: value}, outcome, count, result, config.min_participants)
                )
        tick(f"Callaway-Sant'Anna: {outcome}")
    return overall, by_group
