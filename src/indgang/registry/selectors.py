"""Reads of the register: search by CVR number or name with filters, one company, its figures.

Name search has two stages (docs/decisions/0005-company-name-search.md):

1. every word of the query is part of the name or a secondary name, answered by the
   database's trigram index (FTS5 on SQLite, pg_trgm on PostgreSQL), shortest name first;
2. if nothing matches, the few hundred names sharing most trigrams with the query (the
   index again) are re-ranked by RapidFuzz, which forgives typos.
"""

import re
from dataclasses import dataclass

from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.functions import Length
from rapidfuzz import fuzz, process

from indgang.registry.models import Company, YearlyFigures

FUZZY_CANDIDATES = 300
FUZZY_MIN_SCORE = 75
# Company forms say nothing about which company is meant; they are left out of the scoring.
FORM_WORDS = {"A/S", "APS", "I/S", "IVS", "K/S", "P/S", "ENK", "AMBA", "FMBA", "SMBA", "|"}


@dataclass
class SearchPage:
    total: int
    companies: list[Company]
    fuzzy: bool = False


def _words(query: str) -> list[str]:
    return [w for w in re.split(r"[^\w&/-]+", query.upper()) if w]


def _cvr_query(query: str) -> str | None:
    digits = re.sub(r"[\s.-]", "", query.upper()).removeprefix("DK")
    return digits if re.fullmatch(r"\d{8}", digits) else None


def filtered(
    *,
    municipality: str = "",
    region: str = "",
    section: str = "",
    employees_band: str = "",
    status: str = "",
) -> QuerySet[Company]:
    companies = Company.objects.select_related("municipality", "db07_section")
    if municipality:
        companies = companies.filter(municipality_id=municipality)
    if region:
        companies = companies.filter(municipality__region_id=region)
    if section:
        companies = companies.filter(db07_section_id=section.upper())
    if employees_band:
        companies = companies.filter(employees_band=employees_band)
    if status:
        companies = companies.filter(status=status)
    return companies


def search_companies(
    q: str = "", *, limit: int = 25, offset: int = 0, **filters: str
) -> SearchPage:
    """Companies matching a CVR number (exact) or a name (typo-tolerant), and the filters."""
    companies = filtered(**filters)
    q = (q or "").strip()
    if not q:
        companies = companies.order_by("name", "cvr")
        return SearchPage(companies.count(), list(companies[offset : offset + limit]))
    cvr = _cvr_query(q)
    if cvr:
        companies = companies.filter(cvr=cvr)
        return SearchPage(companies.count(), list(companies[offset : offset + limit]))
    words = _words(q)
    if not words:
        return SearchPage(0, [])
    strict = _all_words(companies, words).order_by(Length("name"), "name", "cvr")
    total = strict.count()
    if total:
        return SearchPage(total, list(strict[offset : offset + limit]))
    ranked = _fuzzy(companies, " ".join(words))
    page = ranked[offset : offset + limit]
    by_id = companies.in_bulk(page)
    return SearchPage(len(ranked), [by_id[pk] for pk in page if pk in by_id], fuzzy=True)


def _all_words(companies: QuerySet[Company], words: list[str]) -> QuerySet[Company]:
    long_words = [w for w in words if len(w) >= 3]
    short_words = [w for w in words if len(w) < 3]
    if connection.vendor == "sqlite" and long_words:
        expression = " AND ".join('"{}"'.format(w.replace('"', "")) for w in long_words)
        # The words are bound as a parameter; the SQL text is constant.
        companies = companies.filter(
            id__in=RawSQL(  # noqa: S611
                "SELECT rowid FROM registry_company_fts WHERE registry_company_fts MATCH %s",
                [expression],
            )
        )
    else:
        short_words = words  # PostgreSQL's trigram index serves LIKE '%...%' itself
    for word in short_words:
        companies = companies.filter(search_name__contains=word)
    return companies


def _trigrams(text: str) -> set[str]:
    return {text[i : i + 3] for i in range(len(text) - 2)}


def _fuzzy(companies: QuerySet[Company], query: str) -> list[int]:
    """Ids of companies whose names are close to the query, best first."""
    if connection.vendor == "sqlite":
        grams = set().union(*(_trigrams(w) for w in query.split()))
        if not grams:
            return []
        expression = " OR ".join('"{}"'.format(g.replace('"', "")) for g in sorted(grams))
        sql = (
            "SELECT rowid FROM registry_company_fts WHERE registry_company_fts MATCH %s "
            "ORDER BY rank LIMIT %s"
        )
        params = [expression, FUZZY_CANDIDATES]
    elif connection.vendor == "postgresql":
        # Nearest neighbours by word similarity, straight from the GiST index.
        sql = "SELECT id FROM registry_company ORDER BY %s <<-> search_name LIMIT %s"
        params = [query, FUZZY_CANDIDATES]
    else:  # pragma: no cover - only SQLite and PostgreSQL are supported
        return []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        candidates = [row[0] for row in cursor.fetchall()]
    names = dict(companies.filter(id__in=candidates).values_list("id", "search_name"))
    matches = process.extract(
        _without_forms(query),
        {pk: _without_forms(name) for pk, name in names.items()},
        scorer=fuzz.WRatio,
        score_cutoff=FUZZY_MIN_SCORE,
        limit=None,
    )
    return [pk for _name, _score, pk in matches]


def _without_forms(text: str) -> str:
    return " ".join(w for w in text.split() if w not in FORM_WORDS)


def company_by_cvr(cvr: str) -> Company | None:
    return (
        Company.objects.select_related("municipality__region", "db07_section")
        .prefetch_related("production_units__municipality__region")
        .filter(cvr=cvr)
        .first()
    )


def figures_of(company: Company) -> list[YearlyFigures]:
    return list(YearlyFigures.objects.filter(company=company).order_by("year"))


def companies() -> QuerySet[Company]:
    """Every company of the register, for a caller that must filter in the database."""
    return Company.objects.all()


def yearly_figures() -> QuerySet[YearlyFigures]:
    """Every company's yearly figures, for a caller that must filter in the database."""
    return YearlyFigures.objects.all()
