"""National scale: the whole system timed in a database the size of Denmark's.

One command builds a national-size database on SQLite and on PostgreSQL (or reuses the one
it built before) and times the system in it, in-process with Django's test client:

- the register: 800,000 companies with production units and 8 years of yearly figures, from
  the project's synthetic register (``registry/synthetic.py``), through the register's own
  import services;
- the catalog: 2,500 offers across the operators (the demo's offers, copied);
- five years of national CRM activity: 1,000,000 interactions (group kinds with their
  participants), 150,000 contact persons, 100,000 referrals in every status, 100,000 needs
  assessments, 250,000 event sign-ups, 500 performance contracts with their targets, the
  national goals and KPIs, 50,000 survey answers and the demo's effect run.

The base is the demo (``indgang demo`` with 2,000 companies: operators, people and roles,
goals, KPIs, events, an effect run); the bulk is added with ``bulk_create`` in large
batches, copying the demo's rows onto random companies and dates, so every row is one the
application itself could have written. Building is never timed.

Then, for each role's demo login, it requests every main page and API operation ``--repeat``
times with different ids and filters, and reports p50, p95 and the number of SQL queries;
it also times a re-import of 20,000 register companies (unchanged), name searches with and
without typos, and the exports. One table per database, then one combined table.

    .venv/bin/python benchmarks/national.py                       # the issue's size
    .venv/bin/python benchmarks/national.py --scale 0.05          # a twentieth, minutes
    .venv/bin/python benchmarks/national.py --databases sqlite --rebuild
    .venv/bin/python benchmarks/national.py --scale 0.05 --only maal   # pages matching "maal"

SQLite databases go to ``var/bench/national-<scale>.sqlite3``; PostgreSQL to the database
``indgang_national_bench_<scale>`` at ``--postgres`` (default
postgres://postgres@127.0.0.1:5432). Results are also written as JSON beside the table
(``var/bench/national-<database>-<scale>.json``).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

BENCH_DIR = ROOT / "var" / "bench"
BASE_COMPANIES = 2_000  # the demo's own register, the base everything is copied from

# The sizes (scale 1). The catalog and the contracts are national counts that do
# not shrink with --scale: they drive the pages the issue found slow.
SIZES = {
    "companies": 800_000,
    "interactions": 1_000_000,
    "contacts": 150_000,
    "referrals": 100_000,
    "assessments": 100_000,
    "signups": 250_000,
    "survey_answers": 50_000,
}
FIXED = {"offers": 2_500, "contracts": 500}


def scaled(scale: float) -> dict[str, int]:
    sizes = {k: max(int(v * scale), 1) for k, v in SIZES.items()}
    sizes["companies"] = max(sizes["companies"], BASE_COMPANIES)
    return {**sizes, **FIXED}


def scale_tag(scale: float) -> str:
    return f"{scale:g}".replace(".", "_")


def database_url(kind: str, scale: float, postgres: str) -> str:
    if kind == "sqlite":
        return f"sqlite:///{BENCH_DIR / f'national-{scale_tag(scale)}.sqlite3'}"
    return f"{postgres.rstrip('/')}/indgang_national_bench_{scale_tag(scale)}"


# --- The parent: one worker process per database, then one table ---------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--rebuild", action="store_true", help="build again from scratch")
    parser.add_argument("--only", default="", help="time only operations whose name has this")
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument(
        "--skip-evidence", action="store_true", help="do not time `indgang effects_evidence`"
    )
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        from national_worker import run

        run(args)
        return
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    results = {}
    for kind in [d.strip() for d in args.databases.split(",") if d.strip()]:
        url = database_url(kind, args.scale, args.postgres)
        if kind == "postgresql":
            _ensure_postgres(url, args.rebuild)
        elif args.rebuild:
            Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
        out = BENCH_DIR / f"national-{kind}-{scale_tag(args.scale)}.json"
        command = [sys.executable, __file__, "--worker", kind, "--scale", str(args.scale)]
        command += ["--repeat", str(args.repeat), "--only", args.only]
        command += ["--skip-evidence"] if args.skip_evidence else []
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "INDGANG_DEMO_COMPANIES": str(BASE_COMPANIES),
            "ALLOWED_HOSTS": "testserver,localhost",
            "HTTPS": "0",
            "DJANGO_SETTINGS_MODULE": "indgang.settings",
            "INDGANG_EFFECTS_BACKGROUND": "inline",
            # Goals a page leaves to the background are counted only where timed as a job.
            "INDGANG_BACKGROUND": "queue",
            "NATIONAL_BENCH_OUT": str(out),
        }
        subprocess.run(command, env=env, check=True)
        results[kind] = json.loads(out.read_text())
    print_table(results, args.scale)


def _ensure_postgres(url: str, rebuild: bool) -> None:
    import psycopg

    server, name = url.rsplit("/", 1)
    assert "bench" in name
    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if exists and rebuild:
            connection.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            exists = None
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')


def print_table(results: dict, scale: float) -> None:
    kinds = list(results)
    print()
    for kind in kinds:
        build = results[kind]["build"]
        print(f"{kind}: {json.dumps(build['sizes'])}; built in {build.get('seconds', '?')} s")
    print(f"\nscale {scale:g}; p50 / p95 in ms over repeated requests; q = SQL queries (max)\n")
    head = f"{'operation':<58}" + "".join(f"  {k[:10]:>10} p50 {'p95':>7} {'q':>5}" for k in kinds)
    print(head)
    print("-" * len(head))
    names = []
    for kind in kinds:
        for row in results[kind]["rows"]:
            if row["name"] not in names:
                names.append(row["name"])
    for name in names:
        line = f"{name[:58]:<58}"
        for kind in kinds:
            row = next((r for r in results[kind]["rows"] if r["name"] == name), None)
            if row is None:
                line += f"{'':>16} {'':>7} {'':>5}"
            else:
                flag = "!" if row.get("error") else " "
                line += f"{row['p50']:>15.0f}{flag}{row['p95']:>7.0f} {row['queries']:>5}"
        print(line)
    for kind in kinds:
        for row in results[kind]["rows"]:
            if row.get("error"):
                print(f"! {kind} {row['name']}: {row['error']}")


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p50 = statistics.median(ordered)
    p95 = ordered[min(len(ordered) - 1, max(0, int(round(0.95 * len(ordered))) - 1))]
    return p50, p95


if __name__ == "__main__":
    random.seed(16)
    started = time.perf_counter()
    main()
    print(f"\n({time.perf_counter() - started:.0f} s in all)")
