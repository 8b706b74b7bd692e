"""The named computations a KPI's values can come from: register, catalog, CRM.

Each takes the year and the KPI's ``parameter`` (a string, may be empty) and returns the
value, or None when the data for that year is missing. A KPI names one by ``computation``;
a KPI without one has its values entered by hand with their source.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from indgang.catalog import public as catalog_public
from indgang.crm import public as crm_public
from indgang.registry import public as registry_public


@dataclass(frozen=True)
class Computation:
    label: object
    source: object
    function: object


def growth_share(year: int, parameter: str) -> Decimal | None:
    """Share (%) of the companies with figures in both years whose full-time equivalents
    grew by at least ``parameter`` (default 5) from three years before to ``year``."""
    try:
        threshold = Decimal(parameter or "5")
    except ArithmeticError:
        threshold = Decimal(5)
    start = dict(
        registry_public.yearly_figures()
        .filter(year=year - 3, employees_fte__isnull=False)
        .values_list("company_id", "employees_fte")
    )
    if not start:
        return None
    total = grown = 0
    for company_id, fte in (
        registry_public.yearly_figures()
        .filter(year=year, employees_fte__isnull=False, company_id__in=list(start))
        .values_list("company_id", "employees_fte")
    ):
        total += 1
        if fte - start[company_id] >= threshold:
            grown += 1
    if not total:
        return None
    return (Decimal(100) * grown / total).quantize(Decimal("0.01"))


def operators_per_theme(year: int, parameter: str) -> Decimal | None:
    """Operators with a published offer on the theme ``parameter``; with no parameter, the
    average number of operators per theme (as many as needed, and no more)."""
    published = catalog_public.published_offers()
    if parameter:
        n = published.filter(themes__code=parameter).values("operator").distinct().count()
        return Decimal(n)
    per_theme = (
        catalog_public.Theme.objects.annotate(
            n=Count("offers__operator", filter=Q(offers__in=published), distinct=True)
        )
        .filter(n__gt=0)
        .values_list("n", flat=True)
    )
    counts = list(per_theme)
    if not counts:
        return None
    return (Decimal(sum(counts)) / len(counts)).quantize(Decimal("0.01"))


def companies_guided(year: int, parameter: str) -> Decimal | None:
    """Distinct companies with guidance logged in the CRM in ``year`` (all operators)."""
    direct = set(
        crm_public.interactions()
        .filter(date__year=year, company__isnull=False)
        .values_list("company_id", flat=True)
    )
    group = set(
        crm_public.participants()
        .filter(interaction__date__year=year, company__isnull=False)
        .values_list("company_id", flat=True)
    )
    return Decimal(len(direct | group))


REGISTRY: dict[str, Computation] = {
    "register_fte_growth_share": Computation(
        _("Register: share of companies with FTE growth of at least X over three years"),
        _("The company register (yearly figures)"),
        growth_share,
    ),
    "catalog_operators_per_theme": Computation(
        _("Catalog: operators per theme"),
        _("The offer catalog"),
        operators_per_theme,
    ),
    "crm_companies_guided": Computation(
        _("CRM: number of companies guided"),
        _("The shared CRM"),
        companies_guided,
    ),
}


def choices() -> list[tuple[str, str]]:
    return [("", _("Entered by hand"))] + [(k, c.label) for k, c in REGISTRY.items()]
