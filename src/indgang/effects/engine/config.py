"""Settings of one effect-measurement run."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from .panel import OUTCOMES
from .quality import MIN_PARTICIPANTS

METHODS = ("psm", "cem", "ipw")
CONTROL_GROUPS = ("never_treated", "not_yet_treated")
CI_METHODS = ("bootstrap", "analytic")
CS_METHODS = ("reg", "dr", "ipw")
BASE_PERIODS = ("varying", "universal")
REGISTER_EXACT = ("db07_section", "size_band", "age_band")
# With the analyst's covariates and the neighbours left to the engine, it tries these in
# turn, with replacement, and keeps the first that balances (see run._choose_neighbours).
AUTO_NEIGHBOURS = (1, 3, 5)
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
    - ``covariates``: the analyst's own columns of the panel, taken in the baseline year
      (the last year of the panel before the start); ``register_covariates`` switches the
      register's (levels and growth of the outcomes, age, region, industry) on or off.
    - ``exact``: None chooses: the register's industry, size and age bands (with register
      covariates) and every covariate of the analyst's that takes two values only.
    - ``n_neighbours``/``replace``: None chooses: without the analyst's covariates one
      neighbour without replacement (the register's design); with them, matching with
      replacement and the fewest neighbours of ``AUTO_NEIGHBOURS`` that balance every
      covariate, which suits a small group of participants against a large pool.
    - ``min_participants``: no estimate is reported for fewer participants (discretion).
    - ``cs_method``: Callaway-Sant'Anna's estimator, ``reg`` (outcome regression; without
      covariates the plain difference), ``dr`` (doubly robust) or ``ipw`` (Sant'Anna & Zhao
      2020), on the analyst's covariates when ``cs_covariates``; ``anticipation`` years and
      the ``base_period`` as in R's ``did``.
    - ``cs_bands``: simultaneous confidence bands for Callaway-Sant'Anna's event study (a
      multiplier bootstrap over every company: most of a run's time at national size); off
      where no event study is shown (the evidence per offer needs only the pre-trend test).
    - ``group_by``: besides "all", results per ``offer_id`` (alias ``programme``),
      ``operator_id``, ``level``, ``region`` and ``cohort``.
    """

    outcomes: tuple[str, ...] = OUTCOMES
    horizons: tuple[int, ...] = (1, 2, 3)
    method: str = "psm"
    control_group: str = "never_treated"
    exact: tuple[str, ...] | None = None
    size_bands: tuple[float, ...] = (1.0, 5.0, 10.0, 50.0, 250.0)
    age_bands: tuple[float, ...] = (4.0, 10.0)
    n_neighbours: int | None = None
    caliper: float | None = 0.2
    replace: bool | None = None
    covariates: tuple[str, ...] = ()
    register_covariates: bool = True
    id_column: str = "cvr"
    min_participants: int = MIN_PARTICIPANTS
    cs_method: str = "reg"
    cs_covariates: bool = True
    anticipation: int = 0
    base_period: str = "varying"
    cem_bins: int = 8
    ci_method: str = "bootstrap"
    n_bootstrap: int = 499
    confidence: float = 0.95
    group_by: tuple[str, ...] = ()
    callaway_santanna: bool = True
    cs_bands: bool = True
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
        for name, allowed in (("cs_method", CS_METHODS), ("base_period", BASE_PERIODS)):
            if getattr(self, name) not in allowed:
                fail(f"{name} must be one of {', '.join(allowed)}, got {getattr(self, name)!r}")
        if not self.outcomes or any(not str(o).strip() for o in self.outcomes):
            fail("outcomes must name at least one column")
        if not self.register_covariates and self.outcomes == OUTCOMES:
            fail("without register covariates, name the outcome columns (outcomes)")
        if not self.register_covariates and not self.covariates and self.method != "cem":
            fail("without register covariates, name the covariates to match on (covariates)")
        if self.id_column != "cvr" and self.register_covariates:
            fail("an id column other than cvr needs register_covariates off")
        if not 1 <= self.min_participants <= 100_000:
            fail("min_participants must be between 1 and 100000")
        if not 0 <= self.anticipation <= 5:
            fail("anticipation must be a whole number 0..5")
        if not self.horizons or any(int(h) != h or h < 0 or h > 10 for h in self.horizons):
            fail(f"horizons must be whole numbers 0..10, got {list(self.horizons)}")
        allowed_exact = (EXACT_KEYS if self.register_covariates else ()) + tuple(self.covariates)
        if self.exact is not None and any(key not in allowed_exact for key in self.exact):
            fail(f"exact must be among {', '.join(allowed_exact)}, got {list(self.exact)}")
        if any(key not in GROUP_KEYS for key in self.group_by):
            fail(f"group_by must be among {', '.join(GROUP_KEYS)}, got {list(self.group_by)}")
        if list(self.size_bands) != sorted(self.size_bands) or list(self.age_bands) != sorted(
            self.age_bands
        ):
            fail("size_bands and age_bands must be increasing")
        if self.n_neighbours is not None and self.n_neighbours < 1:
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
    def auto_matching(self) -> bool:
        """The engine chooses neighbours and replacement (analyst's covariates, not set)."""
        return bool(self.covariates) and self.n_neighbours is None and self.replace is None

    def exact_keys(self, binary: tuple[str, ...] = ()) -> tuple[str, ...]:
        """The exact-matching keys: as given, or the default (``binary`` are the analyst's
        covariates with two values)."""
        if self.exact is not None:
            return tuple(self.exact)
        return (REGISTER_EXACT if self.register_covariates else ()) + tuple(binary)

    @property
    def group_keys(self) -> tuple[str, ...]:
        """The result keys of ``group_by``, deduplicated, in the order given."""
        return tuple(dict.fromkeys(GROUP_KEYS[key] for key in self.group_by))

    def to_dict(self) -> dict:
        return asdict(self)
