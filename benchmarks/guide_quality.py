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

    .venv/bin/python benchmarks/guide_quality.py [--queries PATH] [--own PATH]
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


if __name__ == "__main__":
    main()
