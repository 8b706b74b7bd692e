"""Reads for goals: target progress counted live in the database, statistics, KPIs.

The counting is one aggregate query per target (two for "users", one for companies and
one for entrepreneurs), plus one for last year's monthly pattern used by the forecast;
the forecast and status come from the pure ``goals/engine.py``.

Definitions (see docs/decisions/0010-goals-metrics.md):

- An interaction counts for a contract when its operator logged it, in the contract's
  year, of one of the target's interaction types; its *subjects* are the company or
  entrepreneur it was for and, for events and courses, the participants.
- Entrepreneur: a subject without a CVR number (a CRM entrepreneur), or a company at most
  three years old (1,096 days) at the interaction's date. Established: older, or with an
  unknown founding date.
- Municipality filter: the company's municipality (the entrepreneur's, when known) is one
  of the contract's municipalities.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import (
    Count,
    DateField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
)
from django.db.models.functions import ExtractMonth, TruncDate
from django.utils import timezone

from indgang.crm.models import Entrepreneur, Interaction, InteractionType, Participant, Referral
from indgang.crm.permissions import Viewer
from indgang.goals import engine
from indgang.goals.models import (
    Goal,
    Kpi,
    Measure,
    PerformanceContract,
    SatisfactionResponse,
    Spending,
    SurveyInvitation,
    Target,
    TargetGroup,
)
from indgang.goals.permissions import can_read_contract, is_national
from indgang.organisations.models import Organisation, OrganisationType
from indgang.reference.models import Municipality, Region
from indgang.registry.models import Company, CompanyStatus

ENTREPRENEUR_DAYS = 3 * 365 + 1
AGE_LIMIT = timedelta(days=ENTREPRENEUR_DAYS)


# --- Contracts --------------------------------------------------------------------------


def contracts_for(viewer: Viewer, year: int | None = None) -> QuerySet[PerformanceContract]:
    """The contracts ``viewer`` may read: their operator's, or all for the national board."""
    contracts = PerformanceContract.objects.select_related("operator", "report").prefetch_related(
        "municipalities", "targets"
    )
    if not is_national(viewer):
        if not viewer.is_staff:
            return contracts.none()
        contracts = contracts.filter(operator_id=viewer.organisation_id)
    if year:
        contracts = contracts.filter(year=year)
    return contracts.order_by("-year", "operator__name", "title")


def contract(viewer: Viewer, pk: int) -> PerformanceContract | None:
    found = (
        PerformanceContract.objects.select_related("operator")
        .prefetch_related("municipalities")
        .filter(pk=pk)
        .first()
    )
    if found is None or not can_read_contract(viewer, found):
        return None
    return found


# --- The metric: which interactions and subjects count ----------------------------------


def _municipality_codes(target: Target) -> list[str] | None:
    if not target.in_contract_municipalities:
        return None
    return [m.pk for m in target.contract.municipalities.all()]


def _company_q(path: str, date_expr, group: str, codes) -> Q:
    """Conditions on a company reached by ``path`` (e.g. "company") at ``date_expr``."""
    q = Q(**{f"{path}__isnull": False})
    if codes is not None:
        q &= Q(**{f"{path}__municipality_id__in": codes})
    cutoff = ExpressionWrapper(date_expr - AGE_LIMIT, output_field=DateField())
    young = Q(**{f"{path}__founded_date__gte": cutoff})
    if group == TargetGroup.ENTREPRENEURS:
        q &= young
    elif group == TargetGroup.ESTABLISHED:
        q &= ~young | Q(**{f"{path}__founded_date__isnull": True})
    return q


def _entrepreneur_q(path: str, group: str, codes) -> Q:
    if group == TargetGroup.ESTABLISHED:
        return Q(pk__in=[])
    q = Q(**{f"{path}__isnull": False})
    if codes is not None:
        q &= Q(**{f"{path}__municipality_id__in": codes}) | Q(
            **{f"{path}__municipality__isnull": True}
        )
    return q


def _end(year: int, until: date | None) -> date:
    return min(date(year, 12, 31), until) if until else date(year, 12, 31)


