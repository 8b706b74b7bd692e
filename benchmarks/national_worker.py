"""The worker of ``benchmarks/national.py``: runs in a process of its own per database
(DATABASE_URL set by the parent), builds the national database if it is not there yet,
then times the pages, API operations, imports, searches and exports."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import os
import random
import time
from contextlib import contextmanager

import django

BATCH = 5_000


def run(args) -> None:
    django.setup()
    from django.core.management import call_command
    from national import percentiles, scaled

    import indgang.wsgi  # noqa: F401 (as a web process starts: views imported, objects frozen)

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    sizes = scaled(args.scale)
    build = _built()
    if build is None or build.get("sizes") != sizes:
        started = time.perf_counter()
        _build(sizes)
        build = {"sizes": sizes, "seconds": round(time.perf_counter() - started), "spread": True}
        _mark_built(build)
        print(f"[{args.worker}] built in {build['seconds']} s", flush=True)
    else:
        print(f"[{args.worker}] reusing the database built before", flush=True)
        if not build.get("spread"):
            _spread_contracts()
            build["spread"] = True
            _mark_built(build)
    rows = _time_everything(args, percentiles)
    out = os.environ["NATIONAL_BENCH_OUT"]
    with open(out, "w", encoding="utf-8") as handle:
        json.dump({"build": build, "rows": rows}, handle, indent=1)


# --- Building ---------------------------------------------------------------------------


def _built() -> dict | None:
    from django.db import connection

    with connection.cursor() as cursor:
        if "bench_national_built" not in connection.introspection.table_names(cursor):
            return None
        cursor.execute("SELECT info FROM bench_national_built")
        row = cursor.fetchone()
    return json.loads(row[0]) if row else None


def _mark_built(info: dict) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS bench_national_built (info TEXT)")
        cursor.execute("DELETE FROM bench_national_built")
        cursor.execute("INSERT INTO bench_national_built (info) VALUES (%s)", [json.dumps(info)])


def say(message: str) -> None:
    print(f"  {time.strftime('%H:%M:%S')} {message}", flush=True)


@contextmanager
def _own_timestamps(*models):
    """Let bulk copies keep the dates they are given (auto_now_add would stamp 'now')."""
    fields = []
    for model in models:
        for field in model._meta.concrete_fields:
            if getattr(field, "auto_now_add", False):
                fields.append(field)
                field.auto_now_add = False
    try:
        yield
    finally:
        for field in fields:
            field.auto_now_add = True


def _copies(model, templates: list[dict], n: int, change) -> list[int]:
    """``n`` new rows of ``model``, each a template row (cycled) changed by ``change(row, i)``;
    returns the new primary keys."""
    pks: list[int] = []
    pk_name = model._meta.pk.attname
    generated = model._meta.pk.get_internal_type() in ("AutoField", "BigAutoField")
    with _own_timestamps(model):
        for start in range(0, n, BATCH):
            batch = []
            for i in range(start, min(n, start + BATCH)):
                row = dict(templates[i % len(templates)])
                if generated:
                    row.pop(pk_name, None)
                change(row, i)
                batch.append(model(**row))
            created = model.objects.bulk_create(batch, batch_size=BATCH)
            pks.extend(obj.pk for obj in created)
    return pks


def _values(model, **filters) -> list[dict]:
    names = [f.attname for f in model._meta.concrete_fields]
    return list(model.objects.filter(**filters).values(*names))


def _build(sizes: dict) -> None:
    from django.core.management import call_command

    say("the demo (operators, people, goals, events, effect run) at 2,000 companies")
    call_command("demo", verbosity=0)
    _grow_register(sizes["companies"])
    _grow_catalog(sizes["offers"])
    _grow_crm(sizes)
    _grow_goals(sizes)
    from django.db import connection

    with connection.cursor() as cursor:
        # PostgreSQL: VACUUM too, as autovacuum does after bulk inserts in production; until
        # then the visibility map is empty and no index-only scan can skip the table.
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def _register_rows(n: int, skip: int):
    # The municipalities are read here, not inside the generator: the generator is consumed
    # while PostgreSQL's COPY holds the connection, which cannot run another query then.
    from indgang.demo.registry import SEED
    from indgang.reference.models import Municipality
    from indgang.registry import synthetic

    municipalities = list(Municipality.objects.values_list("code", "population"))
    return itertools.islice(synthetic.iter_register(municipalities, n, seed=SEED), skip, None)


def _grow_register(n: int) -> None:
    from national import BASE_COMPANIES

    from indgang.registry.services import import_companies, import_figures

    if n <= BASE_COMPANIES:
        return
    say(f"register: {n:,} companies through import_companies / import_figures")

    company_rows = _register_rows(n, BASE_COMPANIES)
    figure_rows = _register_rows(n, BASE_COMPANIES)

    def companies():
        for i, (company, _) in enumerate(company_rows):
            yield i + 2, company

    def figures():
        line = 2
        for _, rows in figure_rows:
            for row in rows:
                yield line, row
                line += 1

    started = time.perf_counter()
    result = import_companies(companies, fictitious=True)
    say(f"  {result.created:,} companies in {time.perf_counter() - started:.0f} s")
    started = time.perf_counter()
    result = import_figures(figures)
    say(f"  {result.created:,} yearly figures in {time.perf_counter() - started:.0f} s")


def _grow_catalog(n: int) -> None:
    from indgang.catalog.models import Offer

    have = Offer.objects.count()
    if have >= n:
        return
    say(f"catalog: {n:,} offers")
    templates = _values(Offer)
    m2m = list(Offer._meta.many_to_many)
    links = {
        f.name: list(f.remote_field.through.objects.values()) for f in m2m
    }  # rows of each through table
    by_offer = {f.name: _group(links[f.name], f"{Offer._meta.model_name}_id") for f in m2m}
    new_ids = []

    def change(row, i):
        source = row["id"]
        row["id"] = f"{source}-n{i}"[:100]
        row["title"] = f"{row['title']} ({i})"[:200]
        new_ids.append((row["id"], source))

    _copies(Offer, templates, n - have, change)
    for f in m2m:
        through = f.remote_field.through
        other = [
            x.attname for x in through._meta.concrete_fields if x.attname not in ("id", "offer_id")
        ][0]
        objs = [
            through(offer_id=new, **{other: link[other]})
            for new, source in new_ids
            for link in by_offer[f.name].get(source, [])
        ]
        through.objects.bulk_create(objs, batch_size=BATCH)


def _group(rows: list[dict], key: str) -> dict:
    out: dict = {}
    for row in rows:
        out.setdefault(row[key], []).append(row)
    return out


def _random_day(rng: random.Random, years: int = 5) -> dt.date:
    today = dt.date.today()
    return today - dt.timedelta(days=rng.randrange(365 * years))


def _grow_crm(sizes: dict) -> None:
    from django.utils import timezone

    from indgang.crm.companies.models import ContactPerson, NeedsAssessment
    from indgang.crm.interactions.models import GROUP_TYPES, Interaction, Participant
    from indgang.crm.referrals.models import Referral, ReferralStatus
    from indgang.events.models import SignUp
    from indgang.registry.models import Company

    rng = random.Random(16)
    companies = list(Company.objects.values_list("pk", flat=True))

    def company():
        return rng.choice(companies)

    def moment(row_day):
        return timezone.make_aware(dt.datetime.combine(row_day, dt.time(10, 0)))

    need = sizes["interactions"] - Interaction.objects.count()
    if need > 0:
        say(f"crm: {need:,} interactions with their participants")
        templates = _values(Interaction)

        def change(row, i):
            row["date"] = _random_day(rng)
            row["created_at"] = moment(row["date"])
            row["external_id"] = ""
            if row["company_id"] is not None:
                row["company_id"] = company()

        pks = _copies(Interaction, templates, need, change)
        group = Interaction.objects.filter(pk__gte=min(pks), type__in=GROUP_TYPES).values_list(
            "pk", flat=True
        )
        participants = []
        for pk in group:
            for c in {rng.choice(companies) for _ in range(rng.randint(2, 8))}:
                participants.append(Participant(interaction_id=pk, company_id=c))
            if len(participants) >= BATCH * 4:
                Participant.objects.bulk_create(participants, batch_size=BATCH)
                participants = []
        Participant.objects.bulk_create(participants, batch_size=BATCH)

    for model, key, label in (
        (ContactPerson, "contacts", "contact persons"),
        (NeedsAssessment, "assessments", "needs assessments"),
    ):
        need = sizes[key] - model.objects.count()
        if need <= 0:
            continue
        say(f"crm: {need:,} {label}")

        def change(row, i):
            if row.get("company_id") is not None:
                row["company_id"] = company()
            if "created_at" in row:
                row["created_at"] = moment(_random_day(rng))
            if "date" in row:
                row["date"] = _random_day(rng)

        _copies(model, _values(model), need, change)

    need = sizes["referrals"] - Referral.objects.count()
    if need > 0:
        say(f"crm: {need:,} referrals in every status")
        statuses = list(ReferralStatus.values)

        def change(row, i):
            when = moment(_random_day(rng))
            row["status"] = statuses[i % len(statuses)]
            row["created_at"] = row["status_changed_at"] = when
            row["contact_request_id"] = None
            row["completed_interaction_id"] = None
            if row["company_id"] is not None:
                row["company_id"] = company()

        _copies(Referral, _values(Referral, company__isnull=False), need, change)

    need = sizes["signups"] - SignUp.objects.count()
    if need > 0:
        say(f"events: {need:,} sign-ups")

        def change(row, i):
            row["reference"] = f"NB{i:010d}"
            row["email"] = f"deltager{i}@bench.invalid"

        _copies(SignUp, _values(SignUp), need, change)


def _spread_contracts() -> None:
    """The copied contracts belong to the operators in turn (about four each), as a
    national deployment's would; the demo's own keep theirs."""
    from indgang.goals.contracts.models import PerformanceContract
    from indgang.organisations.models import Organisation, OrganisationType

    operators = list(
        Organisation.objects.filter(
            type__in=[OrganisationType.LOKAL_ERHVERVSSERVICE, OrganisationType.ERHVERVSHUS]
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    copies = list(PerformanceContract.objects.filter(title__endswith=")").order_by("pk"))
    for i, contract in enumerate(copies):
        contract.operator_id = operators[i % len(operators)]
    PerformanceContract.objects.bulk_update(copies, ["operator_id"], batch_size=BATCH)


def _grow_goals(sizes: dict) -> None:
    import hashlib

    from indgang.goals.contracts.models import PerformanceContract, Target
    from indgang.goals.surveys.models import SatisfactionResponse, SurveyInvitation

    have = PerformanceContract.objects.count()
    need = sizes["contracts"] - have
    if need > 0:
        say(f"goals: {need:,} performance contracts with their targets")
        contracts = _values(PerformanceContract)
        targets = _group(_values(Target), "contract_id")
        municipalities = _group(
            list(PerformanceContract.municipalities.through.objects.values()),
            "performancecontract_id",
        )
        goals = _group(list(Target.goals.through.objects.values()), "target_id")
        sources = []

        # keep the source's id to copy its targets
        templates = [dict(c, _source=c["id"]) for c in contracts]

        def change_contract(row, i):
            sources.append(row.pop("_source"))
            row["title"] = f"{row['title']} ({i})"[:200]

        pks = _copies(PerformanceContract, templates, need, change_contract)
        _spread_contracts()
        through = PerformanceContract.municipalities.through
        through.objects.bulk_create(
            [
                through(performancecontract_id=pk, municipality_id=m["municipality_id"])
                for pk, source in zip(pks, sources, strict=True)
                for m in municipalities.get(source, [])
            ],
            batch_size=BATCH,
        )
        new_targets, target_sources = [], []
        for pk, source in zip(pks, sources, strict=True):
            for t in targets.get(source, []):
                copy = dict(t)
                target_sources.append(copy.pop("id"))
                copy["contract_id"] = pk
                new_targets.append(Target(**copy))
        created = Target.objects.bulk_create(new_targets, batch_size=BATCH)
        link = Target.goals.through
        link.objects.bulk_create(
            [
                link(target_id=t.pk, goal_id=g["goal_id"])
                for t, source in zip(created, target_sources, strict=True)
                for g in goals.get(source, [])
            ],
            batch_size=BATCH,
        )

    need = sizes["survey_answers"] - SatisfactionResponse.objects.count()
    if need > 0:
        say(f"goals: {need:,} survey answers")
        invitations = _values(SurveyInvitation)

        def change_invitation(row, i):
            row["email"] = f"svar{i}@bench.invalid"
            row["token_hash"] = hashlib.sha256(f"bench-{i}".encode()).hexdigest()

        pks = _copies(SurveyInvitation, invitations, need, change_invitation)
        rng = random.Random(50)
        responses = _values(SatisfactionResponse)
        with _own_timestamps(SatisfactionResponse):
            SatisfactionResponse.objects.bulk_create(
                [
                    SatisfactionResponse(
                        **{
                            **{k: v for k, v in responses[i % len(responses)].items() if k != "id"},
                            "invitation_id": pk,
                            "score": rng.randint(1, 5),
                        }
                    )
                    for i, pk in enumerate(pks)
                ],
                batch_size=BATCH,
            )


# --- Timing -----------------------------------------------------------------------------

LOGINS = {
    "consultant": "konsulent@indgang.demo",
    "manager": "leder@indgang.demo",
    "administrator": "admin@indgang.demo",
    "local consultant": "lokal@indgang.demo",
    "local manager": "lokal.leder@indgang.demo",
    "analyst": "analytiker@indgang.demo",
}


def _cold(rng) -> None:
    """As after a change to every operator's activity: nothing counted (a page leaves the
    counting to the background, timed as a job of its own)."""
    from django.core.cache import cache

    cache.clear()


def _forget_one_operator(rng) -> None:
    """As after one operator's consultant logged a meeting: its contracts to count again."""
    from django.core.cache import cache

    from indgang.goals.contracts import selectors
    from indgang.goals.contracts.models import PerformanceContract

    year = dt.date.today().year
    operator = rng.choice(
        sorted(
            set(PerformanceContract.objects.filter(year=year).values_list("operator", flat=True))
        )
    )
    contracts = list(PerformanceContract.objects.filter(year=year, operator=operator))
    entries = {entry for entry, _ in selectors._cache_keys(contracts, dt.date.today()).values()}
    cache.delete_many(list(entries))


