"""The estimates of one group: cohort blocks averaged by participant counts, with their
intervals, and the overall effect over the horizons."""

from __future__ import annotations

import numpy as np

from . import did
from .config import EffectConfig


class Aggregate:
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
        self.overall: list[dict] = []

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
            with np.errstate(invalid="ignore", divide="ignore"):
                psi_att = sums[:, :n_columns] / total
            replicate_att = None
        else:
            psi_att = None
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
        self._overall(att, total, n_controls, psi_att, replicate_att)
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

    def _overall(self, att, total, n_controls, psi_att, replicate_att) -> None:
        """Per outcome, the mean of the effects over the horizons with an estimate, with its
        interval from the same influence functions or bootstrap replicates."""
        horizons = self.config.horizons
        for index, outcome in enumerate(self.config.outcomes):
            columns = np.arange(index * len(horizons), (index + 1) * len(horizons))
            columns = columns[(total[columns] > 0) & (n_controls[columns] > 0)]
            if columns.size == 0:
                continue
            estimate = float(np.mean(att[columns]))
            if psi_att is not None:
                with np.errstate(invalid="ignore"):
                    psi = np.nan_to_num(psi_att[:, columns]).mean(axis=1)
                se = float(np.sqrt((psi * psi).sum()))
                low, high = did.normal_interval(estimate, se, self.config.confidence)
            else:
                replicates = replicate_att[:, columns].mean(axis=1)[:, None]
                low, high = (
                    float(b[0]) for b in did.percentile_interval(replicates, self.config.confidence)
                )
                se = float(did.column_sd(replicates)[0])
            self.overall.append(
                {
                    "group": self.group,
                    "outcome": outcome,
                    "horizons": [int(horizons[c % len(horizons)]) for c in columns],
                    "method": self.config.method,
                    "att": estimate,
                    "se": se,
                    "ci_low": low,
                    "ci_high": high,
                    "n_treated": int(total[columns].max()),
                    "n_controls": int(n_controls[columns].max()),
                }
            )

    def _sum_cells(self, key: str) -> dict:
        sums: dict = {}
        for cell in self.cells:
            index = (cell["outcome"], cell["horizon"])
            sums[index] = sums.get(index, 0) + cell[key]
        return sums