def _interactions(target: Target, year: int, until: date | None = None) -> QuerySet[Interaction]:
    """Interactions of the contract's operator in ``year`` (up to ``until``) with a
    subject that counts."""
    codes = _municipality_codes(target)
    group = target.target_group
    rows = Interaction.objects.filter(
        organisation_id=target.contract.operator_id,
        date__gte=date(year, 1, 1),
        date__lte=_end(year, until),
    )
    if target.interaction_types:
        rows = rows.filter(type__in=target.interaction_types)
    subject = (
        _company_q("company", F("date"), group, codes)
        | _entrepreneur_q("entrepreneur", group, codes)
        | _company_q("participants__company", F("date"), group, codes)
        | _entrepreneur_q("participants__entrepreneur", group, codes)
    )
    return rows.filter(subject)


def _count_users(
    target: Target, year: int, until: date | None = None, companies_only: bool = False
) -> int:
    """Distinct companies (and entrepreneurs) with a counting interaction in ``year``."""
    codes = _municipality_codes(target)
    group = target.target_group
    base = Interaction.objects.filter(
        organisation_id=target.contract.operator_id,
        date__gte=date(year, 1, 1),
        date__lte=_end(year, until),
    )
    if target.interaction_types:
        base = base.filter(type__in=target.interaction_types)

    def company_subquery(path: str):
        q = Q(**{path: OuterRef("pk")})
        founded = ExpressionWrapper(OuterRef("founded_date") + AGE_LIMIT, output_field=DateField())
        if group == TargetGroup.ENTREPRENEURS:
            q &= Q(date__lte=founded)
        elif group == TargetGroup.ESTABLISHED:
            q &= Q(date__gt=founded)
        return Exists(base.filter(q))

    companies = Company.objects.filter(
        company_subquery("company") | company_subquery("participants__company")
    )
    if group == TargetGroup.ENTREPRENEURS:
        companies = companies.filter(founded_date__isnull=False)
    elif group == TargetGroup.ESTABLISHED:
        # An unknown founding date counts as established (Exists above needs a date).
        companies = Company.objects.filter(
            company_subquery("company")
            | company_subquery("participants__company")
            | (
                Q(founded_date__isnull=True)
                & (
                    Exists(base.filter(company=OuterRef("pk")))
                    | Exists(base.filter(participants__company=OuterRef("pk")))
                )
            )
        )
    if codes is not None:
        companies = companies.filter(municipality_id__in=codes)
    total = companies.count()
    if companies_only or group == TargetGroup.ESTABLISHED:
        return total
    entrepreneurs = Entrepreneur.objects.filter(
        Exists(base.filter(entrepreneur=OuterRef("pk")))
        | Exists(base.filter(participants__entrepreneur=OuterRef("pk")))
    )
    if codes is not None:
        entrepreneurs = entrepreneurs.filter(
            Q(municipality_id__in=codes) | Q(municipality__isnull=True)
        )
    return total + entrepreneurs.count()


def _referrals(target: Target, year: int, until: date | None = None) -> QuerySet[Referral]:
    codes = _municipality_codes(target)
    group = target.target_group
    day = TruncDate("created_at")
    subject = _company_q("company", day, group, codes) | _entrepreneur_q(
        "entrepreneur", group, codes
    )
    return (
        Referral.objects.filter(
            organisation_id=target.contract.operator_id,
            from_company=False,
            to_organisation__type=OrganisationType.ERHVERVSHUS,
            created_at__year=year,
        )
        .annotate(day=day)
        .filter(subject, day__lte=_end(year, until))
    )


def _satisfaction(target: Target, year: int, until: date | None = None) -> tuple[int, int]:
    """(responses, satisfied responses) to surveys after the target's interactions."""
    counted = _interactions(target, year, until).values("pk")
    row = SatisfactionResponse.objects.filter(invitation__interaction__in=counted).aggregate(
        total=Count("pk"), satisfied=Count("pk", filter=Q(score__gte=4))
    )
    return row["total"], row["satisfied"]


def _monthly(target: Target, year: int) -> list[float] | None:
    """Last year's activity per month, the forecast's seasonal pattern."""
    if target.is_share:
        return None
    if target.measure == Measure.REFERRALS_ERHVERVSHUS:
        rows = (
            _referrals(target, year)
            .annotate(m=ExtractMonth("created_at"))
            .values("m")
            .annotate(n=Count("pk", distinct=True))
        )
    else:
        rows = (
            _interactions(target, year)
            .annotate(m=ExtractMonth("date"))
            .values("m")
            .annotate(n=Count("pk", distinct=True))
        )
    months = [0.0] * 12
    for row in rows:
        months[row["m"] - 1] = float(row["n"])
    return months