def _forget_one_municipality(rng) -> None:
    """As after one local business service's consultant logged a meeting."""
    from django.core.cache import cache

    from indgang.goals.statistics import selectors
    from indgang.reference.models import Municipality

    code = rng.choice(sorted(Municipality.objects.values_list("code", flat=True)))
    cache.delete_many(list(selectors._keys(dt.date.today().year, [code]).values()))


def _operations(ctx: dict) -> list[tuple]:
    """(name, role or None for the public, a function rng -> path[, a function rng -> None
    run before each request, untimed])."""
    year = dt.date.today().year

    def pick(key):
        return lambda rng: rng.choice(ctx[key])

    cvr, offer, contract, run = pick("cvrs"), pick("offers"), pick("contracts"), pick("runs")
    interaction, referral = pick("interactions"), pick("referrals")
    words = ["Byggeri", "Software", "Bageri", "Maskinfabrik", "Consult", "Revision", "Tømrer"]
    typos = ["Bygeri", "Softwar", "Bagerri", "Maskinfabrikk", "Konsult", "Revission", "Tømer"]
    ops = [
        ("catalog list /tilbud/", None, lambda r: "/tilbud/"),
        ("catalog list, filtered", None, lambda r: f"/tilbud/?q={r.choice(words)}"),
        ("catalog offer page", None, lambda r: f"/tilbud/{offer(r)}/"),
        (
            "API offers list",
            None,
            lambda r: f"/api/v1/offers/?limit=50&offset={r.randrange(0, 2000)}",
        ),
        ("API offer", None, lambda r: f"/api/v1/offers/{offer(r)}"),
        ("events calendar", None, lambda r: "/arrangementer/"),
        ("API events", None, lambda r: "/api/v1/events/"),
        ("one entry /find-tilbud/", None, lambda r: "/find-tilbud/"),
        ("register search, name", "consultant", lambda r: f"/virksomheder/?q={r.choice(words)}"),
        ("register search, typo", "consultant", lambda r: f"/virksomheder/?q={r.choice(typos)}"),
        ("API companies, name", "consultant", lambda r: f"/api/v1/companies/?q={r.choice(words)}"),
        ("API companies, typo", "consultant", lambda r: f"/api/v1/companies/?q={r.choice(typos)}"),
        ("API company", "consultant", lambda r: f"/api/v1/companies/{cvr(r)}"),
        ("API company figures", "consultant", lambda r: f"/api/v1/companies/{cvr(r)}/figures"),
        ("register company page", "consultant", lambda r: f"/virksomheder/{cvr(r)}/"),
        ("CRM start (worklists)", "consultant", lambda r: "/crm/"),
        ("CRM company file", "consultant", lambda r: f"/crm/virksomheder/{cvr(r)}/"),
        ("CRM interaction", "consultant", lambda r: f"/crm/aktiviteter/{interaction(r)}/"),
        ("CRM referrals", "consultant", lambda r: "/crm/henvisninger/"),
        ("CRM referral", "consultant", lambda r: f"/crm/henvisninger/{referral(r)}/"),
        ("CRM entrepreneurs", "consultant", lambda r: "/crm/ivaerksaettere/"),
        ("CRM notifications", "manager", lambda r: "/crm/notifikationer/"),
        ("API CRM worklists", "consultant", lambda r: "/api/v1/crm/worklists"),
        (
            "API CRM interactions",
            "consultant",
            lambda r: f"/api/v1/crm/interactions?offset={r.randrange(0, 500)}",
        ),
        ("API CRM timeline", "consultant", lambda r: f"/api/v1/crm/companies/{cvr(r)}/timeline"),
        ("API CRM referrals", "consultant", lambda r: "/api/v1/crm/referrals"),
        ("CRM start, local", "local consultant", lambda r: "/crm/"),
        ("events, mine", "manager", lambda r: "/arrangementer/mine/"),
        ("/maal/ dashboard, manager", "manager", lambda r: "/maal/"),
        ("/maal/ dashboard, consultant", "consultant", lambda r: "/maal/"),
        ("/maal/ dashboard, administrator", "administrator", lambda r: "/maal/"),
        ("/maal/ dashboard, local manager", "local manager", lambda r: "/maal/"),
        ("/maal/ dashboard, analyst (national)", "analyst", lambda r: "/maal/"),
        ("/maal/ dashboard, analyst, cold cache", "analyst", lambda r: "/maal/", _cold),
        (
            "/maal/ dashboard, analyst, one operator changed",
            "analyst",
            lambda r: "/maal/",
            _forget_one_operator,
        ),
        (
            "/maal/ dashboard XLSX, analyst",
            "analyst",
            lambda r: "/maal/?export=xlsx&table=contracts",
        ),
        ("contract page, analyst", "analyst", lambda r: f"/maal/kontrakter/{contract(r)}/"),
        ("API contracts, analyst", "analyst", lambda r: f"/api/v1/goals/contracts?year={year}"),
        ("API contract, analyst", "analyst", lambda r: f"/api/v1/goals/contracts/{contract(r)}"),
        ("national goals", "analyst", lambda r: "/maal/nationale-maal/"),
        ("API KPIs", "analyst", lambda r: "/api/v1/goals/kpis"),
        ("statistics", "analyst", lambda r: f"/maal/statistik/?year={year}"),
        (
            "statistics, one municipality changed",
            "analyst",
            lambda r: f"/maal/statistik/?year={year}",
            _forget_one_municipality,
        ),
        (
            "statistics, a year not counted",
            "analyst",
            lambda r: f"/maal/statistik/?year={year - 1 - r.randrange(3)}",
            _cold,
        ),
        ("API statistics", "analyst", lambda r: f"/api/v1/goals/statistics?year={year}"),
        ("spending", "local manager", lambda r: "/maal/udgifter/"),
        ("satisfaction", "manager", lambda r: "/maal/tilfredshed/"),
        ("effects runs list", "analyst", lambda r: "/effekter/"),
        ("effect report page", "analyst", lambda r: f"/effekter/{run(r)}/rapport/"),
        # Made in the background (timed below as a job), then downloaded: this is the download.
        ("effect report XLSX, download", "analyst", lambda r: f"/effekter/{run(r)}/rapport.xlsx"),
        ("evidence per offer", "analyst", lambda r: "/effekter/evidens/"),
        ("catalog CSV export", None, lambda r: "/tilbud/tilbud.csv"),
        ("catalog overlap", "analyst", lambda r: "/tilbud/analyse/overlap/"),
        ("catalog continuity", "analyst", lambda r: "/tilbud/analyse/kontinuitet/"),
        ("organisation members", "administrator", lambda r: "/organisationer/"),
    ]
    return ops


