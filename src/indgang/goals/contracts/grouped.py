# ruff: noqa: S608 - the SQL below is built from table names, this module's own column
# names and ORM-compiled subqueries; every value is passed as a query parameter.
"""Every target of many contracts counted together, in a fixed number of grouped queries.

``metrics.py`` counts one target at a time (2–3 queries each): fine for one contract page,
but the national board's dashboard counts every contract of a year, some 1,250 targets and
5,000 queries at scale 0.1. Here the figures of all of them come from two queries:

* one for the sessions (and the survey answers after them, and last year's monthly
  pattern): every subject of every counted interaction (its company, its entrepreneur and
  its participants), joined to the *scopes* that may count it (an operator and the
  municipalities of a contract; or an operator alone, for targets not limited to the
  contract's municipalities), reduced to one row per scope and interaction with a flag per
  kind of subject that passes (a young company, an established one, an entrepreneur), and
  counted per scope, interaction type, month and flags;
  and, from the same scan, the distinct companies and entrepreneurs per scope with the
  same flags, for every set of interaction types the user and company targets name;
* one for the referrals, grouped by operator, subjects' municipalities and kinds and
  month.

Each target then takes its figures from those rows in Python (a few rows per scope), and
``metrics.assess`` turns them into the same forecast and status as ``metrics.progress``.
The subjects' conditions are those of ``metrics.py`` (the age at the interaction's date,
the municipality filter, the entrepreneur with no municipality): the referrals' through its
ORM expressions, the interactions' written in SQL with each database's date functions.
Both give the same figures; ``tests/test_grouped.py`` compares them target by target.
See docs/decisions/0022-goals-counted-in-grouped-queries.md.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.db import connection
from django.db.models import Case, CharField, Count, F, IntegerField, Q, Value, When
from django.db.models.functions import ExtractMonth, ExtractYear, TruncDate

from indgang.crm import public as crm_public
from indgang.goals.contracts import metrics
from indgang.goals.contracts.models import Measure, PerformanceContract, Target, TargetGroup
from indgang.goals.kpis.models import Goal
from indgang.goals.surveys.models import SatisfactionResponse
from indgang.organisations.public import OrganisationType
from indgang.registry import public as registry_public

YOUNG, OLD, ENTREPRENEUR = 1, 2, 3
# The municipality key of an entrepreneur with no municipality: every scope counts it.
ANY_MUNICIPALITY = "~"
COUNTING = {
    TargetGroup.ALL: (YOUNG, OLD, ENTREPRENEUR),
    TargetGroup.ENTREPRENEURS: (YOUNG, ENTREPRENEUR),
    TargetGroup.ESTABLISHED: (OLD,),
}


def contract_progress_many(
    contracts: list[PerformanceContract], as_of: date
) -> dict[int, list[metrics.Progress]]:
    """Every target's progress of ``contracts`` (live ones) by contract id, counted together."""
    result: dict[int, list[metrics.Progress]] = {c.pk: [] for c in contracts}
    by_year: dict[int, list[PerformanceContract]] = defaultdict(list)
    for c in contracts:
        by_year[c.year].append(c)
    for year, of_year in by_year.items():
        for contract_id, progress in _year(of_year, year, as_of):
            result[contract_id].append(progress)
    return result