def measure_value(
    target: Target, year: int | None = None, until: date | None = None
) -> tuple[float | None, dict]:
    """The target's value for ``year`` (default the contract's) up to ``until``."""
    year = year or target.contract.year
    if target.measure == Measure.SESSIONS:
        n = _interactions(target, year, until).aggregate(n=Count("pk", distinct=True))["n"]
        return float(n), {}
    if target.measure == Measure.USERS:
        return float(_count_users(target, year, until)), {}
    if target.measure == Measure.COMPANIES:
        return float(_count_users(target, year, until, companies_only=True)), {}
    if target.measure == Measure.REFERRALS_ERHVERVSHUS:
        return float(_referrals(target, year, until).count()), {}
    total, satisfied = _satisfaction(target, year, until)
    return engine.share(satisfied, total), {"responses": total, "satisfied": satisfied}


@dataclass
class Progress:
    target: Target
    value: float | None
    target_value: float
    forecast: float | None
    method: str
    status: str
    detail: dict = field(default_factory=dict)

    @property
    def percent_of_target(self) -> float | None:
        if self.value is None or not self.target_value:
            return None
        return 100.0 * self.value / self.target_value

    def as_row(self) -> dict:
        return {
            "target_id": self.target.pk,
            "name": self.target.name,
            "measure": self.target.measure,
            "measure_label": str(self.target.get_measure_display()),
            "target_group": self.target.target_group,
            "interaction_types": list(self.target.interaction_types),
            "comparator": self.target.comparator,
            "target": self.target_value,
            "value": _round(self.value),
            "forecast": _round(self.forecast),
            "forecast_method": self.method,
            "status": self.status,
            "responses": self.detail.get("responses"),
            "goals": [g.code for g in self.target.goals.all()],
        }


def _round(x):
    return None if x is None else round(x, 1)


def progress(target: Target, as_of: date | None = None) -> Progress:
    as_of = as_of or timezone.localdate()
    year = target.contract.year
    value, detail = measure_value(target, year, as_of)
    pattern = _monthly(target, year - 1) if date(year, 1, 1) <= as_of < date(year, 12, 31) else None
    if value is None:
        projected = engine.Forecast(None, "none", engine.year_fraction(year, as_of))
    else:
        projected = engine.forecast(
            value, year, as_of, is_share=target.is_share, last_year_monthly=pattern
        )
    target_value = float(target.value)
    if value is None:
        state = engine.NOT_STARTED
    else:
        state = engine.status(
            target_value,
            value,
            projected.value,
            year_over=as_of >= date(year, 12, 31),
            is_share=target.is_share,
        )
    return Progress(target, value, target_value, projected.value, projected.method, state, detail)


def contract_progress(contract: PerformanceContract, as_of: date | None = None) -> list[Progress]:
    targets = contract.targets.select_related("contract").prefetch_related(
        "goals", "contract__municipalities"
    )
    return [progress(t, as_of) for t in targets]


def contract_rows(contract: PerformanceContract, as_of: date | None = None) -> list[dict]:
    """The frozen figures when the report is frozen, else the live ones."""
    if contract.is_frozen:
        return contract.report.rows
    return [p.as_row() for p in contract_progress(contract, as_of)]


def status_counts(rows: list[dict]) -> dict[str, int]:
    counts = {engine.BEHIND: 0, engine.ON_TRACK: 0, engine.AHEAD: 0, engine.NOT_STARTED: 0}
    for row in rows:
        counts[row["status"]] = counts.get(row["status"], 0) + 1
    return counts


# --- Surveys ----------------------------------------------------------------------------


def survey_invitations(viewer: Viewer) -> QuerySet[SurveyInvitation]:
    if not viewer.is_staff:
        return SurveyInvitation.objects.none()
    return (
        SurveyInvitation.objects.filter(organisation_id=viewer.organisation_id)
        .select_related("interaction", "response")
        .order_by("-sent_at", "-pk")
    )