def _context() -> dict:
    from indgang.catalog.models import PUBLISHED, Offer
    from indgang.crm.interactions.models import Interaction
    from indgang.crm.referrals.models import Referral
    from indgang.effects.models import EffectRun
    from indgang.goals.contracts.models import PerformanceContract
    from indgang.organisations.models import Organisation
    from indgang.registry.models import Company

    home = Organisation.objects.get(pk="eh-midtjylland")
    interactions = Interaction.objects.filter(organisation=home).order_by("-pk")
    return {
        "cvrs": list(
            Company.objects.filter(interactions__organisation=home)
            .values_list("cvr", flat=True)
            .distinct()[:200]
        )
        or list(Company.objects.values_list("cvr", flat=True)[:200]),
        "offers": list(
            Offer.objects.filter(status__in=PUBLISHED).values_list("pk", flat=True)[:500]
        ),
        "contracts": list(
            PerformanceContract.objects.order_by("-year").values_list("pk", flat=True)[:50]
        ),
        "runs": list(EffectRun.objects.values_list("pk", flat=True)[:5]) or [0],
        "interactions": list(interactions.values_list("pk", flat=True)[:200]),
        "referrals": list(
            Referral.objects.filter(to_organisation=home).values_list("pk", flat=True)[:100]
        )
        or [0],
    }