def _year(contracts: list[PerformanceContract], year: int, as_of: date):
    by_id = {c.pk: c for c in contracts}
    codes: dict[int, list[str]] = defaultdict(list)
    for contract_id, code in PerformanceContract.municipalities.through.objects.filter(
        performancecontract_id__in=list(by_id)
    ).values_list("performancecontract_id", "municipality_id"):
        codes[contract_id].append(code)
    targets = list(
        Target.objects.filter(contract_id__in=list(by_id)).order_by("contract_id", "position", "pk")
    )
    if not targets:
        return []
    # The goals' codes in one query (Django's prefetch costs a quarter of a millisecond a
    # target), in the goals' own order, as ``target.goals.all()`` gives them.
    goal_codes: dict[int, list[str]] = defaultdict(list)
    for target_id, code in (
        Target.goals.through.objects.filter(target_id__in=[t.pk for t in targets])
        .order_by(*(f"goal__{o}" for o in Goal._meta.ordering), "goal_id")
        .values_list("target_id", "goal__code")
    ):
        goal_codes[target_id].append(code)
    # A scope: (operator, its municipalities) or (operator, None) for "anywhere"; the first
    # contract with that scope names it in the queries.
    scope_of: dict[int, int] = {}
    coded: dict[tuple, int] = {}
    anywhere: dict[str, int] = {}
    for t in targets:
        c = by_id[t.contract_id]
        t.contract = c
        if t.in_contract_municipalities:
            key = (c.operator_id, frozenset(codes[c.pk]))
            scope_of[t.pk] = coded.setdefault(key, c.pk)
        else:
            scope_of[t.pk] = -anywhere.setdefault(c.operator_id, c.pk)
    operators = sorted({c.operator_id for c in contracts})
    start, end = date(year, 1, 1), metrics._end(year, as_of)
    patterns = start <= as_of < date(year, 12, 31)
    counting = _Scopes(sorted(set(coded.values())), sorted(set(anywhere.values())))

    user_types = sorted(
        {_types(t) for t in targets if t.measure in (Measure.USERS, Measure.COMPANIES)},
        key=lambda types: sorted(types or ()),
    )
    sessions, last_year, users = _interactions(
        counting, operators, date(year - 1, 1, 1) if patterns else start, end, year, user_types
    )
    referrals: dict[str, list[dict]] = defaultdict(list)
    if any(t.measure == Measure.REFERRALS_ERHVERVSHUS for t in targets):
        for row in _referrals(operators, year, end):
            referrals[row["org"]].append(row)
    scope_codes = {rep: set(k[1]) for k, rep in coded.items()}
    scope_codes.update({-rep: None for rep in anywhere.values()})

    out = []
    for t in targets:
        scope = scope_of[t.pk]
        kinds = COUNTING[t.target_group]
        types = _types(t)
        detail: dict = {}
        if t.measure in (Measure.SESSIONS, Measure.SATISFIED_SHARE):
            n = responses = satisfied = 0
            for (itype, flags), (count, answered, happy) in sessions[scope].items():
                if (types is None or itype in types) and flags & _mask(kinds):
                    n += count
                    responses += answered
                    satisfied += happy
            if t.measure == Measure.SESSIONS:
                value = float(n)
            else:
                value = metrics.engine.share(satisfied, responses)
                detail = {"responses": responses, "satisfied": satisfied}
        elif t.measure in (Measure.USERS, Measure.COMPANIES):
            young, old, any_company, entrepreneurs = users.get((scope, types), (0, 0, 0, 0))
            companies = {
                TargetGroup.ALL: any_company,
                TargetGroup.ENTREPRENEURS: young,
                TargetGroup.ESTABLISHED: old,
            }[t.target_group]
            with_entrepreneurs = t.measure == Measure.USERS and ENTREPRENEUR in kinds
            value = float(companies + (entrepreneurs if with_entrepreneurs else 0))
        else:
            value = float(
                sum(
                    row["n"]
                    for row in referrals[t.contract.operator_id]
                    if row["y"] == year
                    and row["le"]
                    and _referral_counts(row, t, scope_codes[scope], kinds)
                )
            )
        pattern = None
        if patterns and not t.is_share:
            months = [0.0] * 12
            if t.measure == Measure.REFERRALS_ERHVERVSHUS:
                for row in referrals[t.contract.operator_id]:
                    if row["y"] == year - 1 and _referral_counts(row, t, scope_codes[scope], kinds):
                        months[row["m"] - 1] += row["n"]
            else:
                for (itype, flags), counts in last_year[scope].items():
                    if (types is None or itype in types) and flags & _mask(kinds):
                        months = [a + b for a, b in zip(months, counts, strict=True)]
            pattern = months
        progress = metrics.assess(t, as_of, value, detail, pattern)
        progress.goal_codes = goal_codes[t.pk]
        out.append((t.contract_id, progress))
    return out


def _types(target: Target) -> frozenset | None:
    return frozenset(target.interaction_types) if target.interaction_types else None


def _mask(kinds) -> int:
    return sum(1 << k for k in kinds)


