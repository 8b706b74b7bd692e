"""Benchmark of the effect-measurement engine on a national-scale synthetic register.

    .venv/bin/python benchmarks/effects_engine.py [--companies N] [--participants M]
        [--method psm|cem|ipw] [--ci bootstrap|analytic] [--bootstrap B]

Generates N companies x 8 years (default 1,000,000) with M participants (default N / 20)
over four cohorts, runs the full estimation (all outcomes, horizons 1-3, groups by offer,
operator and level, Callaway-Sant'Anna) and prints the wall time of each step and the peak
memory of the process. It also times the matching step alone: M participants against the
never-treated companies on a scalar score, and, on the same scores, two established
libraries (``pip install -e '.[bench]'``; skipped when they are not installed, or with
``--no-libraries``):

- causalml's ``NearestNeighborMatch`` without replacement (caliper 0.2 SD, 1:1): it scans
  every free control once per participant, so it is timed on ``--library-sample``
  participants (default 1,000) against all controls and scaled up to M; with replacement
  (scikit-learn's nearest neighbours) on all of them;
- DoWhy's propensity-score matching (``backdoor.propensity_score_matching``, ATT, the score
  given as its ``propensity_score`` column so that only the matching is timed; DoWhy also
  matches every control to a participant for the ATC, which is part of its time).

Matching with replacement is the same nearest neighbour whoever computes it, so the share of
participants given the same control by the engine and by each library is printed too.
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
    parser.add_argument("--no-libraries", action="store_true", help="skip causalml and DoWhy")
    parser.add_argument("--library-sample", type=int, default=1_000)
    parser.add_argument(
        "--validation", action="store_true", help="print the validation table and stop"
    )
    args = parser.parse_args()
    if args.validation:
        validation_table()
        return
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

    if not args.no_libraries:
        compare_libraries(treated_score, control_score, args, report)

    print("\nheadline (all participants):")
    for entry in result.estimates:
        if entry["group"] == "all" and entry["outcome"] in ("employees_fte", "turnover_dkk"):
            print(
                f"  {entry['outcome']:<14} h={entry['horizon']}  ATT {entry['att']:>12.4g} "
                f"[{entry['ci_low']:.4g}, {entry['ci_high']:.4g}]  {entry['att_pct']:6.2f} %  "
                f"n_treated {entry['n_treated']:,}  n_controls {entry['n_controls']:,}"
            )


def compare_libraries(treated_score, control_score, args, report) -> None:
    """The same scalar-score matching (no strata) by the engine, causalml and DoWhy."""
    import pandas as pd

    n_treated, n_controls = treated_score.size, control_score.size
    caliper = 0.2 * float(np.std(np.concatenate([treated_score, control_score])))
    none_t = np.zeros(n_treated, dtype=np.int64)
    none_c = np.zeros(n_controls, dtype=np.int64)
    print(
        f"\nmatching without strata, caliper 0.2 SD = {caliper:.3f}, {n_treated:,} vs {n_controls:,}"
    )
    ours = {}
    for replace in (False, True):
        started = time.perf_counter()
        ours[replace] = match_nearest(
            treated_score, none_t, control_score, none_c, caliper=caliper, replace=replace
        )[:, 0]
        report(f"  engine (replace={replace})", time.perf_counter() - started)
    scores = np.concatenate([treated_score, control_score])
    treat = np.r_[np.ones(n_treated, dtype=int), np.zeros(n_controls, dtype=int)]
    frame = pd.DataFrame({"treat": treat, "score": scores, "y": np.zeros(treat.size)})

    try:
        from causalml.match import NearestNeighborMatch
    except ImportError:
        print("  causalml is not installed (pip install -e '.[bench]'): skipped")
    else:
        sample = min(args.library_sample, n_treated)
        subset = pd.concat([frame.iloc[:sample], frame.iloc[n_treated:]])
        matcher = NearestNeighborMatch(caliper=0.2, replace=False, ratio=1, shuffle=False)
        matcher.caliper = caliper / float(np.std(subset["score"]))  # the same absolute caliper
        started = time.perf_counter()
        matcher.match(subset, "treat", ["score"])
        seconds = time.perf_counter() - started
        report(f"  causalml (replace=False), {sample:,} treated", seconds)
        print(f"{'':<34} scaled to {n_treated:,} treated: {seconds * n_treated / sample:,.0f} s")
        matcher = NearestNeighborMatch(caliper=0.2, replace=True, ratio=1, n_jobs=1)
        started = time.perf_counter()
        matcher.match(frame, "treat", ["score"])
        report("  causalml (replace=True)", time.perf_counter() - started)
        pairs = matcher.matched_indexes_
        theirs = np.full(n_treated, -1)
        theirs[pairs["from"].to_numpy()] = pairs["to"].to_numpy() - n_treated
        same = np.mean(theirs[ours[True] >= 0] == ours[True][ours[True] >= 0])
        print(f"{'':<34} same control as the engine: {same:.2%}")

    try:
        import logging

        from dowhy import CausalModel

        logging.getLogger("dowhy").setLevel(logging.WARNING)
    except ImportError:
        print("  DoWhy is not installed (pip install -e '.[bench]'): skipped")
    else:
        data = frame.assign(propensity_score=frame["score"], x=frame["score"])
        started = time.perf_counter()
        model = CausalModel(data=data, treatment="treat", outcome="y", common_causes=["x"])
        estimand = model.identify_effect(proceed_when_unidentifiable=True)
        model.estimate_effect(
            estimand, method_name="backdoor.propensity_score_matching", target_units="att"
        )
        report("  DoWhy propensity-score matching", time.perf_counter() - started)


def validation_table() -> None:
    """``--validation``: the validation cases against known answers (test extra needed)."""
    import json
    import subprocess
    import tempfile

    import moderndid

    rows = []
    data = moderndid.load_mpdta().sort(["countyreal", "year"])
    years = np.unique(data["year"].to_numpy())
    n = data["countyreal"].n_unique()
    y = data["lemp"].to_numpy().reshape(n, years.size)
    first = data["first.treat"].to_numpy().reshape(n, years.size)[:, 0]
    x = data["lpop"].to_numpy().reshape(n, years.size)[:, :, None]
    from indgang.effects.engine import group_time_att

    started = time.perf_counter()
    ours = group_time_att(y, first, years, covariates=x, est_method="dr")
    seconds = time.perf_counter() - started
    ref = moderndid.att_gt(data=data, yname="lemp", tname="year", idname="countyreal",
                           gname="first.treat", xformla="~lpop", est_method="dr",
                           boot=False, cband=False)  # fmt: skip
    simple = ours.aggregates["simple"]
    rows.append(("mpdta DR lpop, overall ATT", simple.overall_att,
                 moderndid.aggte(ref, type="simple", boot=False, cband=False).overall_att,
                 None, (simple.overall_att - 1.96 * simple.overall_se,
                        simple.overall_att + 1.96 * simple.overall_se), seconds))  # fmt: skip
    here = Path(__file__).resolve().parents[1]
    for case in ("cps", "psid"):
        with tempfile.TemporaryDirectory() as folder:
            subprocess.run([sys.executable, str(here / "benchmarks" / "lalonde_files.py"), case,
                            folder], check=True)  # fmt: skip
            started = time.perf_counter()
            subprocess.run(
                [str(here / ".venv/bin/indgang"), "effects", "--panel", f"{folder}/panel.csv",
                 "--participations", f"{folder}/participations.csv", "--out",
                 f"{folder}/r.json", "--id-column", "person", "--outcomes", "earnings",
                 "--no-register-covariates", "--covariates",
                 "age,educ,black,hisp,marr,nodegree,re74,re75,u74,u75"],
                check=True, capture_output=True,
            )  # fmt: skip
            seconds = time.perf_counter() - started
            result = json.loads(Path(f"{folder}/r.json").read_text())
            (e,) = [e for e in result["estimates"] if e["group"] == "all"]
            rows.append((f"LaLonde NSW vs {case.upper()}-1 ({e['n_treated']} of 185 used)",
                         e["att"], None, 1794.34, (e["ci_low"], e["ci_high"]), seconds))  # fmt: skip
    print(
        f"{'case':<42} {'engine':>10} {'reference':>10} {'truth':>9} {'interval':>22} {'time':>7}"
    )
    for case, engine, reference, truth, (low, high), seconds in rows:
        shown = [f"{v:10.4f}" if v is not None and abs(v) < 10 else
                 (f"{v:10.0f}" if v is not None else f"{'-':>10}") for v in (engine, reference)]  # fmt: skip
        truth_shown = f"{truth:9.0f}" if truth is not None else f"{'-':>9}"
        print(f"{case:<42} {shown[0]} {shown[1]} {truth_shown} "
              f"[{low:9.4g}; {high:9.4g}] {seconds:6.2f}s")  # fmt: skip


if __name__ == "__main__":
    main()
