"""The metric: a target's progress counted live in the database, and its forecast.

The counting is one aggregate query per target (two for "users", one for companies and
one for entrepreneurs), plus one for last year's monthly pattern used by the forecast;
the forecast and status come from the pure ``goals/contracts/engine.py``. Participants are
reached through uncorrelated ``IN`` subqueries, never a join or a correlated ``EXISTS``
per row, which is what keeps a count fast at national size (docs/performance.md). The pages
and the API count many contracts together instead (``grouped.py``, the same figures, in a
fixed number of queries) and read them through ``selectors.contract_rows``, which caches them.

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

import functools
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import (
    Count,
    DateField,
    ExpressionWrapper,
    F,
    Q,
    QuerySet,
)
from django.db.models.functions import ExtractMonth, TruncDate
from django.utils import timezone
from django.utils.translation import get_language

from indgang.crm import public as crm_public
from indgang.goals.contracts import engine
from indgang.goals.contracts.models import Measure, PerformanceContract, Target, TargetGroup
from indgang.goals.surveys.models import SatisfactionResponse
from indgang.organisations.public import OrganisationType
from indgang.registry import public as registry_public

ENTREPRENEUR_DAYS = 3 * 365 + 1
AGE_LIMIT = timedelta(days=ENTREPRENEUR_DAYS)


# --- Which interactions and subjects count ----------------------------------------------


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


def _interactions(target: Target, year: int, until: date | None = None) -> QuerySet:
    """Interactions of the contract's operator in ``year`` (up to ``until``) with a
    subject that counts."""
    codes = _municipality_codes(target)
    group = target.target_group
    rows = crm_public.interactions().filter(
        organisation_id=target.contract.operator_id,
        date__gte=date(year, 1, 1),
        date__lte=_end(year, until),
    )
    if target.interaction_types:
        rows = rows.filter(type__in=target.interaction_types)
    # The participants through an uncorrelated IN subquery rather than a join: a join
    # multiplies the rows (one per participant) and made every count a DISTINCT over them.
    taking_part = crm_public.participants().filter(
        _company_q("company", F("interaction__date"), group, codes)
        | _entrepreneur_q("entrepreneur", group, codes),
        interaction__in=rows.order_by().values("pk"),
    )
    subject = (
        _company_q("company", F("date"), group, codes)
        | _entrepreneur_q("entrepreneur", group, codes)
        | Q(pk__in=taking_part.values("interaction_id"))
    )
    return rows.filter(subject)


def _count_users(
    target: Target, year: int, until: date | None = None, companies_only: bool = False
) -> int:
    """Distinct companies (and entrepreneurs) with a counting interaction in ``year``."""
    codes = _municipality_codes(target)
    group = target.target_group
    base = crm_public.interactions().filter(
        organisation_id=target.contract.operator_id,
        date__gte=date(year, 1, 1),
        date__lte=_end(year, until),
    )
    if target.interaction_types:
        base = base.filter(type__in=target.interaction_types)

    # Uncorrelated IN subqueries over the operator's interactions, each run once: a
    # correlated EXISTS per company of the municipalities took seconds at national size
    # (docs/performance.md). A company counts when one of its interactions (or one it took
    # part in) passes the target's conditions at that interaction's date.
    in_base = base.order_by().values("pk")
    direct = base.filter(_company_q("company", F("date"), group, codes)).order_by()
    taking_part = crm_public.participants().filter(
        _company_q("company", F("interaction__date"), group, codes), interaction__in=in_base
    )
    companies = registry_public.companies().filter(
        Q(pk__in=direct.values("company_id")) | Q(pk__in=taking_part.values("company_id"))
    )
    total = companies.count()
    if companies_only or group == TargetGroup.ESTABLISHED:
        return total
    # Two uncorrelated IN subqueries, each run once: a correlated EXISTS per entrepreneur
    # through the participants took seconds at national size (docs/performance.md).
    in_base = base.order_by().values("pk")
    entrepreneurs = crm_public.entrepreneurs().filter(
        Q(pk__in=base.filter(entrepreneur__isnull=False).order_by().values("entrepreneur_id"))
        | Q(
            pk__in=crm_public.participants()
            .filter(interaction__in=in_base, entrepreneur__isnull=False)
            .values("entrepreneur_id")
        )
    )
    if codes is not None:
        entrepreneurs = entrepreneurs.filter(
            Q(municipality_id__in=codes) | Q(municipality__isnull=True)
        )
    return total + entrepreneurs.count()


def _referrals(target: Target, year: int, until: date | None = None) -> QuerySet:
    codes = _municipality_codes(target)
    group = target.target_group
    day = TruncDate("created_at")
    subject = _company_q("company", day, group, codes) | _entrepreneur_q(
        "entrepreneur", group, codes
    )
    return (
        crm_public.referrals()
        .filter(
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
    # The codes of the national goals the target serves, when the caller read them already.
    goal_codes: list[str] | None = None

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
            "measure_label": _measure_label(self.target.measure, get_language()),
            "target_group": self.target.target_group,
            "interaction_types": list(self.target.interaction_types),
            "comparator": self.target.comparator,
            "target": self.target_value,
            "value": _round(self.value),
            "forecast": _round(self.forecast),
            "forecast_method": self.method,
            "status": self.status,
            "responses": self.detail.get("responses"),
            "goals": (
                self.goal_codes
                if self.goal_codes is not None
                else [g.code for g in self.target.goals.all()]
            ),
        }


@functools.lru_cache(maxsize=64)
def _measure_label(measure: str, language: str | None) -> str:
    """The measure's name in ``language`` (the active one): a lazy translation resolved
    once, not once per target (0.2 ms each, 1,250 targets on the national dashboard)."""
    return str(dict(Measure.choices).get(measure, measure))


def _round(x):
    return None if x is None else round(x, 1)


def progress(target: Target, as_of: date | None = None) -> Progress:
    """One target counted on its own (``grouped.py`` counts many together)."""
    as_of = as_of or timezone.localdate()
    year = target.contract.year
    value, detail = measure_value(target, year, as_of)
    pattern = _monthly(target, year - 1) if date(year, 1, 1) <= as_of < date(year, 12, 31) else None
    return assess(target, as_of, value, detail, pattern)


def assess(
    target: Target,
    as_of: date,
    value: float | None,
    detail: dict,
    pattern: list[float] | None,
) -> Progress:
    """The forecast and status of ``target`` from its counted value and last year's monthly
    pattern (None outside the contract's year, and for shares)."""
    year = target.contract.year
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
