"""Benchmark of the effect-measurement engine on a national-scale synthetic register.

    .venv/bin/python benchmarks/effects_engine.py [--companies N] [--participants M]
        [--method psm|cem|ipw] [--ci bootstrap|analytic] [--bootstrap B]

Generates N companies x 8 years (default 1,000,000) with M participants (default N / 20)
over four cohorts, runs the full estimation (all outcomes, horizons 1-3, groups by offer,
operator and level, Callaway-Sant'Anna) and prints the wall time of each step and the peak
memory of the process. It also times the matching step alone: M participants against the
never-treated companies on a scalar score.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from indgang.effects.engine import (  # noqa: E402
    EffectConfig,
    estimate_effects,
    read_panel,
    read_participations,
    synthetic_register,
)
from indgang.effects.engine.matching import match_nearest  # noqa: E402


def peak_memory_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--companies", type=int, default=1_000_000)
    parser.add_argument("--participants", type=int, default=None)
    parser.add_argument("--method", default="psm", choices=("psm", "cem", "ipw"))
    parser.add_argument("--ci", default="bootstrap", choices=("bootstrap", "analytic"))
    parser.add_argument("--bootstrap", type=int, default=EffectConfig().n_bootstrap)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    participants = args.participants or args.companies // 20

    def report(step: str, seconds: float) -> None:
        print(f"{step:<34} {seconds:8.2f} s   peak {peak_memory_mib():8.0f} MiB", flush=True)

    print(
        f"{args.companies:,} companies x 8 years, {participants:,} participants, "
        f"method {args.method}, CI {args.ci}"
    )
    started = time.perf_counter()
    data = synthetic_register(
        args.companies, participants, cohorts=(2018, 2019, 2020, 2021), seed=args.seed
    )
    report(f"generate ({len(data.panel):,} rows)", time.perf_counter() - started)

    started = time.perf_counter()
    panel = read_panel(data.panel)
    participations = read_participations(data.participations)
    report("validate and reshape", time.perf_counter() - started)
    del data

    config = EffectConfig(
        method=args.method,
        ci_method=args.ci,
        n_bootstrap=args.bootstrap,
        group_by=("offer_id", "operator_id", "level"),
        seed=args.seed,
    )
    started = time.perf_counter()
    result = estimate_effects(panel, participations, config)
    total = time.perf_counter() - started
    for step, seconds in result.timings.items():
        report(f"  {step}", seconds)
    report("estimate_effects total", total)

    rng = np.random.default_rng(args.seed)
    controls = args.companies - participants
    treated_score = rng.normal(0.5, 1.0, participants)
    control_score = rng.normal(0.0, 1.0, controls)
    treated_stratum = rng.integers(0, 200, participants)
    control_stratum = rng.integers(0, 200, controls)
    for replace in (False, True):
        started = time.perf_counter()
        matches = match_nearest(
            treated_score,
            treated_stratum,
            control_score,
            control_stratum,
            caliper=0.05,
            replace=replace,
        )
        report(
            f"match {participants:,} vs {controls:,} (replace={replace})",
            time.perf_counter() - started,
        )
        print(f"{'':<34} matched {np.mean(matches[:, 0] >= 0):.1%}")

    print("\nheadline (all participants):")
    for entry in result.estimates:
        if entry["group"] == "all" and entry["outcome"] in ("employees_fte", "turnover_dkk"):
            print(
                f"  {entry['outcome']:<14} h={entry['horizon']}  ATT {entry['att']:>12.4g} "
                f"[{entry['ci_low']:.4g}, {entry['ci_high']:.4g}]  {entry['att_pct']:6.2f} %  "
                f"n_treated {entry['n_treated']:,}  n_controls {entry['n_controls']:,}"
            )


if __name__ == "__main__":
    main()
