"""Quality of the one entry through its API, next to a plain BM25 baseline.

Imports shared/catalog/offers.json into a fresh SQLite database (through the
``import_catalog`` command), sends every request of shared/catalog/dev_queries.json to
``POST /api/v1/guide/match`` and prints nDCG@10, recall@10 of the judged offers and the
number of eligibility violations (returned offers the catalog's rules reject), for Indgang
and for bm25s over title + description with the same eligibility filter.

Then the same for the requests of issue 17 (``benchmarks/guide_requests/requests.json``: no
municipality, one-word needs, needs no offer serves, English, long stories), and for both
sets the quality of ``meets_need``: precision and recall of the flag over the returned
results against the judgments (grade 2 or 3 = meets the need), and the number of results
flagged on the requests no offer serves (no offer graded 2 or 3).

With ``--evidence``: measured evidence as a ranking signal (issue 19 point 4,
``guide.engine.RankerConfig.evidence``). The shared catalog holds no measured effects, so
evidence is given to (a) the first offer of each of the first three national operators (the
demo's rule for its programmes with evidence), and (b) random shares of the offers (10, 25
and 50 %, 20 draws each). For each lift weight, nDCG@10 on both request sets against the
ranking without it (the engine as the API builds it: at weight 0 its answers are checked to
be the API's, request by request).

    .venv/bin/python benchmarks/guide_quality.py [--queries PATH] [--own PATH] [--evidence]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "catalog"


def setup_django(workdir: Path) -> None:
    os.environ["INDGANG_VAR_DIR"] = str(workdir)
    os.environ.pop("DATABASE_URL", None)
    os.environ["GUIDE_ANON_RATE"] = "1000000/m"
    os.environ.setdefault("HTTPS", "0")  # the test client speaks plain HTTP
    os.environ["ALLOWED_HOSTS"] = "testserver,localhost,127.0.0.1"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "indgang.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("import_catalog", str(SHARED / "offers.json"), verbosity=0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", type=Path, default=SHARED / "dev_queries.json")
    parser.add_argument(
        "--own", type=Path, default=ROOT / "benchmarks" / "guide_requests" / "requests.json"
    )
    parser.add_argument(
        "--evidence", action="store_true", help="measure evidence as a ranking signal too"
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as workdir:
        setup_django(Path(workdir))
        from django.test import Client

        from indgang.guide.engine import BaselineBM25, check_eligibility, ndcg_at_k, recall_at_k
        from indgang.reference.selectors import municipality_region_codes

        catalog = json.loads((SHARED / "offers.json").read_text())
        offers = {o["id"]: o for o in catalog["offers"]}
        regions = municipality_region_codes()
        client = Client()
        baseline = BaselineBM25(catalog["offers"], regions)
        flags: dict[str, list] = {}

        def through_api(query):
            body = {k: query[k] for k in ("company", "needs", "text")} | {"limit": 10}
            answer = client.post("/api/v1/guide/match", body, content_type="application/json")
            assert answer.status_code == 200, (query["id"], answer.status_code, answer.content)
            results = answer.json()["results"]
            flags[query["id"]] = [(r["offer_id"], r["meets_need"]) for r in results]
            return [r["offer_id"] for r in results]

        def with_baseline(query):
            return baseline.match(query["company"], query["text"], limit=10)

        for label, path in [("shared requests", args.queries), ("issue 17 requests", args.own)]:
            queries = json.loads(path.read_text())["queries"]
            through_api(queries[0])  # build the ranker once before timing
            rows = []
            for name, search in [("Indgang (API)", through_api), ("BM25 baseline", with_baseline)]:
                ndcgs, recalls, times, violations = [], [], [], 0
                for query in queries:
                    start = time.perf_counter()
                    ids = search(query)
                    times.append((time.perf_counter() - start) * 1000)
                    violations += sum(
                        not check_eligibility(query["company"], offers[i], regions).eligible
                        for i in ids
                    )
                    ndcgs.append(ndcg_at_k(ids, query["judgments"], 10))
                    recalls.append(recall_at_k(ids, query["judgments"], 10))
                rows.append(
                    (
                        name,
                        statistics.mean(ndcgs),
                        statistics.mean(recalls),
                        violations,
                        statistics.median(times),
                    )
                )
            print(f"{label}: {len(queries)} requests ({path.name}), {len(offers)} offers")
            print(f"{'':16} {'nDCG@10':>8} {'recall@10':>10} {'violations':>11} {'median ms':>10}")
            for name, ndcg, recall, violations, median in rows:
                print(f"{name:16} {ndcg:8.3f} {recall:10.3f} {violations:11d} {median:10.2f}")
            hits = flagged = meeting = unserved = unserved_flagged = 0
            for query in queries:
                judged = query["judgments"]
                served = any(grade >= 2 for grade in judged.values())
                unserved += not served
                for offer_id, meets in flags[query["id"]]:
                    good = judged.get(offer_id, 0) >= 2
                    flagged += meets
                    meeting += good
                    hits += meets and good
                    unserved_flagged += meets and not served
            precision = hits / flagged if flagged else float("nan")
            recall = hits / meeting if meeting else float("nan")
            print(
                f"meets_need: precision {precision:.3f} ({hits}/{flagged}), recall {recall:.3f} "
                f"({hits}/{meeting}); flagged on the {unserved} requests no offer serves: "
                f"{unserved_flagged}\n"
            )
        if args.evidence:
            sets = {
                "shared": json.loads(args.queries.read_text())["queries"],
                "issue 17": json.loads(args.own.read_text())["queries"],
            }
            evidence_signal(sets, catalog, regions, through_api)


WEIGHTS = (0.05, 0.1, 0.2, 0.3, 0.5)
SHARES = (0.1, 0.25, 0.5)
DRAWS = 20


def evidence_signal(sets: dict, catalog: dict, regions: dict, through_api) -> None:
    """nDCG@10 with measured evidence as a ranking signal, against the ranking without."""
    import random

    from indgang.guide.engine import RankerConfig, ndcg_at_k
    from indgang.guide.matching import ranker as api_ranker

    base = api_ranker()  # the engine exactly as the API built it from the imported catalog
    ids = list(base.ids)

    def quality(ranker, queries) -> float:
        return statistics.mean(
            ndcg_at_k(
                [r.offer_id for r in ranker.match(q["company"], q["needs"], q["text"], 10).results],
                q["judgments"],
                10,
            )
            for q in queries
        )

    for name, queries in sets.items():
        same = sum(
            [r.offer_id for r in base.match(q["company"], q["needs"], q["text"], 10).results]
            == through_api(q)
            for q in queries
        )
        print(
            f"evidence signal, {name} requests: the engine answers as the API on {same}/{len(queries)}"
        )
    national = []
    for operator in sorted(
        {o["operator_id"] for o in catalog["offers"] if o["level"] == "national"}
    ):
        first = next(o["id"] for o in catalog["offers"] if o["operator_id"] == operator)
        national.append(first)
        if len(national) == 3:
            break
    scenarios = [("demo rule: " + ", ".join(national), [dict.fromkeys(national, 1.0)])]
    for share in SHARES:
        draws = [
            dict.fromkeys(random.Random(seed).sample(ids, round(share * len(ids))), 1.0)
            for seed in range(DRAWS)
        ]
        scenarios.append((f"random {share:.0%} of the offers, {DRAWS} draws", draws))
    for name, queries in sets.items():
        without = quality(base, queries)
        print(f"\n{name} requests ({len(queries)}): nDCG@10 without evidence {without:.4f}")
        print(f"{'scenario':58} " + " ".join(f"{'w=' + str(w):>15}" for w in WEIGHTS))
        for label, draws in scenarios:
            cells = []
            for weight in WEIGHTS:
                config = RankerConfig(evidence=weight)
                deltas = [
                    quality(base.with_evidence(evidence).with_config(config), queries) - without
                    for evidence in draws
                ]
                cells.append(
                    f"{statistics.mean(deltas):+.4f}"
                    + (f"/{min(deltas):+.3f}" if len(deltas) > 1 else "")
                )
            print(f"{label[:58]:58} " + " ".join(f"{c:>15}" for c in cells))
    print("\n(change in mean nDCG@10 against no evidence; for random draws: mean/worst draw)")


if __name__ == "__main__":
    main()
