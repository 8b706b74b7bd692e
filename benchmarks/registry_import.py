"""Import speed, peak memory and name-search latency of the company register.

Generates a synthetic register with the demo's generator (``registry/synthetic.py``) into
files (companies CSV with their production units, yearly figures Parquet or CSV; kept in
``--workdir`` and reused), then, for SQLite and for PostgreSQL, in a fresh database and a
fresh process each: migrates, runs ``import_companies`` and ``import_figures`` through the
same services the commands use, then both again (every row unchanged: the imports are
idempotent), and reports rows per second and the process's peak memory. Then it times
``--searches`` name searches and prints the median and 95th percentile, overall and per
kind of query, and how often the company a query was made from is among the first 25:

- a company's name without its company form, as people type it;
- the same with a typo in each word of five letters or more (a letter dropped, doubled or
  swapped with the next), a third of all queries;
- the first word alone (a surname or a place: many companies match);
- the name within the company's municipality (the search form's filter).

Times are wall-clock; beside them the CPU seconds the work took (this process, plus the
PostgreSQL server process serving it), which a busy machine does not inflate.

    .venv/bin/python benchmarks/registry_import.py                      # 800,000 companies
    .venv/bin/python benchmarks/registry_import.py --companies 50000    # a quick check
    .venv/bin/python benchmarks/registry_import.py --databases sqlite --figures-format csv
    .venv/bin/python benchmarks/registry_import.py --search-only --keep # search again

PostgreSQL: ``--postgres-url`` names the benchmark's own database (default
postgres://postgres@127.0.0.1:5432/indgang_registry_bench); the benchmark drops and creates
it, so its name must contain "bench". ``--keep`` keeps the databases (SQLite in
``--workdir``) for ``--search-only``, which times the searches in them again.
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
KINDS = ["name", "typo", "first word", "filtered"]


def municipalities() -> list[tuple[str, int]]:
    with MUNICIPALITIES.open(encoding="utf-8") as handle:
        return [(row["code"], int(row["population"])) for row in csv.DictReader(handle)]


def generate(args) -> tuple[Path, Path]:
    from indgang.registry import synthetic

    directory = Path(args.workdir) / f"register-{args.companies}-{args.seed}"
    done = directory / f"done-{args.figures_format}.json"
    if done.exists():
        info = json.loads(done.read_text())
        print(f"reusing {args.companies:,} companies and {info['rows']:,} rows in {directory}")
        return Path(info["companies"]), Path(info["figures"])
    started = time.perf_counter()
    companies, figures, rows = synthetic.write_files(
        municipalities(),
        args.companies,
        directory,
        seed=args.seed,
        figures_format=args.figures_format,
    )
    done.write_text(
        json.dumps({"companies": str(companies), "figures": str(figures), "rows": rows})
    )
    print(
        f"generated {args.companies:,} companies and {rows:,} rows of yearly figures "
        f"in {time.perf_counter() - started:.0f} s -> {directory}"
    )
    return companies, figures


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


def queries(companies: Path, n: int, seed: int) -> list[dict]:
    """Each: the query, its filters, the name it was made from and its kind (``KINDS``)."""
    rng = random.Random(seed)
    with companies.open(encoding="utf-8") as handle:
        rows = [(row["name"], row["municipality_code"]) for row in csv.DictReader(handle)]
    out = []
    for i, (name, municipality) in enumerate(rng.sample(rows, min(n, len(rows)))):
        words = name.split()[:-1] or name.split()  # without the company form, as people type
        kind = "typo" if i % 3 == 0 else KINDS[[0, 2, 0, 3][i % 4]]
        filters = {}
        if kind == "typo":
            words = [typo(rng, w) for w in words]
        elif kind == "first word":
            words = words[:1]
        elif kind == "filtered":
            filters = {"municipality": municipality.zfill(3)}
        out.append({"q": " ".join(words), "filters": filters, "name": name, "kind": kind})
    return out


# --- The child: one database, one process ---------------------------------------------------


def child(args) -> None:
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "indgang.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from indgang.registry.models import Company, ProductionUnit
    from indgang.registry.readers import company_source, figures_source
    from indgang.registry.services import import_companies, import_figures

    call_command("migrate", verbosity=0)
    report = {"database": connection.vendor}
    clock = _Clock(connection)
    if not args.search_only:
        steps = [
            ("companies", import_companies, company_source(args.companies_file), "created"),
            ("figures", import_figures, figures_source(args.figures_file), "created"),
            ("companies_again", import_companies, company_source(args.companies_file), "unchanged"),
            ("figures_again", import_figures, figures_source(args.figures_file), "unchanged"),
        ]
        for key, run_import, source, counted in steps:
            clock.start()
            result = run_import(source)
            report[key] = {"rows": getattr(result, counted), **clock.stop()}
        report["units"] = ProductionUnit.objects.count()
        # ru_maxrss is in kilobytes on Linux: the peak of the imports, before the searches.
        report["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    report["search"] = _search(args, clock)
    report["search"]["companies"] = Company.objects.count()
    print("RESULT " + json.dumps(report))


class _Clock:
    """Wall time, this process's CPU time and (PostgreSQL) its server process's CPU time."""

    def __init__(self, connection):
        self.connection = connection
        self.tick = os.sysconf("SC_CLK_TCK")

    def _server(self) -> float:
        if self.connection.vendor != "postgresql":
            return 0.0
        if not hasattr(self, "pid"):
            with self.connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                self.pid = cursor.fetchone()[0]
        try:
            fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:  # the server on another machine
            return 0.0
        return (int(fields[11]) + int(fields[12])) / self.tick

    def start(self) -> None:
        self.marks = (time.perf_counter(), time.process_time(), self._server())

    def stop(self) -> dict:
        wall, cpu, server = self.marks
        return {
            "seconds": time.perf_counter() - wall,
            "cpu": time.process_time() - cpu,
            "server_cpu": self._server() - server,
        }


def _search(args, clock: _Clock) -> dict:
    from indgang.registry import selectors

    selectors.search_companies("warm up", limit=25)  # imports, connection, first plans
    by_kind = {kind: {"wall": [], "cpu": [], "found": 0} for kind in KINDS}
    for query in queries(Path(args.companies_file), args.searches, args.seed):
        clock.start()
        page = selectors.search_companies(query["q"], limit=25, **query["filters"])
        took = clock.stop()
        kind = by_kind[query["kind"]]
        kind["wall"].append(took["seconds"])
        kind["cpu"].append(took["cpu"] + took["server_cpu"])
        kind["found"] += any(company.name == query["name"] for company in page.companies)
    everything = {
        "wall": [t for k in by_kind.values() for t in k["wall"]],
        "cpu": [t for k in by_kind.values() for t in k["cpu"]],
        "found": sum(k["found"] for k in by_kind.values()),
    }
    return {
        name: {
            "queries": len(k["wall"]),
            "found": k["found"],
            "wall": _percentiles(k["wall"]),
            "cpu": _percentiles(k["cpu"]),
        }
        for name, k in [("all", everything), *by_kind.items()]
        if k["wall"]
    }


def _percentiles(seconds: list[float]) -> dict:
    ordered = sorted(seconds)
    return {
        "median_ms": 1000 * statistics.median(ordered),
        "p95_ms": 1000 * ordered[int(0.95 * (len(ordered) - 1))],
        "max_ms": 1000 * ordered[-1],
    }


# --- The parent ----------------------------------------------------------------------------


def database(kind: str, args) -> str:
    """The benchmark's database: fresh, unless the searches are timed again."""
    if kind == "sqlite":
        path = Path(args.workdir) / f"bench-{args.companies}.sqlite3"
        if not args.search_only:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{path}"
    base, name = args.postgres_url.rsplit("/", 1)
    if "bench" not in name or not name.replace("_", "").isalnum():
        sys.exit(f"{name!r}: the benchmark drops its database, so the name must contain 'bench'")
    if not args.search_only:
        _postgres(base, f"DROP DATABASE IF EXISTS {name}", f"CREATE DATABASE {name}")
    return args.postgres_url