def _referral_counts(row: dict, target: Target, codes: set | None, kinds) -> bool:
    """Whether a group of referrals counts for ``target``: its company passes (kind and
    municipality), or its entrepreneur does (no municipality, or one of the codes)."""
    if row["cls"] in kinds and (codes is None or row["c_muni"] in codes):
        return True
    if row["has_e"] and ENTREPRENEUR in kinds:
        return codes is None or row["e_muni"] is None or row["e_muni"] in codes
    return False


# --- The queries -----------------------------------------------------------------------


class _Scopes:
    """The scopes as SQL: ``m(scope, org, mkey)`` for the municipality-bound ones (each
    municipality of the naming contract, and the key of an entrepreneur with none) and
    ``a(scope, org)`` for the "anywhere" ones."""

    def __init__(self, coded: list[int], anywhere: list[int]):
        self.coded, self.anywhere = coded, anywhere

    def ctes(self) -> tuple[list[str], list]:
        parts, params = [], []
        if self.coded:
            through = PerformanceContract.municipalities.through.objects.filter(
                performancecontract_id__in=self.coded
            ).annotate(
                scope=F("performancecontract_id"),
                org=F("performancecontract__operator_id"),
                mkey=F("municipality_id"),
            )
            anyone = PerformanceContract.objects.filter(pk__in=self.coded).annotate(
                scope=F("pk"), org=F("operator_id"), mkey=Value(ANY_MUNICIPALITY, CharField())
            )
            sql1, p1 = _sql(through.values("scope", "org", "mkey"))
            sql2, p2 = _sql(anyone.values("scope", "org", "mkey"))
            parts.append(
                f"m AS (SELECT scope, org, mkey FROM ({sql1}) m1"
                f" UNION ALL SELECT scope, org, mkey FROM ({sql2}) m2)"
            )
            params += p1 + p2
        if self.anywhere:
            sql, p = _sql(
                PerformanceContract.objects.filter(pk__in=self.anywhere)
                .annotate(scope=F("pk"), org=F("operator_id"))
                .values("scope", "org")
            )
            parts.append(f"a AS (SELECT scope, org FROM ({sql}) a1)")
            params += p
        return parts, params

    def joined(self, columns: str) -> str:
        """``s`` joined to the scopes that count it: scope, then ``columns`` of ``s``."""
        branches = []
        if self.coded:
            branches.append(
                f"SELECT m.scope AS scope, {columns} FROM s"
                " JOIN m ON m.org = s.org AND m.mkey = s.mkey"
            )
        if self.anywhere:
            branches.append(
                f"SELECT 0 - a.scope AS scope, {columns} FROM s JOIN a ON a.org = s.org"
            )
        return " UNION ALL ".join(branches)


def _sql(queryset) -> tuple[str, list]:
    sql, params = queryset.order_by().query.sql_with_params()
    return sql, list(params)