def surveyable_interactions(viewer: Viewer, types, days: int = 60, limit: int = 30):
    """The organisation's recent guidance no survey has been sent for yet."""
    if not viewer.writes:
        return []
    since = timezone.localdate() - timedelta(days=days)
    return list(
        Interaction.objects.filter(
            organisation_id=viewer.organisation_id,
            type__in=list(types),
            date__gte=since,
            date__lte=timezone.localdate(),
            survey_invitations__isnull=True,
        )
        .select_related("company", "entrepreneur")
        .order_by("-date", "-pk")[:limit]
    )


def survey_summary(organisation_id: str, year: int) -> dict:
    row = SatisfactionResponse.objects.filter(
        invitation__organisation_id=organisation_id, invitation__interaction__date__year=year
    ).aggregate(total=Count("pk"), satisfied=Count("pk", filter=Q(score__gte=4)))
    sent = SurveyInvitation.objects.filter(
        organisation_id=organisation_id, interaction__date__year=year
    ).count()
    return {**row, "sent": sent, "share": engine.share(row["satisfied"], row["total"])}


# --- Local business promotion statistics -------------------------------------------------


def _served():
    return Organisation.municipalities_served.through.objects.filter(
        organisation_id=OuterRef("organisation_id")
    )


def _users_by_municipality(year: int) -> tuple[dict, dict]:
    """(users, one-to-one users) per municipality code: sets of ("c"|"e", id)."""
    users: dict[str, set] = defaultdict(set)
    one_to_one: dict[str, set] = defaultdict(set)
    local = Interaction.objects.filter(
        date__gte=date(year, 1, 1),
        date__lte=date(year, 12, 31),
        organisation__type=OrganisationType.LOKAL_ERHVERVSSERVICE,
    )
    direct_companies = (
        local.filter(company__isnull=False)
        .filter(Exists(_served().filter(municipality_id=OuterRef("company__municipality_id"))))
        .values_list("company__municipality_id", "company_id", "type")
        .distinct()
    )
    for code, pk, kind in direct_companies:
        users[code].add(("c", pk))
        if kind == InteractionType.ONE_TO_ONE:
            one_to_one[code].add(("c", pk))
    direct_entrepreneurs = (
        local.filter(entrepreneur__municipality__isnull=False)
        .filter(Exists(_served().filter(municipality_id=OuterRef("entrepreneur__municipality_id"))))
        .values_list("entrepreneur__municipality_id", "entrepreneur_id", "type")
        .distinct()
    )
    for code, pk, kind in direct_entrepreneurs:
        users[code].add(("e", pk))
        if kind == InteractionType.ONE_TO_ONE:
            one_to_one[code].add(("e", pk))
    participants = Participant.objects.filter(
        interaction__date__gte=date(year, 1, 1),
        interaction__date__lte=date(year, 12, 31),
        interaction__organisation__type=OrganisationType.LOKAL_ERHVERVSSERVICE,
    )
    served = Organisation.municipalities_served.through.objects.filter(
        organisation_id=OuterRef("interaction__organisation_id")
    )
    for code, pk in (
        participants.filter(company__isnull=False)
        .filter(Exists(served.filter(municipality_id=OuterRef("company__municipality_id"))))
        .values_list("company__municipality_id", "company_id")
        .distinct()
    ):
        users[code].add(("c", pk))
    for code, pk in (
        participants.filter(entrepreneur__municipality__isnull=False)
        .filter(Exists(served.filter(municipality_id=OuterRef("entrepreneur__municipality_id"))))
        .values_list("entrepreneur__municipality_id", "entrepreneur_id")
        .distinct()
    ):
        users[code].add(("e", pk))
    return users, one_to_one


@dataclass
class AreaRow:
    code: str
    name: str
    region_code: str
    population: int
    companies: int
    users: int
    one_to_one_users: int
    spending_dkk: int | None
    municipalities: int = 1
    municipalities_with_spending: int = 0
    population_with_spending: int = 0

    @property
    def users_share(self) -> float | None:
        return engine.share(self.users, self.companies)

    @property
    def kr_per_inhabitant(self) -> float | None:
        population = self.population_with_spending or (
            self.population if self.spending_dkk is not None else 0
        )
        if self.spending_dkk is None or not population:
            return None
        return self.spending_dkk / population

    def as_dict(self) -> dict:
        return {
            "code": self.code,
            "name": self.name,
            "region_code": self.region_code,
            "population": self.population,
            "companies": self.companies,
            "users": self.users,
            "one_to_one_users": self.one_to_one_users,
            "users_share": _round(self.users_share),
            "spending_dkk": self.spending_dkk,
            "kr_per_inhabitant": _round(self.kr_per_inhabitant),
        }