def _time_everything(args, percentiles) -> list[dict]:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    rng = random.Random(2026)
    ctx = _context()
    users = {role: get_user_model().objects.get(email=email) for role, email in LOGINS.items()}
    clients: dict = {None: Client()}
    for role, user in users.items():
        clients[role] = Client()
        clients[role].force_login(user)
    rows = _make_exports(args, ctx, clients["analyst"], percentiles)
    rows.extend(_time_goals_counting(args, percentiles))
    for name, role, path, *before in _operations(ctx):
        if args.only and args.only not in name and args.only not in path(rng):
            continue
        client = clients[role]
        samples, queries, error = [], 0, None
        slow = "XLSX" in name or "export" in name or "cold" in name
        repeat = min(args.repeat, 3) if slow else args.repeat
        for i in range(repeat + 1):
            url = path(rng)
            if before:
                before[0](rng)
            counted = [0]

            def count(execute, sql, params, many, context, counted=counted):
                counted[0] += 1
                return execute(sql, params, many, context)

            with connection.execute_wrapper(count):
                started = time.perf_counter()
                response = client.get(url)
                if hasattr(response, "streaming_content"):
                    for _ in response.streaming_content:
                        pass
                elapsed = (time.perf_counter() - started) * 1000
            if response.status_code != 200 and error is None:
                error = f"{url} answered {response.status_code}"
            if i == 0:
                continue  # the first request warms caches and imports
            samples.append(elapsed)
            queries = max(queries, counted[0])
            if elapsed > 20_000 and i >= 2:
                break  # enough to know it is far too slow
        p50, p95 = percentiles(samples)
        row = {"name": name, "role": role or "public", "p50": p50, "p95": p95, "queries": queries}
        if error:
            row["error"] = error
        rows.append(row)
        if before:  # count what it left to the background, untimed, for the rows after it
            from indgang.goals import counting

            counting.count_year(dt.date.today().year)
        print(
            f"  {name:<48} p50 {p50:8.0f} ms  p95 {p95:8.0f} ms  {queries:5} q"
            + (f"  ! {error}" if error else ""),
            flush=True,
        )
    rows.extend(_time_imports(args, percentiles))
    rows.extend(_time_evidence(args))
    return rows