def _subjects(operators: list[str], start: date, end: date, types=None) -> tuple[str, list]:
    """Every subject of the operators' interactions from ``start`` to ``end``: the
    interaction, its operator, type, year and month, the company or entrepreneur, its
    municipality key and kind at the interaction's date (``metrics._company_q``: young
    when founded at most ``AGE_LIMIT`` before it; established when older or unknown).

    Written in SQL with each database's own date functions: Django's portable date
    arithmetic and extraction are Python functions called per row on SQLite, which
    doubled the time of this scan."""
    interaction = crm_public.interactions().model._meta.db_table
    participant = crm_public.participants().model._meta.db_table
    entrepreneur = crm_public.entrepreneurs().model._meta.db_table
    company = registry_public.companies().model._meta.db_table
    where = "i.organisation_id IN ({}) AND i.date >= %s AND i.date <= %s".format(
        ", ".join(["%s"] * len(operators))
    )
    where_params = [*operators, start, end]
    if types:
        where += " AND i.type IN ({})".format(", ".join(["%s"] * len(types)))
        where_params += sorted(types)
    if connection.vendor == "sqlite":
        cutoff = f"date(i.date, '-{metrics.ENTREPRENEUR_DAYS} days')"
        year, month = (
            "CAST(substr(i.date, 1, 4) AS INTEGER)",
            "CAST(substr(i.date, 6, 2) AS INTEGER)",
        )
    else:
        cutoff = f"(i.date - {metrics.ENTREPRENEUR_DAYS})"
        year = "CAST(EXTRACT(YEAR FROM i.date) AS INTEGER)"
        month = "CAST(EXTRACT(MONTH FROM i.date) AS INTEGER)"
    kind = f"CASE WHEN c.founded_date >= {cutoff} THEN {YOUNG} ELSE {OLD} END"
    head = f"i.organisation_id AS org, i.type AS itype, {year} AS iy, {month} AS im"
    company_of = (
        f"c.municipality_id AS mkey, {{}} AS sub_c, CAST(NULL AS BIGINT) AS sub_e, {kind} AS cls"
    )
    entrepreneur_of = (
        f"COALESCE(e.municipality_id, %s) AS mkey, CAST(NULL AS BIGINT) AS sub_c, {{}} AS sub_e,"
        f" {ENTREPRENEUR} AS cls"
    )
    parts = [
        (
            f"SELECT i.id AS iid, {head}, {company_of.format('i.company_id')} FROM {interaction} i"
            f" JOIN {company} c ON c.id = i.company_id WHERE {where}",
            where_params,
        ),
        (
            f"SELECT i.id AS iid, {head}, {entrepreneur_of.format('i.entrepreneur_id')}"
            # "+ 0": not by the interactions' entrepreneur index, which PostgreSQL chose and
            # read every interaction with an entrepreneur of every operator (100 ms at
            # national size), but by the operator's own, as the other parts do.
            f" FROM {interaction} i JOIN {entrepreneur} e ON e.id = i.entrepreneur_id + 0"
            f" WHERE {where}",
            [ANY_MUNICIPALITY, *where_params],
        ),
        (
            f"SELECT i.id AS iid, {head}, {company_of.format('p.company_id')} FROM {participant} p"
            f" JOIN {interaction} i ON i.id = p.interaction_id"
            f" JOIN {company} c ON c.id = p.company_id WHERE {where}",
            where_params,
        ),
        (
            f"SELECT i.id AS iid, {head}, {entrepreneur_of.format('p.entrepreneur_id')}"
            f" FROM {participant} p JOIN {interaction} i ON i.id = p.interaction_id"
            f" JOIN {entrepreneur} e ON e.id = p.entrepreneur_id WHERE {where}",
            [ANY_MUNICIPALITY, *where_params],
        ),
    ]
    return " UNION ALL ".join(sql for sql, _ in parts), [p for _, ps in parts for p in ps]


def _flag(kind: int) -> str:
    return f"MAX(CASE WHEN cls = {kind} THEN {1 << kind} ELSE 0 END)"


