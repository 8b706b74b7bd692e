"""Speed of the one entry: a match through the API against a catalog of 10,000 offers.

Builds a SQLite database in a temporary folder with the shared catalog scaled up to
``--offers`` offers (copies of the shared offers under new ids), then
1. times ``--requests`` matches through the API in process (median and 95th percentile);
2. serves the app with gunicorn (``--workers`` processes) and measures requests per second
   with wrk under ``--connections`` concurrent connections for ``--seconds`` each, for the
   match and for the trivial ``/healthz`` endpoint of the same app, in the same run.

    .venv/bin/pip install -e '.[bench]'   # gunicorn; wrk comes from Debian (apt-get install wrk)
    .venv/bin/python benchmarks/guide_speed.py [--offers 10000]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "catalog"
PORT = 8765


def setup(workdir: Path, n_offers: int) -> None:
    os.environ.update(
        INDGANG_VAR_DIR=str(workdir),
        GUIDE_ANON_RATE="100000000/m",
        ALLOWED_HOSTS="testserver,localhost,127.0.0.1",
        DJANGO_SETTINGS_MODULE="indgang.settings",
    )
    os.environ.pop("DATABASE_URL", None)
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction

    from indgang.catalog.models import Offer

    call_command("migrate", verbosity=0)
    call_command("import_catalog", str(SHARED / "offers.json"), verbosity=0)
    originals = list(
        Offer.objects.prefetch_related("themes", "regions", "municipalities", "sectors")
    )
    through = {
        name: getattr(Offer, name).through
        for name in ("themes", "regions", "municipalities", "sectors")
    }
    copies, links = [], {name: [] for name in through}
    for i in range(n_offers - len(originals)):
        source = originals[i % len(originals)]
        copy = Offer(**{f.attname: getattr(source, f.attname) for f in Offer._meta.concrete_fields})
        copy.id = f"{source.id}-k{i}"
        copies.append(copy)
        for name, model in through.items():
            target = next(
                f for f in model._meta.fields if f.is_relation and f.related_model is not Offer
            )
            for related in getattr(source, name).all():
                links[name].append(model(offer_id=copy.id, **{target.attname: related.pk}))
    with transaction.atomic():
        Offer.objects.bulk_create(copies, batch_size=1000)
        for name, model in through.items():
            model.objects.bulk_create(links[name], batch_size=5000)


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def in_process(queries, n_requests: int) -> None:
    from django.test import Client

    client = Client()
    bodies = [{k: q[k] for k in ("company", "needs", "text")} | {"limit": 10} for q in queries]
    start = time.perf_counter()
    client.post("/api/v1/guide/match", bodies[0], content_type="application/json")
    print(f"first match (builds the engine over the catalog): {time.perf_counter() - start:.2f} s")
    times = []
    for i in range(n_requests):
        t = time.perf_counter()
        answer = client.post(
            "/api/v1/guide/match", bodies[i % len(bodies)], content_type="application/json"
        )
        times.append((time.perf_counter() - t) * 1000)
        assert answer.status_code == 200, answer.content
    trivial = []
    for _ in range(n_requests):
        t = time.perf_counter()
        client.get("/healthz")
        trivial.append((time.perf_counter() - t) * 1000)
    print(
        f"match through the API:  median {statistics.median(times):6.2f} ms   p95 {percentile(times, 0.95):6.2f} ms"
    )
    print(
        f"trivial /healthz:       median {statistics.median(trivial):6.2f} ms   p95 {percentile(trivial, 0.95):6.2f} ms"
    )


def wait_for_port(port: int, seconds: float = 60) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), 1).close()
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("gunicorn did not start")


def under_load(queries, workers: int, connections: int, seconds: int) -> None:
    gunicorn = Path(sys.executable).parent / "gunicorn"
    if not gunicorn.exists() or not shutil.which("wrk"):
        print(
            "load test skipped: needs gunicorn (pip install -e '.[bench]') and wrk (apt-get install wrk)"
        )
        return
    body = json.dumps({k: queries[1][k] for k in ("company", "needs", "text")} | {"limit": 10})
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
        lua.write(
            'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n'
            f"wrk.body = {json.dumps(body)}\n"
        )
    server = subprocess.Popen(
        [
            str(gunicorn),
            "indgang.wsgi",
            "-b",
            f"127.0.0.1:{PORT}",
            "-w",
            str(workers),
            "--preload",
            "-c",
            str(ROOT / "benchmarks" / "gunicorn_warm.py"),
            "--log-level",
            "warning",
        ],
        cwd=ROOT / "src",
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
    )
    try:
        wait_for_port(PORT, seconds=300)
        url = f"http://127.0.0.1:{PORT}"
        for path, extra in [
            ("/api/v1/guide/match", ["-s", lua.name]),
            ("/api/v1/guide/match", ["-s", lua.name]),
            ("/healthz", []),
        ]:
            out = subprocess.run(
                [
                    "wrk",
                    "-t",
                    "2",
                    "-c",
                    str(connections),
                    "-d",
                    f"{seconds}s",
                    "--latency",
                    *extra,
                    url + path,
                ],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            rps = re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)
            p50 = re.search(r"50%\s+(\S+)", out).group(1)
            p99 = re.search(r"99%\s+(\S+)", out).group(1)
            errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
            print(
                f"{path:22} {float(rps):8.1f} req/s   p50 {p50:>8}   p99 {p99:>8}   non-2xx {errors.group(1) if errors else 0}"
            )
    finally:
        server.terminate()
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()
        os.unlink(lua.name)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--offers", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--seconds", type=int, default=10)
    args = parser.parse_args()
    random.seed(1)
    queries = json.loads((SHARED / "dev_queries.json").read_text())["queries"]
    with tempfile.TemporaryDirectory() as workdir:
        started = time.perf_counter()
        setup(Path(workdir), args.offers)
        from indgang.catalog.models import Offer

        print(
            f"catalog: {Offer.objects.count()} offers (built in {time.perf_counter() - started:.1f} s)"
        )
        in_process(queries, args.requests)
        print(
            f"under load ({args.workers} gunicorn workers, {args.connections} connections, "
            f"{args.seconds} s each; the first match run warms the workers):"
        )
        under_load(queries, args.workers, args.connections, args.seconds)


if __name__ == "__main__":
    main()