def _make_exports(args, ctx, analyst, percentiles) -> list[dict]:
    """Ask for each run's XLSX report as the report page does (POST), which makes it in the
    background; the benchmark runs with INDGANG_EFFECTS_BACKGROUND=inline, so the request
    returns when the file is made and its time is the background job's."""
    if args.only and args.only not in "effect report XLSX":
        return []
    from indgang.effects.models import EffectExport

    EffectExport.objects.all().delete()  # made afresh each time the benchmark runs
    samples = []
    for run_id in ctx["runs"]:
        started = time.perf_counter()
        response = analyst.post(f"/effekter/{run_id}/rapport/xlsx/")
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 302, response.status_code
    return [_background_job("effect report XLSX, made", samples, percentiles)]


def _time_goals_counting(args, percentiles) -> list[dict]:
    """The background job a goals page starts when much is missing (goals/counting.py),
    from an empty cache: every contract and municipality of the year, as after a change to
    every operator's activity. The same as `indgang warm_goals`."""
    if args.only and args.only not in "maal goals counted":
        return []
    from django.core.cache import cache

    from indgang.goals import counting

    samples = []
    for _ in range(3):
        cache.clear()
        started = time.perf_counter()
        counting.count_year(dt.date.today().year)
        samples.append((time.perf_counter() - started) * 1000)
    return [_background_job("goals of the year counted", samples, percentiles)]


