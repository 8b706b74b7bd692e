"""Balance diagnostics: standardised mean differences and variance ratios.

The standardised mean difference of a covariate is the difference in (weighted) means of
participants and controls divided by the pooled standard deviation *before* matching,
sqrt((s_t^2 + s_c^2) / 2), so that before and after are on the same scale (Austin 2009;
Stuart 2010). |SMD| above 0.1 is the usual sign of imbalance; a variance ratio far from 1
(outside 0.5-2) is another.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

SETS = ("treated_before", "control_before", "treated_after", "control_after")


@dataclass
class BalanceAccumulator:
    """Weighted sums per covariate name and sample, so cohorts can be pooled."""

    sums: dict[str, np.ndarray] = field(default_factory=dict)

    def add(
        self,
        names: list[str],
        treated: np.ndarray,
        controls: np.ndarray,
        treated_after: np.ndarray,
        control_after: np.ndarray,
    ) -> None:
        """Add one cohort: covariate rows of participants and controls, and their weights
        after matching (0 = not used). Before matching every unit has weight 1."""
        samples = (
            (treated, np.ones(treated.shape[0])),
            (controls, np.ones(controls.shape[0])),
            (treated, treated_after),
            (controls, control_after),
        )
        moments = np.zeros((len(names), len(SETS), 3))
        for position, (rows, weight) in enumerate(samples):
            moments[:, position, 0] = weight.sum()
            moments[:, position, 1] = weight @ rows
            moments[:, position, 2] = weight @ (rows * rows)
        for column, name in enumerate(names):
            total = self.sums.setdefault(name, np.zeros((len(SETS), 3)))
            total += moments[column]

    def max_smd(self) -> float:
        """The largest |SMD| after weighting over the applicable covariates (0 if none)."""
        values = [
            abs(row["smd_after"])
            for row in self.table(np.inf)
            if row["smd_after"] is not None and not row["not_applicable"]
        ]
        return max(values, default=0.0)

    def table(self, threshold: float) -> list[dict]:
        rows = []
        for name, total in self.sums.items():
            weight, first, second = total[:, 0], total[:, 1], total[:, 2]
            with np.errstate(divide="ignore", invalid="ignore"):
                mean = first / weight
                variance = np.maximum(second / weight - mean * mean, 0.0)
                scale = np.sqrt((variance[0] + variance[1]) / 2)
                smd_before = (mean[0] - mean[1]) / scale
                smd_after = (mean[2] - mean[3]) / scale
                ratio_before = variance[0] / variance[1]
                ratio_after = variance[2] / variance[3]
            # A covariate that does not vary (or was never observed) says nothing about
            # balance: it is "not applicable", never "balanced".
            not_applicable = not (np.isfinite(scale) and scale > 0)
            if not_applicable:
                smd_before = smd_after = np.nan
            rows.append(
                {
                    "covariate": name,
                    "mean_treated": _finite(mean[2]),
                    "mean_control_before": _finite(mean[1]),
                    "mean_control_after": _finite(mean[3]),
                    "smd_before": _finite(smd_before),
                    "smd_after": _finite(smd_after),
                    "variance_ratio_before": _finite(ratio_before),
                    "variance_ratio_after": _finite(ratio_after),
                    "imbalanced": bool(np.isfinite(smd_after) and abs(smd_after) > threshold),
                    "not_applicable": bool(not_applicable),
                }
            )
        return rows


def _finite(value: float) -> float | None:
    return float(value) if np.isfinite(value) else None
