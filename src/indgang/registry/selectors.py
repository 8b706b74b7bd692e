"""Reads of the register: search by CVR number or name with filters, one company, its figures.

Name search has two stages (docs/decisions/0005-company-name-search.md):

1. every word of the query is part of the name or a secondary name, answered by the
   database's trigram index (FTS5 on SQLite, pg_trgm GIN on PostgreSQL), shortest name
   first;
2. if nothing matches, each word of the query is looked up among the words of all names
   (``NameWord``, by the same trigram indexes) and replaced by the few it is closest to
   (RapidFuzz); the names holding one of them for every word, within the filters, are
   ranked by RapidFuzz against the query, which forgives typos.
"""

import re
from dataclasses import dataclass

from django.db import connection
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.functions import Length
from rapidfuzz import fuzz, process

from indgang.registry.models import FORM_WORDS, Company, YearlyFigures, name_words

# From this many matches on, SQLite reads a page in the order of the name index.
ORDERED_SCAN_FROM = 2_000
# Names ranked by RapidFuzz in the second stage, shortest first.
FUZZY_CANDIDATES = 300
FUZZY_MIN_SCORE = 75
# Words of the names looked at for each word of the query, and how many of them are kept:
# the closest, and those nearly as close (RapidFuzz's ratio, 0-100).
WORD_CANDIDATES = 40
WORD_MIN_SCORE = 75
WORDS_KEPT = 4
WORD_SCORE_BAND = 8
# Up to this length a word is also compared with the words of about its length that begin
# with its letter.
SHORT_WORD = 7


@dataclass
class SearchPage:
    total: int
    companies: list[Company]
    fuzzy: bool = False


def _words(query: str) -> list[str]:
    return name_words(query)


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
    strict = _containing(companies, [[w] for w in words]).order_by(Length("name"), "name", "cvr")
    total = _count(strict, words, filters)
    if total:
        return SearchPage(total, _page(strict, total, offset, limit))
    ranked = _fuzzy(companies, words)
    if not ranked:
        # Nothing close enough either: say so, rather than "similar names" over an empty list.
        return SearchPage(0, [])
    page = ranked[offset : offset + limit]
    by_id = companies.in_bulk(page)
    return SearchPage(len(ranked), [by_id[pk] for pk in page if pk in by_id], fuzzy=True)


def _count(strict: QuerySet[Company], words: list[str], filters: dict) -> int:
    """SQLite counts the matches of its full-text index alone when nothing else narrows
    them (4 times faster than through the companies at 50,000 matches)."""
    alone = not any(filters.values()) and all(len(w) >= 3 for w in words)
    if connection.vendor == "sqlite" and alone:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT COUNT(*) FROM registry_company_fts WHERE registry_company_fts MATCH %s",
                [" AND ".join(_phrase(w) for w in words)],
            )
            return cursor.fetchone()[0]
    return strict.count()


def _page(strict: QuerySet[Company], total: int, offset: int, limit: int) -> list[Company]:
    """One page of the matches, shortest name first. When many names match, SQLite is
    told to walk the index in that order (``registry_company_name_order``) until the page
    is full, rather than sort every match; PostgreSQL's planner decides that itself."""
    if connection.vendor != "sqlite" or total < ORDERED_SCAN_FROM:
        return list(strict[offset : offset + limit])
    sql, params = strict.values_list("id", flat=True)[
        offset : offset + limit
    ].query.sql_with_params()
    table = f'FROM "{Company._meta.db_table}"'
    sql = sql.replace(table, f'{table} INDEXED BY "registry_company_name_order"', 1)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        ids = [row[0] for row in cursor.fetchall()]
    by_id = strict.in_bulk(ids)
    return [by_id[pk] for pk in ids if pk in by_id]


def _phrase(word: str) -> str:
    return '"{}"'.format(word.replace('"', ""))


def _containing(companies: QuerySet[Company], groups: list[list[str]]) -> QuerySet[Company]:
    """The companies whose search name holds, for every group, one of its words."""
    fts = []
    for group in groups:
        if connection.vendor == "sqlite" and all(len(w) >= 3 for w in group):
            fts.append("(" + " OR ".join(_phrase(w) for w in group) + ")")
        else:  # PostgreSQL's trigram index serves LIKE '%...%' itself; FTS5 needs 3 letters
            condition = Q()
            for word in group:
                condition |= Q(search_name__contains=word)
            companies = companies.filter(condition)
    if fts:
        # The words are bound as a parameter; the SQL text is constant.
        companies = companies.filter(
            id__in=RawSQL(  # noqa: S611
                "SELECT rowid FROM registry_company_fts WHERE registry_company_fts MATCH %s",
                [" AND ".join(fts)],
            )
        )
    return companies


def _close_words(word: str) -> list[str]:
    """The words of the names closest to ``word`` (itself first if a name has it).

    Candidates: the words sharing most trigrams with it (the trigram index), and, for a
    short word, where one typo can leave no trigram intact ("POLAR" and "PLOAR" share
    none), the words of about its length with its first letter (the word index)."""
    if len(word) < 3:
        return [word]
    candidates = set()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            grams = sorted({word[i : i + 3] for i in range(len(word) - 2)})
            cursor.execute(
                "SELECT word FROM registry_nameword WHERE id IN (SELECT rowid FROM "
                "registry_nameword_fts WHERE registry_nameword_fts MATCH %s "
                "ORDER BY rank LIMIT %s)",
                [" OR ".join(_phrase(g) for g in grams), WORD_CANDIDATES],
            )
        else:
            cursor.execute(
                "SELECT word FROM registry_nameword WHERE word %% %s "
                "ORDER BY similarity(word, %s) DESC LIMIT %s",
                [word, word, WORD_CANDIDATES],
            )
        candidates.update(row[0] for row in cursor.fetchall())
        if len(word) <= SHORT_WORD:
            first = word[0]
            if connection.vendor == "sqlite":  # a range of the unique index (binary order)
                where, params = "word >= %s AND word < %s", [first, chr(ord(first) + 1)]
            else:  # the unique index's pattern twin (varchar_pattern_ops)
                where, params = "word LIKE %s", [re.sub(r"([\\%_])", r"\\\1", first) + "%"]
            cursor.execute(
                f"SELECT word FROM registry_nameword WHERE {where} "  # noqa: S608
                "AND LENGTH(word) BETWEEN %s AND %s",
                [*params, len(word) - 1, len(word) + 1],
            )
            candidates.update(row[0] for row in cursor.fetchall())
    matches = process.extract(  # sorted: the same order for equal scores every time
        word, sorted(candidates), scorer=fuzz.ratio, score_cutoff=WORD_MIN_SCORE, limit=None
    )
    if not matches:
        return []
    best = matches[0][1]
    return [w for w, score, _i in matches if score >= best - WORD_SCORE_BAND][:WORDS_KEPT]


def _fuzzy(companies: QuerySet[Company], words: list[str]) -> list[int]:
    """Ids of companies whose names are close to the query, best first."""
    groups = [close for w in words if w not in FORM_WORDS and (close := _close_words(w))]
    if not groups:
        return []
    candidates = (
        _containing(companies, groups)
        .order_by(Length("name"), "name", "cvr")
        .values_list("id", "search_name")[:FUZZY_CANDIDATES]
    )
    matches = process.extract(
        _without_forms(" ".join(words)),
        {pk: _without_forms(name) for pk, name in candidates},
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
