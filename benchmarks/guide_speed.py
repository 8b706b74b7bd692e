"""Speed of the one entry: a match through the API against a catalog of 10,000 offers.

Builds a SQLite database in a temporary folder with the shared catalog scaled up to
``--offers`` offers (copies of the shared offers under new ids), and a set of different
request bodies: the dev requests plus ``--bodies`` synthetic ones (a random company, random
themes, text drawn from the catalog's and companies' everyday words, some misspelled), so
that no figure comes from asking the same question over and over: each timing below uses
bodies the process has not seen (the analyzer's cache of words warms up, as it does in
production; nothing caches whole requests). Then
1. times ``--requests`` matches in process through Django's test client (the whole API
   stack, no network) next to the trivial ``/healthz`` endpoint, and as many other
   requests through the ranking engine alone (``Ranker.match``, no Django);
2. serves the app with gunicorn (``--workers`` processes; the engine is built once in the
   master) and
   a. times ``--requests`` matches and ``/healthz`` requests one at a time over HTTP
      (a new connection each, as gunicorn's sync workers close them): median and p95;
   b. measures requests per second with wrk under ``--connections`` concurrent
      connections for ``--seconds`` each, for the match (wrk cycles through all the bodies,
      each thread from its own random start, so few repeat) and for ``/healthz``, in the
      same run. wrk runs on the same machine and takes its share of the CPU, alike for
      both endpoints.

The guide's rate limit is raised for the benchmark (one IP sends everything); the throttle
still runs on every request.

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
        # one IP sends everything: a limit per second, high enough never to refuse, keeps
        # the throttle's bookkeeping near what a real per-minute limit costs
        GUIDE_ANON_RATE="1000000/s",
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


EVERYDAY_WORDS = (
    "penge lån kapital finansiering investorer ansætte medarbejdere rekruttering eksport "
    "eksportere eksporten eksportrådgivning sælge til Tyskland messe udlandet hire funding "
    "export startup iværksætter nystartet generationsskifte ejerskifte digitalisering "
    "hjemmeside e-handel grøn omstilling energi bæredygtighed innovation produktudvikling "
    "netværk kontor lokaler regler moms turisme kunder markedsføring vækst strategi "
    "bestyrelse forskning universitet kompetencer opkvalificering robotter automatisering"
)
EVERYDAY = EVERYDAY_WORDS.split()


def request_bodies(queries, n_synthetic: int, seed: int = 1) -> list[dict]:
    """The dev requests and ``n_synthetic`` different made-up ones, in a fixed random order."""
    import json as _json

    from indgang.guide.engine import THEMES
    from indgang.reference.selectors import municipality_region_codes

    rnd = random.Random(seed)
    catalog = _json.loads((SHARED / "offers.json").read_text())["offers"]
    words = [w for o in catalog for w in f"{o.get('title', '')} {o.get('summary', '')}".split()]
    municipalities = sorted(municipality_region_codes())
    bodies = [{k: q[k] for k in ("company", "needs", "text")} | {"limit": 10} for q in queries]

    def maybe(value, share=0.7):
        return value if rnd.random() < share else None

    for _ in range(n_synthetic):
        company = {
            "cvr": None,
            "municipality_code": maybe(rnd.choice(municipalities)),
            "db07_section": maybe(rnd.choice("ABCDEFGHIJKLMNOPQRSTU")),
            "employees": maybe(rnd.choice([0, 1, 3, 6, 12, 25, 49, 120, 300])),
            "age_years": maybe(rnd.choice([0, 1, 2, 4, 8, 15, 40])),
            "growth_ambition": maybe(rnd.random() < 0.6),
            "turnover_dkk": maybe(rnd.choice([300_000, 4_500_000, 30_000_000]), 0.3),
        }
        text = " ".join(
            rnd.choice(EVERYDAY if rnd.random() < 0.4 else words) for _ in range(rnd.randint(2, 25))
        )
        if rnd.random() < 0.3:  # a misspelling
            i = rnd.randrange(len(text))
            text = text[:i] + text[i + 1 :]
        needs = rnd.sample(THEMES, rnd.choice([0, 0, 1, 1, 2]))
        bodies.append({"company": company, "needs": needs, "text": text, "limit": 10})
    rnd.shuffle(bodies)
    return bodies


def report(label: str, times: list[float]) -> None:
    print(
        f"{label:34} median {statistics.median(times):6.2f} ms   "
        f"p95 {percentile(times, 0.95):6.2f} ms"
    )


def in_process(bodies, n_requests: int) -> None:
    from django.test import Client

    client = Client()
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
    from indgang.guide.matching import ranker

    engine = ranker()
    alone = []
    for i in range(n_requests):
        body = bodies[(n_requests + i) % len(bodies)]  # not yet seen by this process
        t = time.perf_counter()
        engine.match(body["company"], needs=body["needs"], text=body["text"], limit=body["limit"])
        alone.append((time.perf_counter() - t) * 1000)
    print("in process (Django test client, no network):")
    report("  match through the API", times)
    report("  trivial /healthz", trivial)
    report("  the ranking engine alone", alone)


def over_http(bodies, n_requests: int) -> None:
    """One request at a time over a fresh HTTP connection to the gunicorn server."""
    import http.client

    def timed(method: str, path: str, body: bytes | None) -> float:
        t = time.perf_counter()
        connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
        headers = {"Content-Type": "application/json"} if body else {}
        connection.request(method, path, body=body, headers=headers)
        answer = connection.getresponse()
        answer.read()
        connection.close()
        elapsed = (time.perf_counter() - t) * 1000
        assert answer.status == 200, (path, answer.status)
        return elapsed

    encoded = [json.dumps(b).encode() for b in bodies[-(n_requests + 20) :]]
    for body in encoded[:20]:  # warm up both workers
        timed("POST", "/api/v1/guide/match", body)
    match_times = [timed("POST", "/api/v1/guide/match", body) for body in encoded[20:]]
    trivial = [timed("GET", "/healthz", None) for _ in range(n_requests)]
    print("over HTTP, one request at a time (gunicorn):")
    report("  match through the API", match_times)
    report("  trivial /healthz", trivial)


def wait_for_port(port: int, seconds: float = 60) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), 1).close()
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("gunicorn did not start")


def wrk_script(bodies) -> str:
    """A wrk Lua script that POSTs the bodies in turn (each wrk thread from its own start)."""
    lines = [
        'wrk.method = "POST"',
        'wrk.headers["Content-Type"] = "application/json"',
        "bodies = {",
    ]
    lines += [f"  {json.dumps(json.dumps(body, ensure_ascii=True))}," for body in bodies]
    lines += [
        "}",
        "local i = 0",
        "function setup(thread) thread:set('offset', math.random(#bodies)) end",
        "function init(args) i = tonumber(offset or 0) end",
        "function request()",
        "  i = i % #bodies + 1",
        "  return wrk.format(nil, nil, nil, bodies[i])",
        "end",
    ]
    return "\n".join(lines) + "\n"


def start_server(workers: int) -> subprocess.Popen:
    gunicorn = Path(sys.executable).parent / "gunicorn"
    return subprocess.Popen(
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


def wrk(url: str, connections: int, seconds: int, extra: list[str]) -> str:
    out = subprocess.run(
        ["wrk", "-t", "2", "-c", str(connections), "-d", f"{seconds}s", "--latency", *extra, url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = re.search(r"^\s*50%\s+(\S+)", out, re.M).group(1)
    p99 = re.search(r"^\s*99%\s+(\S+)", out, re.M).group(1)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = int(errors.group(1)) if errors else 0
    return rps, p50, p99, errors


def served(bodies, n_requests: int, workers: int, connections: int, seconds: int) -> None:
    gunicorn = Path(sys.executable).parent / "gunicorn"
    if not gunicorn.exists():
        print("HTTP tests skipped: needs gunicorn (pip install -e '.[bench]')")
        return
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
        lua.write(wrk_script(bodies))
    server = start_server(workers)
    try:
        wait_for_port(PORT, seconds=300)
        over_http(bodies, n_requests)
        if not shutil.which("wrk"):
            print("load test skipped: needs wrk (apt-get install wrk)")
            return
        print(
            f"under load ({workers} gunicorn workers, {connections} connections, "
            f"{seconds} s each, wrk on the same machine; the match cycles through "
            f"{len(bodies)} different bodies):"
        )
        url = f"http://127.0.0.1:{PORT}"
        rates = {}
        for label, path, extra in [
            ("match (warm-up run)", "/api/v1/guide/match", ["-s", lua.name]),
            ("match", "/api/v1/guide/match", ["-s", lua.name]),
            ("trivial /healthz", "/healthz", []),
        ]:
            rps, p50, p99, errors = wrk(url + path, connections, seconds, extra)
            rates[label] = rps
            print(f"  {label:22} {rps:8.1f} req/s   p50 {p50:>8}   p99 {p99:>8}   non-2xx {errors}")
        print(
            f"  a match costs {rates['trivial /healthz'] / rates['match']:.2f}x "
            "the trivial request (ratio of req/s)"
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
    parser.add_argument("--bodies", type=int, default=20_000, help="synthetic request bodies")
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

        bodies = request_bodies(queries, args.bodies)
        print(
            f"catalog: {Offer.objects.count()} offers (built in "
            f"{time.perf_counter() - started:.1f} s); {len(bodies)} different request bodies; "
            f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
        )
        in_process(bodies, args.requests)
        served(bodies, args.requests, args.workers, args.connections, args.seconds)
        print(f"load average at the end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
