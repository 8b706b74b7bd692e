"""Reads for local business promotion statistics: per municipality and region, users of the
local business service, their share of the active companies, one-to-one users and spending
per inhabitant."""

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.core.cache import cache
from django.db.models import Count, Exists, OuterRef
from django.utils import timezone

from indgang.crm import public as crm_public
from indgang.goals.contracts import engine
from indgang.goals.contracts import selectors as contract_selectors
from indgang.goals.statistics.models import Spending
from indgang.organisations.public import Organisation, OrganisationType, Viewer
from indgang.reference.public import Municipality, Region
from indgang.registry import public as registry_public


def _served():
    return Organisation.municipalities_served.through.objects.filter(
        organisation_id=OuterRef("organisation_id")
    )


def _users_by_municipality(year: int, codes=None) -> tuple[dict, dict]:
    """(users, one-to-one users) per municipality code: sets of ("c"|"e", id); only for
    the municipalities ``codes`` when given (an operator's own dashboard)."""
    users: dict[str, set] = defaultdict(set)
    one_to_one: dict[str, set] = defaultdict(set)
    local = crm_public.interactions().filter(
        date__gte=date(year, 1, 1),
        date__lte=date(year, 12, 31),
        organisation__type=OrganisationType.LOKAL_ERHVERVSSERVICE,
    )
    serving = None
    if codes is not None:
        # Only operators serving these municipalities can have users counted in them.
        serving = Organisation.objects.filter(municipalities_served__in=list(codes)).values("pk")
        local = local.filter(organisation_id__in=serving)
    direct_companies = (
        local.filter(company__isnull=False)
        .filter(Exists(_served().filter(municipality_id=OuterRef("company__municipality_id"))))
        .values_list("company__municipality_id", "company_id", "type")
        .order_by()
        .distinct()
    )
    for code, pk, kind in direct_companies:
        users[code].add(("c", pk))
        if kind == crm_public.InteractionType.ONE_TO_ONE:
            one_to_one[code].add(("c", pk))
    direct_entrepreneurs = (
        local.filter(entrepreneur__municipality__isnull=False)
        .filter(Exists(_served().filter(municipality_id=OuterRef("entrepreneur__municipality_id"))))
        .values_list("entrepreneur__municipality_id", "entrepreneur_id", "type")
        .order_by()
        .distinct()
    )
    for code, pk, kind in direct_entrepreneurs:
        users[code].add(("e", pk))
        if kind == crm_public.InteractionType.ONE_TO_ONE:
            one_to_one[code].add(("e", pk))
    participants = crm_public.participants().filter(
        interaction__date__gte=date(year, 1, 1),
        interaction__date__lte=date(year, 12, 31),
        interaction__organisation__type=OrganisationType.LOKAL_ERHVERVSSERVICE,
    )
    if serving is not None:
        participants = participants.filter(interaction__organisation_id__in=serving)
    served = Organisation.municipalities_served.through.objects.filter(
        organisation_id=OuterRef("interaction__organisation_id")
    )
    for code, pk in (
        participants.filter(company__isnull=False)
        .filter(Exists(served.filter(municipality_id=OuterRef("company__municipality_id"))))
        .values_list("company__municipality_id", "company_id")
        .order_by()
        .distinct()
    ):
        users[code].add(("c", pk))
    for code, pk in (
        participants.filter(entrepreneur__municipality__isnull=False)
        .filter(Exists(served.filter(municipality_id=OuterRef("entrepreneur__municipality_id"))))
        .values_list("entrepreneur__municipality_id", "entrepreneur_id")
        .order_by()
        .distinct()
    ):
        users[code].add(("e", pk))
    return users, one_to_one


def _round(x):
    return None if x is None else round(x, 1)


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
    # Users with a CVR number: the share is of companies, so entrepreneurs (users without
    # one yet) count among the users but not in the share.
    company_users: int = 0

    @property
    def users_share(self) -> float | None:
        return engine.share(self.company_users, self.companies)

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
    the active companies, one-to-one users and spending per inhabitant.

    Kept in the cache as the contracts' progress is (goals/contracts/selectors.py): under a
    key made of the year, the municipalities, the day and the activity stamp of every local
    business service, so a new, edited or deleted interaction, referral or participant is
    counted at once, and so is spending entered; register changes within ``CACHE_SECONDS``. Counting the
    users scans the year's activity: about a second for all of Denmark."""
    locals_ = sorted(
        Organisation.objects.filter(type=OrganisationType.LOKAL_ERHVERVSSERVICE).values_list(
            "pk", flat=True
        )
    )
    stamps = contract_selectors.activity_stamps({(o, year) for o in locals_})
    spending = sorted(
        Spending.objects.filter(year=year).values_list("municipality_id", "amount_dkk")
    )
    made_of = [
        year,
        sorted(codes) if codes is not None else None,
        str(timezone.localdate()),
        sorted(stamps.items()),
        spending,
    ]
    key = (
        "goals:statistics:" + hashlib.sha256(json.dumps(made_of, default=str).encode()).hexdigest()
    )
    rows = cache.get(key)
    if rows is None:
        rows = _count_statistics(year, codes)
        cache.set(key, rows, contract_selectors.CACHE_SECONDS)
    return rows


def _count_statistics(year: int, codes=None) -> list[AreaRow]:
    users, one_to_one = _users_by_municipality(year, codes)
    companies = dict(
        registry_public.companies()
        .filter(status=registry_public.CompanyStatus.ACTIVE)
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
            company_users=sum(1 for kind, _pk in users.get(m.code, ()) if kind == "c"),
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
        region.company_users += row.company_users
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
