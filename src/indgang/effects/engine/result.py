"""The result of a run, as plain data that serialises to JSON."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field

import numpy as np


def _plain(value):
    """Recursively convert NumPy scalars/arrays to Python and NaN/inf to None."""
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, np.ndarray):
        return [_plain(item) for item in value.tolist()]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


@dataclass
class EffectResult:
    """Everything a report needs, step by step.

    - ``estimates``: one entry per group, outcome and horizon (aggregated over cohorts) with
      ``group`` ("all" or e.g. ``{"operator_id": "..."}``), ``outcome``, ``horizon``, ``att``,
      ``att_pct``, ``ci_low``, ``ci_high``, ``n_treated``, ``n_controls`` and extras (``se``,
      percent interval, implied totals, missing counts, the naive comparison).
    - ``overall``: per group and outcome, the mean effect over the horizons, with interval.
    - ``cohort_estimates``: the same per cohort, the building blocks of ``estimates``.
    - ``balance``: covariate balance before and after weighting, pooled and per cohort.
    - ``matching``: per cohort, how many participants and controls were eligible and used.
    - ``callaway_santanna``: per outcome, ATT(g, t) and its aggregations.
    - ``callaway_santanna_groups``: per group of ``group_by`` and outcome, its overall
      effect, event study with bands and pre-trend test (``cs_groups.group_entry``).
    - ``warnings``: what a reader must know, each ``{"code", "message", ...figures}``
      (``warnings.py``; the app words them in Danish by the code).
    - ``sample``: counts of participations and participants kept and left out, and why.
    """

    config: dict
    estimates: list[dict] = field(default_factory=list)
    overall: list[dict] = field(default_factory=list)
    cohort_estimates: list[dict] = field(default_factory=list)
    balance: dict = field(default_factory=dict)
    matching: list[dict] = field(default_factory=list)
    callaway_santanna: dict = field(default_factory=dict)
    callaway_santanna_groups: list[dict] = field(default_factory=list)
    sample: dict = field(default_factory=dict)
    warnings: list[dict] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return _plain(
            {
                "config": self.config,
                "sample": self.sample,
                "estimates": self.estimates,
                "overall": self.overall,
                "cohort_estimates": self.cohort_estimates,
                "balance": self.balance,
                "matching": self.matching,
                "callaway_santanna": self.callaway_santanna,
                "callaway_santanna_groups": self.callaway_santanna_groups,
                "warnings": self.warnings,
                "timings": self.timings,
            }
        )

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False, allow_nan=False)

    def estimate(self, outcome: str, horizon: int, group="all") -> dict | None:
        """The aggregated estimate for one group, outcome and horizon, if there is one."""
        for entry in self.estimates:
            if (
                entry["group"] == group
                and entry["outcome"] == outcome
                and (entry["horizon"] == horizon)
            ):
                return entry
        return None
