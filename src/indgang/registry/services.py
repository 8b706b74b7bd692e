"""The only code that writes the register: imports and edits.

An import reads its source once. Each row is cleaned and checked (the line-numbered
rejections of ``importers``), and every good row goes straight into a staging table inside
the import's one transaction (``staging``: PostgreSQL's COPY, SQLite's executemany). If any
row is bad (and not ``skip_invalid``) the transaction is rolled back and nothing changes;
otherwise a few set-based statements merge the staged rows into the register, writing only
what changed. Memory does not grow with the file: rows stream through, and what is kept
per row is a bit (the keys seen) or a few bytes (the production units); the yearly figures'
import holds the register's CVR numbers and ids (some 150 MB at 800,000 companies).
"""

import datetime as dt
from array import array
from collections.abc import Callable, Iterable
from functools import partial
from typing import TypeVar

import numpy as np
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils.translation import gettext as _

from indgang.reference import public as reference_public
from indgang.registry.bulk_load import session
from indgang.registry.importers import (
    CompanyRecord,
    FiguresRecord,
    ImportResult,
    Lookups,
    Rejection,
    RowError,
    Source,
    clean_company_row,
    clean_figures_row,
)
from indgang.registry.models import (
    MIN_YEAR,
    Company,
    NameWord,
    ProductionUnit,
    YearlyFigures,
)
from indgang.registry.staging import CompanyStage, FiguresStage, analyze

T = TypeVar("T")
Progress = Callable[..., Iterable]


class ImportRejected(Exception):
    """The file has bad rows and nothing was stored; ``result.rejections`` says which."""

    def __init__(self, result: ImportResult):
        super().__init__(_("%(count)d rows were rejected") % {"count": result.rejected})
        self.result = result


def no_progress(iterable: Iterable[T], **kwargs) -> Iterable[T]:
    return iterable


