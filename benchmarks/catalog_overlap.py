"""Benchmark of the catalog's overlap analysis: the shared file, then a synthetic large catalog.

    .venv/bin/python benchmarks/catalog_overlap.py [--offers N] [--seed S]

First times ``indgang.catalog.overlap.analyse`` on the published offers of
``../shared/catalog/offers.json`` (about 240) and prints the clusters it finds. Then builds a
synthetic catalog of N offers (default 10,000) from the shared file: each copy gets an
operator of its own, a random place (mostly one or a few municipalities, as local offers
are most of a real catalog; a tenth stay national) and a reworded description (sentences
shuffled, one dropped, some words replaced by words of other offers), and times the
analysis on it with the peak memory of the process. No Django, no database.
"""

from __future__ import annotations

import argparse
import copy
import csv
import json
import random
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from indgang.catalog.overlap import analyse  # noqa: E402

SHARED = ROOT.parent / "shared" / "catalog" / "offers.json"
MUNICIPALITIES = ROOT / "src" / "indgang" / "reference" / "data" / "municipalities.csv"


def peak_memory_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def synthetic(offers: list[dict], regions: dict[str, str], n: int, seed: int) -> list[dict]:
    rng = random.Random(seed)
    municipalities = sorted(regions)
    region_codes = sorted(set(regions.values()))
    vocabulary = [w for o in offers for w in o["description"].split() if len(w) > 5]
    out = []
    for k in range(n):
        offer = copy.deepcopy(offers[k % len(offers)])
        offer["id"] = f"{offer['id']}-{k}"
        offer["operator_id"] = f"op-{rng.randrange(n // 3 + 1)}"
        geography = offer["eligibility"]["geography"]
        draw = rng.random()
        if draw < 0.1:
            geography.update(scope="national", regions=[], municipalities=[])
        elif draw < 0.3:
            geography.update(scope="regions", regions=[rng.choice(region_codes)], municipalities=[])
        else:
            geography.update(
                scope="municipalities",
                regions=[],
                municipalities=rng.sample(municipalities, rng.choice((1, 1, 1, 2, 4))),
            )
        sentences = offer["description"].split(". ")
        rng.shuffle(sentences)
        if len(sentences) > 3:
            sentences.pop()
        words = ". ".join(sentences).split()
        for _ in range(len(words) // 8):
            words[rng.randrange(len(words))] = rng.choice(vocabulary)
        offer["description"] = " ".join(words)
        out.append(offer)
    return out


def run(label: str, offers: list[dict], regions: dict[str, str]):
    started = time.perf_counter()
    report = analyse(offers, regions)
    seconds = time.perf_counter() - started
    print(
        f"{label:<28} {len(offers):>6} offers  {seconds:7.2f} s  peak {peak_memory_mib():6.0f} MiB"
        f"  candidates {report.candidate_pairs:,}  overlap pairs {report.overlap_pairs:,}"
        f"  clusters {len(report.clusters):,}"
        f" (largest {max((len(c.offer_ids) for c in report.clusters), default=0)} offers)"
    )
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--offers", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--quiet", action="store_true", help="do not list the clusters")
    args = parser.parse_args()

    with MUNICIPALITIES.open(encoding="utf-8") as f:
        regions = {row["code"]: row["region_code"] for row in csv.DictReader(f)}
    shared = json.loads(SHARED.read_text(encoding="utf-8"))
    published = [o for o in shared["offers"] if o["status"] in ("aktiv", "kommende")]

    run("shared file (warm-up)", published, regions)
    report = run("shared file", published, regions)
    if not args.quiet:
        for cluster in report.clusters:
            print(
                f"  #{cluster.number:<3} score {cluster.score:.2f}  "
                f"{len(cluster.operator_ids)} operators  {', '.join(cluster.themes)}: "
                f"{' '.join(cluster.offer_ids)}"
            )
    run("synthetic", synthetic(published, regions, args.offers, args.seed), regions)


if __name__ == "__main__":
    main()