def _postgres(base: str, *statements: str) -> None:
    import psycopg

    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        for sql in statements:
            conn.execute(sql)


def drop(kind: str, url: str, args) -> None:
    if kind == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(f"{url.removeprefix('sqlite:///')}{suffix}").unlink(missing_ok=True)
    else:
        base, name = url.rsplit("/", 1)
        _postgres(base, f"DROP DATABASE IF EXISTS {name}")


def run_one(kind: str, args, companies: Path, figures: Path) -> dict | None:
    url = database(kind, args)
    command = [sys.executable, __file__, "--child", "--database-url", url]
    command += ["--companies-file", str(companies), "--figures-file", str(figures)]
    command += ["--searches", str(args.searches), "--seed", str(args.seed)]
    command += ["--search-only"] if args.search_only else []
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    if not args.keep:
        drop(kind, url, args)
    for line in done.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[len("RESULT ") :])
    print(f"{kind}: failed\n{done.stdout}\n{done.stderr}", file=sys.stderr)
    return None


def show(report: dict) -> None:
    print(f"\n{report['database']}")
    rows = [
        ("companies", "companies", f"({report.get('units', 0):,} production units)"),
        ("yearly figures", "figures", ""),
        ("companies again", "companies_again", "(all unchanged)"),
        ("figures again", "figures_again", "(all unchanged)"),
    ]
    for label, key, note in rows:
        if key in report:
            r = report[key]
            cpu = r["cpu"] + r["server_cpu"]
            print(
                f"  {label:<16}{r['rows']:>10,} rows {r['seconds']:7.1f} s "
                f"{r['rows'] / r['seconds']:>8,.0f} rows/s  (CPU {r['cpu']:.1f} s + server "
                f"{r['server_cpu']:.1f} s: {r['rows'] / cpu:,.0f} rows per CPU second) {note}"
            )
    if "peak_mb" in report:
        print(f"  peak memory     {report['peak_mb']:,.0f} MB (the importing process)")
    search = report["search"]
    print(f"  name search among {search['companies']:,} companies, ms (wall; CPU):")
    for name in ["all", *KINDS]:
        if name in search:
            s = search[name]
            w, c = s["wall"], s["cpu"]
            print(
                f"    {name:<11}{s['queries']:>4} queries, found {s['found']:>4}: "
                f"p50 {w['median_ms']:6.1f}  p95 {w['p95_ms']:6.1f}  max {w['max_ms']:6.1f};"
                f"  CPU p50 {c['median_ms']:5.1f}  p95 {c['p95_ms']:5.1f}"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--companies", type=int, default=800_000)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--postgres-url", default=BENCH_URL)
    parser.add_argument("--figures-format", choices=["parquet", "csv"], default="parquet")
    parser.add_argument("--searches", type=int, default=200)
    parser.add_argument("--workdir", default=str(Path(tempfile.gettempdir()) / "indgang-bench"))
    parser.add_argument("--keep", action="store_true", help="keep the databases afterwards")
    parser.add_argument(
        "--search-only", action="store_true", help="time the searches in the kept databases"
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--database-url", help=argparse.SUPPRESS)
    parser.add_argument("--companies-file", help=argparse.SUPPRESS)
    parser.add_argument("--figures-file", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    Path(args.workdir).mkdir(parents=True, exist_ok=True)
    companies, figures = generate(args)
    for kind in args.databases.split(","):
        report = run_one(kind.strip(), args, companies, figures)
        if report:
            show(report)


if __name__ == "__main__":
    main()