class _Bitset:
    """Which keys were seen, in one bit each (800,000 CVR numbers cost 12 MB, not 100)."""

    def __init__(self, size: int):
        self.bits = bytearray(size // 8 + 1)

    def add(self, key: int) -> bool:
        """Mark ``key``; False if it was already marked."""
        byte, bit = divmod(key, 8)
        if self.bits[byte] >> bit & 1:
            return False
        self.bits[byte] |= 1 << bit
        return True


def _lookups() -> Lookups:
    return Lookups(
        municipalities=reference_public.municipality_codes(),
        group_sections=reference_public.db07_group_sections(),
    )


def _read(
    source: Source, clean, key, seen: "_Bitset", stage, progress: Progress, what: str
) -> list[Rejection]:
    """Clean every row of ``source``; stage the good ones (``stage(line, record)``) and
    return the bad ones, with their line numbers and reasons. ``key(record)`` is the
    number a row must not share with an earlier one."""
    rejections: list[Rejection] = []
    mark = seen.add
    for line, raw in progress(source(), desc=_("Importing %(what)s") % {"what": what}):
        try:
            record = clean(raw)
            if not mark(key(record)):
                raise RowError(
                    _("%(what)s appears more than once in the file") % {"what": _describe(record)}
                )
        except RowError as exc:
            rejections.append(Rejection(line, str(exc)))
            continue
        stage(line, record)
    return rejections


def _describe(record) -> str:
    if isinstance(record, FiguresRecord):
        return _("CVR %(cvr)s, year %(year)d") % {"cvr": record.cvr, "year": record.year}
    return _("CVR %(cvr)s") % {"cvr": record.cvr}


def _refuse_or_keep(rejections: list[Rejection], skip_invalid: bool) -> ImportResult:
    rejections.sort(key=lambda r: r.line)
    result = ImportResult(rejected=len(rejections), rejections=rejections)
    if rejections and not skip_invalid:
        raise ImportRejected(result)  # leaves the transaction: the staged rows go with it
    return result


# --- Companies -----------------------------------------------------------------------------


def import_companies(
    source: Source,
    *,
    skip_invalid: bool = False,
    fictitious: bool = False,
    progress: Progress = no_progress,
) -> ImportResult:
    """Create or update companies (and their production units) from a source of rows.

    Raises :class:`ImportRejected`, storing nothing, if any row is bad and not
    ``skip_invalid``. A company's CVR number is its key and is never changed.
    """
    lookups = _lookups()
    units = _Units(lookups.municipalities)
    with transaction.atomic(), session():
        stage = CompanyStage()
        with stage.rows(units=units.add) as add:
            rejections = _read(
                source,
                partial(clean_company_row, lookups=lookups),
                lambda record: int(record.cvr),
                _Bitset(10**8),
                add,
                progress,
                _("companies"),
            )
        repeated = units.rejections()
        result = _refuse_or_keep(rejections + repeated, skip_invalid)
        stage.add_units(units.listed(skip={r.line for r in repeated}))
        if repeated:
            stage.drop_lines([r.line for r in repeated])
        result.created, result.updated, result.unchanged = stage.merge(fictitious=fictitious)
        NameWord.remember(stage.new_words)  # for the typo-tolerant search
        analyze(Company, ProductionUnit)
    return result


class _Units:
    """The production units of the good rows, 22 bytes a unit (a list of tuples would cost
    some 150 MB at a million units), staged once the whole file is read; and the P-numbers
    listed by more than one row, found with one sort at the end."""

    def __init__(self, municipalities):
        self.codes = sorted(municipalities)
        self.index = {code: i for i, code in enumerate(self.codes)}
        self.numbers = array("q")
        self.lines = array("q")
        self.cvrs = array("i")
        self.places = array("h")

    def add(self, line: int, record: CompanyRecord) -> None:
        cvr = int(record.cvr)
        for p, municipality in record.production_units or ():
            self.numbers.append(int(p))
            self.lines.append(line)
            self.cvrs.append(cvr)
            self.places.append(self.index[municipality])

    def listed(self, skip: set[int]):
        """(line, CVR number, P-number, municipality code) of each unit not on a line in
        ``skip``."""
        codes = self.codes
        rows = zip(self.lines, self.cvrs, self.numbers, self.places, strict=True)
        for line, cvr, number, place in rows:
            if line not in skip:
                yield line, str(cvr), str(number), codes[place]

    def rejections(self) -> list[Rejection]:
        if len(self.numbers) < 2:
            return []
        numbers = np.frombuffer(self.numbers, dtype=np.int64)
        lines = np.frombuffer(self.lines, dtype=np.int64)
        order = np.argsort(numbers, kind="stable")  # equal numbers stay in the order of lines
        ordered = numbers[order]
        new_run = np.r_[True, ordered[1:] != ordered[:-1]]
        run_start = np.maximum.accumulate(np.where(new_run, np.arange(len(ordered)), 0))
        out: dict[int, Rejection] = {}
        for i in np.flatnonzero(~new_run).tolist():
            line, first_line = int(lines[order[i]]), int(lines[order[run_start[i]]])
            if line != first_line and line not in out:
                out[line] = Rejection(
                    line,
                    _("P-number %(p)d is listed on line %(line)d already")
                    % {"p": int(ordered[i]), "line": first_line},
                )
        return list(out.values())


# --- Yearly figures ------------------------------------------------------------------------


def _company_ids() -> dict[str, int]:
    ids: dict[str, int] = {}
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT cvr, id FROM {Company._meta.db_table}")  # noqa: S608
        while rows := cursor.fetchmany(50_000):
            ids.update(rows)
    return ids


def import_figures(
    source: Source, *, skip_invalid: bool = False, progress: Progress = no_progress
) -> ImportResult:
    """Create or update yearly figures per company and year from a source of rows."""
    company_ids = _company_ids()
    max_id = max(company_ids.values(), default=0)
    max_year = dt.date.today().year
    span = max_year - MIN_YEAR + 1

    def clean(raw) -> FiguresRecord:
        record = clean_figures_row(raw, max_year, company_ids)
        if record.cvr not in company_ids:
            raise RowError(_("no company with CVR %(cvr)s in the register") % {"cvr": record.cvr})
        return record

    with transaction.atomic(), session():
        stage = FiguresStage()
        with stage.rows() as add:
            rejections = _read(
                source,
                clean,
                lambda r: company_ids[r.cvr] * span + (r.year - MIN_YEAR),
                _Bitset((max_id + 1) * span),
                lambda line, record: add(line, record, company_ids[record.cvr]),
                progress,
                _("yearly figures"),
            )
        result = _refuse_or_keep(rejections, skip_invalid)
        result.created, result.updated, result.unchanged = stage.merge()
        analyze(YearlyFigures)
    return result


# --- Edits ---------------------------------------------------------------------------------


def update_company(company: Company, **changes) -> Company:
    """Change a stored company's facts. The CVR number is not one of them: a correction of
    the CVR number is a new company."""
    if "cvr" in changes and changes["cvr"] != company.cvr:
        raise ValidationError(
            {"cvr": _("A company's CVR number cannot change; register a new company.")},
            code="cvr_immutable",
        )
    changes.pop("cvr", None)
    for name, value in changes.items():
        setattr(company, name, value)
    company.full_clean()
    company.save()
    return company
