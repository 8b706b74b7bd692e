"""A synthetic company register with known programme effects, for tests and benchmarks.

Companies grow with persistence (this year's employment growth carries a share ``rho`` of
last year's), young companies grow faster, industries share yearly shocks, small companies
leave the register more often, and some are founded during the window. Participation is
selected on what the register shows before the first cohort starts: larger, younger,
faster-growing companies, in some regions and industries, join more often. So a naive
comparison of participants with everyone else mistakes selection for effect. Growth without
participation depends only on the company's observed state (size, growth, age, industry),
and nothing after recruitment decides who joins when, so matching on the pre-period state
recovers the effect and the companies that never join are valid controls.

Effects are added in levels, the same for every participant, by years since the start
(``DEFAULT_EFFECTS``), so the true ATT at horizon h is known exactly for any subgroup.
Everything is drawn from ``numpy.random.default_rng(seed)``: same seed, same data.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .regions import DB07_SECTIONS, MUNICIPALITY_REGION

DEFAULT_EFFECTS: dict[str, dict[int, float]] = {
    "employees_fte": {0: 0.3, 1: 0.8, 2: 1.2, 3: 1.5},
    "turnover_dkk": {0: 2.0e5, 1: 6.0e5, 2: 9.0e5, 3: 1.2e6},
    "value_added_dkk": {0: 1.0e5, 1: 2.5e5, 2: 3.5e5, 3: 4.5e5},
    "exports_dkk": {0: 2.0e4, 1: 6.0e4, 2: 1.0e5, 3: 1.4e5},
}
OFFERS: tuple[tuple[str, str, str], ...] = (
    ("eksport-vaekst", "eksportraadet", "national"),
    ("vaekstforloeb", "erhvervshus-midtjylland", "decentral"),
    ("digital-omstilling", "erhvervshus-midtjylland", "decentral"),
    ("iværksætterforløb", "erhvervsraad-aarhus", "lokal"),
)
_SECTION_WEIGHTS = np.array(
    [3, 0.2, 8, 0.3, 0.5, 12, 18, 5, 6, 7, 3, 6, 12, 6, 0.2, 1, 3, 3, 4, 0.1, 0.1]
)
_SECTION_PRODUCTIVITY = np.linspace(-0.2, 0.3, len(DB07_SECTIONS))


@dataclass
class SyntheticData:
    """Long panel and participations frames as the CLI would read them, and the truth."""

    panel: pd.DataFrame
    participations: pd.DataFrame
    effects: dict[str, dict[int, float]] = field(default_factory=dict)

    def true_att(self, outcome: str, horizon: int) -> float:
        """The injected effect on ``outcome`` ``horizon`` years after the start year."""
        by_event = self.effects[outcome]
        return by_event.get(horizon, by_event[max(by_event)])


def valid_cvr_numbers(n: int, rng: np.random.Generator) -> np.ndarray:
    """``n`` distinct random CVR numbers that pass the modulus-11 check."""
    prefixes = rng.choice(9_000_000, size=int(n * 1.15) + 100, replace=False) + 1_000_000
    total = np.zeros(prefixes.size, dtype=np.int64)
    rest = prefixes.copy()
    for weight in (2, 3, 4, 5, 6, 7, 2):  # digits 7..1 of the prefix
        total += weight * (rest % 10)
        rest //= 10
    check = (-total) % 11
    usable = check < 10
    return (prefixes[usable] * 10 + check[usable])[:n].astype(np.int64)


def synthetic_register(
    n_companies: int = 20_000,
    n_participants: int = 1_000,
    years: tuple[int, int] = (2016, 2023),
    cohorts: tuple[int, ...] = (2018, 2019, 2020),
    seed: int = 0,
    effects: dict[str, dict[int, float]] | None = None,
    rho: float = 0.4,
) -> SyntheticData:
    """Generate ``n_companies`` over ``years`` (inclusive) with ``n_participants`` starting
    evenly over ``cohorts``."""
    effects = DEFAULT_EFFECTS if effects is None else effects
    rng = np.random.default_rng(seed)
    first, last = years
    year_list = np.arange(first, last + 1)
    n_years = year_list.size
    n = n_companies

    cvr = valid_cvr_numbers(n, rng)
    section = rng.choice(len(DB07_SECTIONS), size=n, p=_SECTION_WEIGHTS / _SECTION_WEIGHTS.sum())
    municipalities = np.sort(np.fromiter(MUNICIPALITY_REGION, dtype=np.int64))
    municipality = rng.choice(municipalities, size=n)
    region = np.array([MUNICIPALITY_REGION[m] for m in municipalities])[
        np.searchsorted(municipalities, municipality)
    ]
    entrant = rng.random(n) < 0.2
    founded = np.where(
        entrant,
        rng.integers(first + 1, last + 1, size=n),
        first - np.floor(rng.exponential(12.0, size=n)).astype(np.int64),
    )
    start_column = np.clip(founded - first, 0, n_years - 1)

    year_shock = rng.normal(0.01, 0.02, size=n_years)
    section_shock = rng.normal(0.0, 0.03, size=(len(DB07_SECTIONS), n_years))
    log_fte = np.full((n, n_years), np.nan)
    growth = np.zeros(n)
    alive = np.zeros((n, n_years), dtype=bool)
    exited = np.zeros(n, dtype=bool)
    level = np.where(entrant, rng.normal(0.6, 0.6, size=n), rng.normal(1.6, 0.9, size=n))
    for t in range(n_years):
        born = start_column <= t
        young = (year_list[t] - founded) <= 3
        shock = rng.normal(0.0, 0.12, size=n)
        new_growth = year_shock[t] + section_shock[section, t] + 0.08 * young + rho * growth
        new_growth = new_growth + shock
        started = start_column == t
        growth = np.where(started, 0.0, np.where(born, new_growth, 0.0))
        level = np.where(born & ~started, level + growth, level)
        hazard = np.where(np.exp(level) < 3.0, 0.07, 0.03)
        exited |= born & ~started & (rng.random(n) < hazard)
        alive[:, t] = born & ~exited
        log_fte[:, t] = np.where(alive[:, t], level, np.nan)
    fte0 = np.exp(log_fte)
    log_productivity = rng.normal(np.log(9.0e5), 0.35, size=n) + _SECTION_PRODUCTIVITY[section]
    drift = np.cumsum(rng.normal(0.0, 0.05, size=(n, n_years)), axis=1)
    turnover0 = fte0 * np.exp(log_productivity[:, None] + drift)
    value_share = rng.uniform(0.25, 0.45, size=n)
    value_added0 = turnover0 * value_share[:, None] * np.exp(rng.normal(0, 0.05, (n, n_years)))
    export_share = np.where(rng.random(n) < 0.4, rng.beta(2.0, 5.0, size=n), 0.0)
    exports0 = turnover0 * export_share[:, None]

    # Recruitment looks at the register in the year before the first cohort: what a company
    # does after that cannot decide whether it joins later or stays out.
    s = min(cohorts) - 1 - first
    recruitment_growth = log_fte[:, s] - log_fte[:, s - 1] if s >= 1 else np.zeros(n)
    score = (
        0.5 * (log_fte[:, s] - 1.6)
        + 4.0 * recruitment_growth
        + 0.7 * ((min(cohorts) - 1 - founded) <= 3)
        + 0.4 * (region == 1081)
        + 0.3 * np.isin(section, (2, 9, 12))
    )
    first_start = np.zeros(n, dtype=np.int64)
    per_cohort = np.diff(np.linspace(0, n_participants, len(cohorts) + 1).round().astype(int))
    for cohort, size in zip(cohorts, per_cohort, strict=True):
        b = cohort - 1 - first
        eligible = alive[:, b] & (first_start == 0) & np.isfinite(score)
        key = np.where(eligible, score + rng.gumbel(size=n), -np.inf)
        chosen = np.argsort(-key)[: min(size, int(eligible.sum()))]
        first_start[chosen] = cohort

    event = np.where(first_start[:, None] > 0, year_list[None, :] - first_start[:, None], -1)
    outcomes = {
        "employees_fte": fte0,
        "turnover_dkk": turnover0,
        "value_added_dkk": value_added0,
        "exports_dkk": exports0,
    }
    for name, values in outcomes.items():
        by_event = effects.get(name, {})
        if not by_event:
            continue
        table = np.array([by_event.get(e, by_event[max(by_event)]) for e in range(n_years)])
        treated = event >= 0
        added = np.where(treated, table[np.clip(event, 0, n_years - 1)], 0.0)
        if name == "exports_dkk":
            added = added * (export_share[:, None] > 0)
        outcomes[name] = values + added
    exports = outcomes["exports_dkk"]
    exports[rng.random(exports.shape) < 0.03] = np.nan

    company, column = np.nonzero(alive)
    panel = pd.DataFrame(
        {
            "cvr": cvr[company],
            "year": year_list[column],
            "municipality_code": municipality[company],
            "db07_section": np.asarray(DB07_SECTIONS)[section[company]],
            "founded_year": founded[company],
            **{name: values[company, column] for name, values in outcomes.items()},
        }
    )

    participants = np.flatnonzero(first_start > 0)
    offer = rng.integers(0, len(OFFERS), size=participants.size)
    month = rng.integers(1, 13, size=participants.size)
    again = rng.random(participants.size) < 0.15
    rows = [
        (participants, first_start[participants], offer, month),
        (
            participants[again],
            first_start[participants[again]] + rng.integers(1, 3, size=again.sum()),
            (offer[again] + 1) % len(OFFERS),
            month[again],
        ),
    ]
    frames = []
    for who, start_year, which, start_month in rows:
        offers = np.asarray(OFFERS)[which]
        frames.append(
            pd.DataFrame(
                {
                    "cvr": cvr[who],
                    "offer_id": offers[:, 0],
                    "operator_id": offers[:, 1],
                    "level": offers[:, 2],
                    "start_date": [
                        f"{y:04d}-{m:02d}-01" for y, m in zip(start_year, start_month, strict=True)
                    ],
                }
            )
        )
    participations = pd.concat(frames, ignore_index=True)
    return SyntheticData(panel=panel, participations=participations, effects=effects)