def _run(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _interactions(scopes: _Scopes, operators, start: date, end: date, year: int, type_sets):
    """One scan of the subjects from ``start`` to ``end`` for three things:

    * this year's sessions, scope -> (type, flags) -> [interactions, survey answers,
      satisfied ones], and last year's, scope -> (type, flags) -> interactions per month;
    * this year's distinct subjects, (scope, types) -> (young companies, established
      companies, companies, entrepreneurs) for each set of types in ``type_sets`` (None: all).
    """
    this_year: dict = defaultdict(lambda: defaultdict(lambda: [0, 0, 0]))
    last_year: dict = defaultdict(lambda: defaultdict(lambda: [0.0] * 12))
    users: dict = {}
    if end < start:
        return this_year, last_year, users
    subjects, params = _subjects(operators, start, end)
    ctes, scope_params = scopes.ctes()
    answers, answer_params = _sql(
        SatisfactionResponse.objects.filter(
            invitation__interaction__organisation_id__in=operators,
            invitation__interaction__date__gte=start,
            invitation__interaction__date__lte=end,
        )
        .annotate(r_iid=F("invitation__interaction_id"))
        .values("r_iid")
        .annotate(n=Count("pk"), sat=Count("pk", filter=Q(score__gte=4)))
    )
    columns = "s.iid AS iid, s.itype AS itype, s.iy AS iy, s.im AS im, s.cls AS cls, "
    columns += "s.sub_c AS sub_c, s.sub_e AS sub_e"
    flags = " + ".join(_flag(k) for k in (YOUNG, OLD, ENTREPRENEUR))
    sql = (
        f"WITH s AS ({subjects}), {', '.join(ctes)}, j AS ({scopes.joined(columns)}),"
        f" per AS (SELECT scope, iid, itype, iy, im, {flags} AS flags"
        " FROM j GROUP BY scope, iid, itype, iy, im)"
    )
    parts = [
        "SELECT 0 AS part, per.scope, per.itype, per.iy, per.im, per.flags, COUNT(*),"
        " COALESCE(SUM(r.n), 0), COALESCE(SUM(r.sat), 0)"
        f" FROM per LEFT JOIN ({answers}) r ON r.r_iid = per.iid"
        " GROUP BY per.scope, per.itype, per.iy, per.im, per.flags"
    ]
    flag_params = []
    if type_sets:
        kinds = []
        for i, types in enumerate(type_sets):
            among = "1 = 1"
            if types is not None:
                among = "itype IN (" + ", ".join(["%s"] * len(types)) + ")"
                flag_params += sorted(types) * 3
            for kind, name in ((YOUNG, "y"), (OLD, "o"), (ENTREPRENEUR, "e")):
                kinds.append(
                    f"MAX(CASE WHEN {among} AND cls = {kind} THEN 1 ELSE 0 END) AS {name}{i}"
                )
            parts.append(
                f"SELECT {i + 1}, scope, NULL, NULL, NULL,"
                f" SUM(CASE WHEN sub_c IS NOT NULL AND y{i} = 1 THEN 1 ELSE 0 END),"
                f" SUM(CASE WHEN sub_c IS NOT NULL AND o{i} = 1 THEN 1 ELSE 0 END),"
                f" SUM(CASE WHEN sub_c IS NOT NULL AND y{i} + o{i} > 0 THEN 1 ELSE 0 END),"
                f" SUM(e{i}) FROM pu GROUP BY scope"
            )
        sql += (
            f", pu AS (SELECT scope, sub_c, sub_e, {', '.join(kinds)} FROM j"
            " WHERE iy = %s GROUP BY scope, sub_c, sub_e)"
        )
        flag_params.append(year)
    sql += " " + " UNION ALL ".join(parts)
    for part, scope, itype, y, m, a, b, c, d in _run(
        sql, params + scope_params + flag_params + answer_params
    ):
        if part:
            users[(scope, type_sets[part - 1])] = (int(a), int(b), int(c), int(d))
        elif int(y) == year:
            counts = this_year[scope][(itype, int(a))]
            counts[0] += b
            counts[1] += int(c)
            counts[2] += int(d)
        else:
            last_year[scope][(itype, int(a))][int(m) - 1] += b
    return this_year, last_year, users


def _referrals(operators, year: int, end: date) -> list[dict]:
    """The referrals to an Erhvervshus of ``year`` and the year before, grouped by operator,
    the company's municipality and kind, the entrepreneur's municipality, year and month."""
    day = TruncDate("created_at")
    young = metrics._company_q("company", day, TargetGroup.ENTREPRENEURS, None)
    rows = (
        crm_public.referrals()
        .filter(
            organisation_id__in=operators,
            from_company=False,
            to_organisation__type=OrganisationType.ERHVERVSHUS,
            created_at__year__gte=year - 1,
            created_at__year__lte=year,
        )
        .filter(Q(company__isnull=False) | Q(entrepreneur__isnull=False))
        .annotate(
            day=day,
            org=F("organisation_id"),
            c_muni=F("company__municipality_id"),
            cls=Case(
                When(young, then=Value(YOUNG)),
                When(company__isnull=False, then=Value(OLD)),
                default=Value(None),
                output_field=IntegerField(),
            ),
            has_e=Case(
                When(entrepreneur__isnull=False, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            ),
            e_muni=F("entrepreneur__municipality_id"),
            y=ExtractYear("created_at"),
            m=ExtractMonth("created_at"),
            le=Case(
                When(day__lte=end, then=Value(1)), default=Value(0), output_field=IntegerField()
            ),
        )
        .values("org", "c_muni", "cls", "has_e", "e_muni", "y", "m", "le")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return list(rows)