def _background_job(name: str, samples: list[float], percentiles) -> dict:
    """The row of a job timed outside a request."""
    p50, p95 = percentiles(samples)
    print(f"  {name}, in the background: p50 {p50:8.0f} ms", flush=True)
    return {
        "name": f"{name} (background job)",
        "role": "background",
        "p50": p50,
        "p95": p95,
        "queries": 0,
    }


def _time_evidence(args) -> list[dict]:
    """``indgang effects_evidence`` over the whole database, once (issue 19: for a scheduler,
    monthly and after each register import). Skipped with --skip-evidence."""
    if args.skip_evidence or (args.only and args.only not in "effects_evidence"):
        return []
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("effects_evidence", verbosity=0)
    seconds = time.perf_counter() - started
    print(f"  effects_evidence: {seconds:,.0f} s", flush=True)
    return [
        {
            "name": "effects_evidence command (p50: s)",
            "role": "command",
            "p50": seconds,
            "p95": seconds,
            "queries": 0,
        }
    ]


def _time_imports(args, percentiles) -> list[dict]:
    """Re-import 20,000 register companies and their figures (unchanged: nothing changes)."""
    if args.only and args.only not in "register import":
        return []
    from indgang.registry.models import Company
    from indgang.registry.services import import_companies, import_figures

    n = min(20_000, Company.objects.count())
    sample = list(_register_rows(n, 0))
    rows = []
    for what, rows_of, importer, kwargs in (
        ("companies", lambda: [c for c, _ in sample], import_companies, {"fictitious": True}),
        ("yearly figures", lambda: [f for _, fs in sample for f in fs], import_figures, {}),
    ):
        data = rows_of()
        started = time.perf_counter()
        importer(lambda data=data: ((i + 2, row) for i, row in enumerate(data)), **kwargs)
        seconds = time.perf_counter() - started
        rate = len(data) / seconds
        rows.append(
            {
                "name": f"register re-import, {what} (p50: rows/s, p95: ms)",
                "role": "command",
                "p50": rate,
                "p95": seconds * 1000,
                "queries": 0,
            }
        )
        print(f"  re-import {len(data):,} {what}: {rate:,.0f} rows/s", flush=True)
    return rows
