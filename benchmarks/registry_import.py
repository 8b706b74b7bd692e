"""Import speed, peak memory and name-search latency of the company register.

Generates a synthetic register with the demo's generator (``registry/synthetic.py``) into
files (companies CSV with their production units, yearly figures Parquet or CSV), then, for
SQLite and for PostgreSQL,
in a fresh database and a fresh process each: migrates, runs ``import_companies`` and
``import_figures`` through the same services the commands use, and reports rows per second
and the process's peak memory. Then it times name searches (a third with typos) and prints
the median and 95th percentile, overall and for the typo queries alone, and how often the
company the query was made from is among the first 25 results. A second import of the companies and of the figures (all
unchanged: the imports are idempotent) is timed too.

    .venv/bin/python benchmarks/registry_import.py                      # 800,000 companies
    .venv/bin/python benchmarks/registry_import.py --companies 50000    # a quick check
    .venv/bin/python benchmarks/registry_import.py --databases sqlite --figures-format csv

PostgreSQL: ``--postgres-url`` names the benchmark's own database (default
postgres://postgres@127.0.0.1:5432/indgang_registry_bench); the benchmark drops and creates
it, so its name must contain "bench".
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

BENCH_URL = "postgres://postgres@127.0.0.1:5432/indgang_registry_bench"
MUNICIPALITIES = ROOT / "src" / "indgang" / "reference" / "data" / "municipalities.csv"


def municipalities() -> list[tuple[str, int]]:
    with MUNICIPALITIES.open(encoding="utf-8") as handle:
        return [(row["code"], int(row["population"])) for row in csv.DictReader(handle)]


def generate(args) -> tuple[Path, Path, int]:
    from indgang.registry import synthetic

    directory = Path(args.workdir) / f"register-{args.companies}-{args.seed}"
    started = time.perf_counter()
    companies, figures, rows = synthetic.write_files(
        municipalities(),
        args.companies,
        directory,
        seed=args.seed,
        figures_format=args.figures_format,
    )
    print(
        f"generated {args.companies:,} companies and {rows:,} rows of yearly figures "
        f"in {time.perf_counter() - started:.0f} s -> {directory}"
    )
    return companies, figures, rows


def typo(rng: random.Random, word: str) -> str:
    if len(word) < 5:
        return word
    i = rng.randrange(1, len(word) - 2)
    kind = rng.choice(["swap", "drop", "double"])
    if kind == "swap":
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if kind == "drop":
        return word[:i] + word[i + 1 :]
    return word[:i] + word[i] + word[i:]


def queries(companies: Path, n: int, seed: int) -> list[tuple[str, str, bool]]:
    """(query, the name it was made from, with typos?); every third query has typos."""
    rng = random.Random(seed)
    with companies.open(encoding="utf-8") as handle:
        names = [row["name"] for row in csv.DictReader(handle)]
    picked = rng.sample(names, min(n, len(names)))
    out = []
    for i, name in enumerate(picked):
        words = name.split()[:-1] or name.split()  # without the company form, as people type
        if i % 3 == 0:
            words = [typo(rng, w) for w in words]
        out.append((" ".join(words), name, i % 3 == 0))
    return out


# --- The child: one database, one process ---------------------------------------------------


def child(args) -> None:
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "indgang.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from indgang.registry import selectors
    from indgang.registry.importers import company_source, figures_source
    from indgang.registry.models import ProductionUnit
    from indgang.registry.services import import_companies, import_figures

    call_command("migrate", verbosity=0)
    report = {"database": connection.vendor}

    started = time.perf_counter()
    result = import_companies(company_source(args.companies_file))
    seconds = time.perf_counter() - started
    report["companies"] = {
        "rows": result.created,
        "seconds": seconds,
        "units": ProductionUnit.objects.count(),
    }

    started = time.perf_counter()
    result = import_figures(figures_source(args.figures_file))
    seconds = time.perf_counter() - started
    report["figures"] = {"rows": result.created, "seconds": seconds}

    started = time.perf_counter()
    result = import_companies(company_source(args.companies_file))
    report["companies_again"] = {
        "rows": result.unchanged,
        "seconds": time.perf_counter() - started,
    }

    started = time.perf_counter()
    result = import_figures(figures_source(args.figures_file))
    report["figures_again"] = {
        "rows": result.unchanged,
        "seconds": time.perf_counter() - started,
    }
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    timings, typo_timings, found, typo_found = [], [], 0, 0
    for q, name, typos in queries(Path(args.companies_file), args.searches, args.seed):
        started = time.perf_counter()
        page = selectors.search_companies(q, limit=25)
        seconds = time.perf_counter() - started
        hit = any(company.name == name for company in page.companies)
        timings.append(seconds)
        found += hit
        if typos:
            typo_timings.append(seconds)
            typo_found += hit
    report["search"] = {
        "queries": len(timings),
        "found": found,
        **_percentiles(timings),
        "typo_queries": len(typo_timings),
        "typo_found": typo_found,
        "typo": _percentiles(typo_timings),
    }
    # ru_maxrss is in kilobytes on Linux.
    report["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print("RESULT " + json.dumps(report))


def _percentiles(seconds: list[float]) -> dict:
    ordered = sorted(seconds)
    return {
        "median_ms": 1000 * statistics.median(ordered),
        "p95_ms": 1000 * ordered[int(0.95 * (len(ordered) - 1))],
        "max_ms": 1000 * ordered[-1],
    }


def fresh_database(kind: str, args) -> str:
    if kind == "sqlite":
        path = Path(args.workdir) / "bench.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{path}"
    import psycopg

    base, name = args.postgres_url.rsplit("/", 1)
    if "bench" not in name or not name.replace("_", "").isalnum():
        sys.exit(f"{name!r}: the benchmark drops its database, so the name must contain 'bench'")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name}")
        conn.execute(f"CREATE DATABASE {name}")
    return args.postgres_url


def run_one(kind: str, args, companies: Path, figures: Path) -> dict | None:
    url = fresh_database(kind, args)
    command = [
        sys.executable,
        __file__,
        "--child",
        "--database-url",
        url,
        "--companies-file",
        str(companies),
        "--figures-file",
        str(figures),
        "--searches",
        str(args.searches),
        "--seed",
        str(args.seed),
    ]
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    for line in done.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[len("RESULT ") :])
    print(f"{kind}: failed\n{done.stdout}\n{done.stderr}", file=sys.stderr)
    return None


def show(report: dict) -> None:
    c, f, a, s = report["companies"], report["figures"], report["figures_again"], report["search"]
    ca = report["companies_again"]
    print(f"\n{report['database']}")
    print(
        f"  companies      {c['rows']:>10,} rows  {c['seconds']:7.1f} s  "
        f"{c['rows'] / c['seconds']:>9,.0f} rows/s ({c['units']:,} production units)"
    )
    print(
        f"  yearly figures {f['rows']:>10,} rows  {f['seconds']:7.1f} s  "
        f"{f['rows'] / f['seconds']:>9,.0f} rows/s"
    )
    print(
        f"  companies again{ca['rows']:>10,} rows  {ca['seconds']:7.1f} s  "
        f"{ca['rows'] / ca['seconds']:>9,.0f} rows/s (all unchanged)"
    )
    print(
        f"  figures again  {a['rows']:>10,} rows  {a['seconds']:7.1f} s  "
        f"{a['rows'] / a['seconds']:>9,.0f} rows/s (all unchanged)"
    )
    print(f"  peak memory    {report['peak_mb']:,.0f} MB")
    t = s["typo"]
    print(
        f"  name search    {s['queries']} queries, the company in the first 25 for "
        f"{s['found']}; median {s['median_ms']:.1f} ms, p95 {s['p95_ms']:.1f} ms, "
        f"max {s['max_ms']:.1f} ms"
    )
    print(
        f"    with typos   {s['typo_queries']} of them, the company in the first 25 for "
        f"{s['typo_found']}; median {t['median_ms']:.1f} ms, p95 {t['p95_ms']:.1f} ms, "
        f"max {t['max_ms']:.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--companies", type=int, default=800_000)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--postgres-url", default=BENCH_URL)
    parser.add_argument("--figures-format", choices=["parquet", "csv"], default="parquet")
    parser.add_argument("--searches", type=int, default=300)
    parser.add_argument("--workdir", default=str(Path(tempfile.gettempdir()) / "indgang-bench"))
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--database-url", help=argparse.SUPPRESS)
    parser.add_argument("--companies-file", help=argparse.SUPPRESS)
    parser.add_argument("--figures-file", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    Path(args.workdir).mkdir(parents=True, exist_ok=True)
    companies, figures, _rows = generate(args)
    for kind in args.databases.split(","):
        report = run_one(kind.strip(), args, companies, figures)
        if report:
            show(report)


if __name__ == "__main__":
    main()
