"""Settings of one effect-measurement run."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from .panel import OUTCOMES

METHODS = ("psm", "cem", "ipw")
CONTROL_GROUPS = ("never_treated", "not_yet_treated")
CI_METHODS = ("bootstrap", "analytic")
EXACT_KEYS = ("db07_section", "size_band", "age_band", "region")
# Names accepted in ``group_by`` (and the CLI) -> the key used in the result.
GROUP_KEYS = {
    "offer_id": "offer_id",
    "offer": "offer_id",
    "programme": "offer_id",
    "operator_id": "operator_id",
    "operator": "operator_id",
    "level": "level",
    "region": "region_code",
    "region_code": "region_code",
    "cohort": "cohort",
}


@dataclass(frozen=True)
class EffectConfig:
    """How to estimate; the defaults follow the issue and common practice.

    - ``horizons``: years after the start year; horizon ``h`` compares year ``g + h`` with
      the baseline ``g - 1`` for a cohort starting in year ``g``.
    - ``control_group``: ``never_treated`` companies, or also those not yet treated within
      the largest horizon (first start after ``g + max(horizons)``).
    - ``exact``: variables matched exactly before the propensity score (``psm``) or used as
      the base of the coarsening (``cem``); ``size_bands`` are FTE lower edges of the bands
      above the first one, ``age_bands`` likewise in years (3 years = entrepreneur).
    - ``cem_bins``: CEM coarsens the baseline FTE level and the growth of FTE and turnover
      into this many quantile bins each, within the ``exact`` strata. Coarser bins keep
      more participants but leave more imbalance inside the cells.
    - ``caliper``: in standard deviations of the logit of the propensity score (Austin 2011
      recommends 0.2); ``None`` for no caliper.
    - ``ci_method``: ``bootstrap`` resamples companies (Poisson bootstrap, matching held
      fixed; matched sets are the unit after matching without replacement); ``analytic``
      uses the cluster-robust variance of the same influence functions. The bootstrap
      touches every weighted control once per replicate, so with ``cem``/``ipw`` (where
      every eligible company is a weighted control) it costs B x all companies per group
      and cohort: at national scale use ``analytic`` with those methods.
    - ``group_by``: besides "all", results per ``offer_id`` (alias ``programme``),
      ``operator_id``, ``level``, ``region`` and ``cohort``.
    """

    outcomes: tuple[str, ...] = OUTCOMES
    horizons: tuple[int, ...] = (1, 2, 3)
    method: str = "psm"
    control_group: str = "never_treated"
    exact: tuple[str, ...] = ("db07_section", "size_band", "age_band")
    size_bands: tuple[float, ...] = (1.0, 5.0, 10.0, 50.0, 250.0)
    age_bands: tuple[float, ...] = (4.0, 10.0)
    n_neighbours: int = 1
    caliper: float | None = 0.2
    replace: bool = False
    cem_bins: int = 8
    ci_method: str = "bootstrap"
    n_bootstrap: int = 499
    confidence: float = 0.95
    group_by: tuple[str, ...] = ()
    callaway_santanna: bool = True
    smd_threshold: float = 0.1
    seed: int = 0

    def __post_init__(self) -> None:
        def fail(message: str) -> None:
            raise ValueError(message)

        for name, allowed in (
            ("method", METHODS),
            ("control_group", CONTROL_GROUPS),
            ("ci_method", CI_METHODS),
        ):
            if getattr(self, name) not in allowed:
                fail(f"{name} must be one of {', '.join(allowed)}, got {getattr(self, name)!r}")
        unknown = [o for o in self.outcomes if o not in OUTCOMES]
        if unknown or not self.outcomes:
            fail(f"outcomes must be among {', '.join(OUTCOMES)}, got {list(self.outcomes)}")
        if not self.horizons or any(int(h) != h or h < 0 or h > 10 for h in self.horizons):
            fail(f"horizons must be whole numbers 0..10, got {list(self.horizons)}")
        if any(key not in EXACT_KEYS for key in self.exact):
            fail(f"exact must be among {', '.join(EXACT_KEYS)}, got {list(self.exact)}")
        if any(key not in GROUP_KEYS for key in self.group_by):
            fail(f"group_by must be among {', '.join(GROUP_KEYS)}, got {list(self.group_by)}")
        if list(self.size_bands) != sorted(self.size_bands) or list(self.age_bands) != sorted(
            self.age_bands
        ):
            fail("size_bands and age_bands must be increasing")
        if self.n_neighbours < 1:
            fail("n_neighbours must be at least 1")
        if self.caliper is not None and self.caliper <= 0:
            fail("caliper must be positive or None")
        if self.cem_bins < 1:
            fail("cem_bins must be at least 1")
        if self.ci_method == "bootstrap" and not 50 <= self.n_bootstrap <= 100_000:
            fail("n_bootstrap must be between 50 and 100000")
        if self.seed < 0:
            fail("seed must be a non-negative integer")
        if not 0.5 < self.confidence < 1:
            fail("confidence must be between 0.5 and 1")

    @property
    def group_keys(self) -> tuple[str, ...]:
        """The result keys of ``group_by``, deduplicated, in the order given."""
        return tuple(dict.fromkeys(GROUP_KEYS[key] for key in self.group_by))

    def to_dict(self) -> dict:
        return asdict(self)