def municipality_statistics(year: int, codes=None) -> list[AreaRow]:
    """Per municipality in ``year``: users of the local business service, their share of
    the active companies, one-to-one users and spending per inhabitant."""
    users, one_to_one = _users_by_municipality(year)
    companies = dict(
        Company.objects.filter(status=CompanyStatus.ACTIVE)
        .values("municipality_id")
        .annotate(n=Count("pk"))
        .values_list("municipality_id", "n")
    )
    spending = dict(Spending.objects.filter(year=year).values_list("municipality_id", "amount_dkk"))
    municipalities = Municipality.objects.order_by("name")
    if codes is not None:
        municipalities = municipalities.filter(code__in=codes)
    return [
        AreaRow(
            code=m.code,
            name=m.label,
            region_code=m.region_id,
            population=m.population,
            companies=companies.get(m.code, 0),
            users=len(users.get(m.code, ())),
            one_to_one_users=len(one_to_one.get(m.code, ())),
            spending_dkk=spending.get(m.code),
        )
        for m in municipalities
    ]


def region_statistics(rows: list[AreaRow]) -> list[AreaRow]:
    """The national comparison: municipalities summed by region. Kr. per inhabitant is
    over the municipalities whose spending is entered."""
    regions = {r.code: r.label for r in Region.objects.all()}
    out: dict[str, AreaRow] = {}
    for row in rows:
        region = out.setdefault(
            row.region_code,
            AreaRow(
                code=row.region_code,
                name=regions.get(row.region_code, row.region_code),
                region_code=row.region_code,
                population=0,
                companies=0,
                users=0,
                one_to_one_users=0,
                spending_dkk=None,
                municipalities=0,
            ),
        )
        region.population += row.population
        region.companies += row.companies
        region.users += row.users
        region.one_to_one_users += row.one_to_one_users
        region.municipalities += 1
        if row.spending_dkk is not None:
            region.spending_dkk = (region.spending_dkk or 0) + row.spending_dkk
            region.municipalities_with_spending += 1
            region.population_with_spending += row.population
    return [out[k] for k in sorted(out)]


def spreads(rows: list[AreaRow]) -> dict:
    names = {r.code: r.name for r in rows}

    def named(result):
        if result is None:
            return None
        return {
            **result,
            "max_name": names[result["max_key"]],
            "min_name": names[result["min_key"]],
        }

    return {
        "users_share": named(engine.spread({r.code: r.users_share for r in rows})),
        "kr_per_inhabitant": named(engine.spread({r.code: r.kr_per_inhabitant for r in rows})),
    }


def municipalities_of(viewer: Viewer) -> list[str]:
    """The municipality codes an operator serves (its own dashboard)."""
    if not viewer.is_staff:
        return []
    return list(
        Municipality.objects.filter(operators__pk=viewer.organisation_id).values_list(
            "code", flat=True
        )
    )


# --- National goals ---------------------------------------------------------------------


def goals() -> QuerySet[Goal]:
    return Goal.objects.prefetch_related("kpis__values")


def goal(code: str) -> Goal | None:
    return goals().filter(code=code).first()


def kpi_rows() -> list[dict]:
    rows = []
    for kpi in Kpi.objects.select_related("goal").prefetch_related("values"):
        values = sorted(kpi.values.all(), key=lambda v: v.year)
        latest = values[-1] if values else None
        rows.append(
            {
                "kpi": kpi,
                "goal": kpi.goal,
                "values": values,
                "latest": latest,
            }
        )
    return rows


def targets_serving(goal: Goal, viewer: Viewer) -> list[Target]:
    targets = goal.targets.select_related("contract__operator")
    if not is_national(viewer):
        targets = targets.filter(contract__operator_id=viewer.organisation_id)
    return list(targets)
