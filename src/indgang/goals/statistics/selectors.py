"""Reads for local business promotion statistics: per municipality and region, users of the
local business service, their share of the active companies, one-to-one users and spending
per inhabitant."""

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.core.cache import cache
from django.db import transaction
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
    # The entrepreneurs first, by their own index: joined the other way round PostgreSQL
    # read every interaction of the operator's year once per entrepreneur (1.2 s for one
    # municipality at national size; now a few milliseconds).
    entrepreneurs = crm_public.entrepreneurs().filter(municipality__isnull=False)
    if codes is not None:
        entrepreneurs = entrepreneurs.filter(municipality_id__in=list(codes))
    direct_entrepreneurs = (
        local.filter(entrepreneur_id__in=entrepreneurs.values("pk"))
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
    the active companies, one-to-one users and spending per inhabitant. Counts what the
    cache does not hold (``cached_statistics``) at once."""
    counted, missing = cached_statistics(year, codes)
    if missing:
        counted.update(count_statistics(year, missing))
    return statistics_rows(year, counted, codes)


def cached_statistics(
    year: int, codes=None, stamps: dict | None = None
) -> tuple[dict[str, tuple], list[str]]:
    """(the counted users per municipality code that the cache holds, the codes it does
    not hold), for ``codes`` or every municipality.

    Kept in the cache as the contracts' progress is (goals/contracts/selectors.py): each
    municipality under a key made of the year, the day, the activity stamps of the local
    business services serving it and its spending, so a new, edited or deleted interaction,
    referral or participant of one municipality's service has that municipality counted
    again, at once, and the others not; register changes within ``CACHE_SECONDS``.
    Counting every municipality scans the year's local activity: about a second for all
    of Denmark; one municipality a few milliseconds. ``stamps``: the activity stamps of
    ``stamp_pairs(year, codes)`` when the caller has them already."""
    keys = _keys(year, codes, stamps)
    found = cache.get_many(list(keys.values()))
    counted = {code: found[key] for code, key in keys.items() if key in found}
    return counted, [code for code in keys if code not in counted]


def count_statistics(year: int, codes: list[str]) -> dict[str, tuple]:
    """Count the users of the municipalities ``codes`` and keep them in the cache: per
    code (users, users with a CVR number, one-to-one users)."""
    # The keys before the counting: a change made meanwhile is counted at the next read.
    keys = _keys(year, codes)
    everyone = len(codes) == Municipality.objects.count()
    users, one_to_one = _users_by_municipality(year, None if everyone else codes)
    counted = {
        code: (
            len(users.get(code, ())),
            sum(1 for kind, _pk in users.get(code, ()) if kind == "c"),
            len(one_to_one.get(code, ())),
        )
        for code in codes
    }
    # One transaction: the database cache commits each key on its own otherwise.
    with transaction.atomic():
        cache.set_many(
            {keys[code]: value for code, value in counted.items()},
            contract_selectors.CACHE_SECONDS,
        )
    return counted


def _serving(codes=None) -> dict[str, list[str]]:
    """The local business services serving each municipality (``codes``, or all), by
    code in name order."""
    municipalities = Municipality.objects.order_by("name")
    if codes is not None:
        municipalities = municipalities.filter(code__in=list(codes))
    serving: dict[str, list[str]] = {
        code: [] for code in municipalities.values_list("code", flat=True)
    }
    for code, operator in Organisation.municipalities_served.through.objects.filter(
        municipality_id__in=list(serving),
        organisation__type=OrganisationType.LOKAL_ERHVERVSSERVICE,
    ).values_list("municipality_id", "organisation_id"):
        serving[code].append(operator)
    return serving


def stamp_pairs(year: int, codes=None) -> set[tuple[str, int]]:
    """The (operator, year) pairs whose activity stamps the statistics of ``codes`` (or
    all) are kept under."""
    return {(o, year) for operators in _serving(codes).values() for o in operators}


def _keys(year: int, codes=None, stamps: dict | None = None) -> dict[str, str]:
    """Each municipality's cache key (see ``cached_statistics``), in name order."""
    serving = _serving(codes)
    municipalities = list(serving)
    if stamps is None:
        stamps = contract_selectors.activity_stamps(
            {(o, year) for operators in serving.values() for o in operators}
        )
    spending = dict(
        Spending.objects.filter(year=year, municipality_id__in=municipalities).values_list(
            "municipality_id", "amount_dkk"
        )
    )
    day = str(timezone.localdate())
    keys = {}
    for code in municipalities:
        made_of = [
            year,
            code,
            day,
            [[o, stamps[(o, year)]] for o in sorted(serving[code])],
            spending.get(code),
        ]
        digest = hashlib.sha256(json.dumps(made_of, default=str).encode()).hexdigest()
        keys[code] = f"goals:statistics:{year}:{code}:{digest}"
    return keys


def _active_companies() -> dict[str, int]:
    """Active companies per municipality code: the register's, cached for
    ``CACHE_SECONDS`` (a grouped count over every company)."""
    key = f"goals:active-companies:{timezone.localdate()}"
    companies = cache.get(key)
    if companies is None:
        companies = dict(
            registry_public.companies()
            .filter(status=registry_public.CompanyStatus.ACTIVE)
            .values("municipality_id")
            .annotate(n=Count("pk"))
            .values_list("municipality_id", "n")
        )
        cache.set(key, companies, contract_selectors.CACHE_SECONDS)
    return companies


def statistics_rows(year: int, counted: dict[str, tuple], codes=None) -> list[AreaRow]:
    """The rows of the municipalities ``codes`` (or all) from their counted users."""
    companies = _active_companies()
    spending = dict(Spending.objects.filter(year=year).values_list("municipality_id", "amount_dkk"))
    municipalities = Municipality.objects.order_by("name")
    if codes is not None:
        municipalities = municipalities.filter(code__in=list(codes))
    rows = []
    for m in municipalities:
        users, company_users, one_to_one = counted[m.code]
        rows.append(
            AreaRow(
                code=m.code,
                name=m.label,
                region_code=m.region_id,
                population=m.population,
                companies=companies.get(m.code, 0),
                users=users,
                company_users=company_users,
                one_to_one_users=one_to_one,
                spending_dkk=spending.get(m.code),
            )
        )
    return rows


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
