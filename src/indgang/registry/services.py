"""The only code that writes the register: imports and edits.

An import reads its source twice: first every row is validated (and nothing is written if
any row is bad, unless ``skip_invalid``), then the rows are written in batches inside one
transaction. Each batch is compared with what is stored, read in one query per batch (a dict
keyed by CVR, or by company and year), so a second run of the same file changes nothing and
costs one read per batch, not one per row.
"""

import datetime as dt
from array import array
from collections.abc import Callable, Iterable
from typing import TypeVar

import numpy as np
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from indgang.reference import public as reference_public
from indgang.registry.importers import (
    COMPANY_FIELDS,
    FIGURE_FIELDS,
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
    ProductionUnit,
    YearlyFigures,
    build_search_name,
)

T = TypeVar("T")
Progress = Callable[..., Iterable]
# Rows written (and compared with the stored ones) per batch: one read query each.
COMPANY_BATCH = 2000
FIGURES_BATCH = 10_000
# PostgreSQL: rows written before the tables' statistics are refreshed the first time.
ANALYZE_FIRST_AFTER = 50_000


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

    def __contains__(self, key) -> bool:
        try:
            byte, bit = divmod(int(key), 8)
            return bool(self.bits[byte] >> bit & 1)
        except (ValueError, IndexError):
            return False

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


def _validate(source: Source, clean, key, seen: _Bitset, progress: Progress, what: str, also):
    rejections: list[Rejection] = []
    count = 0
    for line, raw in progress(source(), desc=_("Checking %(what)s") % {"what": what}):
        count += 1
        try:
            record = clean(raw)
            if not seen.add(key(record)):
                raise RowError(
                    _("%(what)s appears more than once in the file") % {"what": _describe(record)}
                )
        except RowError as exc:
            rejections.append(Rejection(line, str(exc)))
            continue
        if also:
            also.add(line, record)
    if also:
        rejections.extend(also.rejections())
        rejections.sort(key=lambda r: r.line)
    return count, rejections


def _describe(record) -> str:
    if isinstance(record, FiguresRecord):
        return _("CVR %(cvr)s, year %(year)d") % {"cvr": record.cvr, "year": record.year}
    return _("CVR %(cvr)s") % {"cvr": record.cvr}


def _run(
    source,
    clean,
    key,
    seen,
    write,
    *,
    skip_invalid,
    progress,
    what,
    batch_size,
    tables,
    after_validation=None,
    also=None,
) -> ImportResult:
    count, rejections = _validate(source, clean, key, seen, progress, what, also)
    if after_validation:
        after_validation(seen)
    result = ImportResult(rejected=len(rejections), rejections=rejections)
    if rejections and not skip_invalid:
        raise ImportRejected(result)
    bad = {r.line for r in rejections}
    with transaction.atomic():
        statistics = _PlannerStatistics(tables)
        batch = []
        for line, raw in progress(
            source(), total=count, desc=_("Importing %(what)s") % {"what": what}
        ):
            if line in bad:
                continue
            batch.append(clean(raw))
            if len(batch) >= batch_size:
                write(batch, result)
                statistics.written(result.created + result.updated)
                batch = []
        if batch:
            write(batch, result)
        statistics.finish()
    return result


class _PlannerStatistics:
    """Keeps PostgreSQL's table statistics in step with a bulk import.

    PostgreSQL plans each batch's read of the stored rows from the tables' statistics. An
    import can grow a table from nothing to millions of rows inside its one transaction, and
    autovacuum (if it runs at all) analyses a table only after the commit. Without current
    statistics the planner expects the whole table to match the batch's IN list and reads
    all of it for every batch: 1.1 s a batch at 4.8 million yearly figures, against 10 ms
    through the index. So the tables are analysed before the first batch, whenever the rows
    written have doubled since the last time (from 50,000 on), and after the last batch,
    which leaves the statistics right for the searches and the next import too. An ANALYZE
    reads a sample of 30,000 rows: well under a second to a few seconds at any size.
    SQLite's planner takes the index without statistics; nothing is done there.
    """

    def __init__(self, tables: list[str]):
        self.tables = tables if connection.vendor == "postgresql" else []
        self.next_at = ANALYZE_FIRST_AFTER
        self._analyze()

    def written(self, rows: int) -> None:
        if self.tables and rows >= self.next_at:
            self._analyze()
            self.next_at = 2 * rows

    def finish(self) -> None:
        self._analyze()

    def _analyze(self) -> None:
        if self.tables:
            with connection.cursor() as cursor:
                for table in self.tables:
                    cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")


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

    def write(batch, result):
        _write_companies(batch, result, fictitious)

    return _run(
        source,
        lambda raw: clean_company_row(raw, lookups),
        lambda record: int(record.cvr),
        _Bitset(10**8),
        write,
        skip_invalid=skip_invalid,
        progress=progress,
        what=_("companies"),
        batch_size=COMPANY_BATCH,
        tables=[Company._meta.db_table, ProductionUnit._meta.db_table],
        # The second pass need not check the CVR numbers the first pass found valid.
        after_validation=lambda seen: setattr(lookups, "checked_cvrs", _CheckedCVRs(seen)),
        also=_UnitNumbers(),
    )


class _UnitNumbers:
    """Finds P-numbers listed by more than one row of a file: 16 bytes a unit while reading,
    one sort at the end (a set of a million numbers would cost some 60 MB)."""

    def __init__(self):
        self.numbers = array("q")
        self.lines = array("q")

    def add(self, line: int, record: CompanyRecord) -> None:
        for p, _municipality in record.production_units or ():
            self.numbers.append(int(p))
            self.lines.append(line)

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
        del numbers, lines
        self.numbers, self.lines = array("q"), array("q")  # not needed while writing
        return list(out.values())


class _CheckedCVRs:
    """CVR numbers (8-digit strings) the first pass validated, looked up in its bitset."""

    def __init__(self, seen: _Bitset):
        self.seen = seen

    def __contains__(self, text) -> bool:
        return len(text) == 8 and text.isdigit() and int(text) in self.seen


def _company_values(record: CompanyRecord) -> tuple:
    return tuple(getattr(record, f) for f in COMPANY_FIELDS)


def _write_companies(batch: list[CompanyRecord], result: ImportResult, fictitious: bool):
    # order_by(): no ORDER BY name, which the comparison does not need.
    stored = {
        row[1]: (row[0], row[2:])
        for row in Company.objects.filter(cvr__in=[r.cvr for r in batch])
        .order_by()
        .values_list("id", "cvr", *COMPANY_FIELDS)
    }
    to_create, to_update, unchanged = [], [], []
    for record in batch:
        values = dict(zip(COMPANY_FIELDS, _company_values(record), strict=True))
        search_name = build_search_name(record.name, record.secondary_names)
        if record.cvr not in stored:
            to_create.append(
                Company(cvr=record.cvr, search_name=search_name, is_fictitious=fictitious, **values)
            )
            continue
        pk, old = stored[record.cvr]
        if tuple(old) == _company_values(record):
            unchanged.append(record.cvr)
        else:
            to_update.append(Company(pk=pk, cvr=record.cvr, search_name=search_name, **values))
    Company.objects.bulk_create(to_create, batch_size=500)
    if to_update:
        Company.objects.bulk_update(to_update, [*COMPANY_FIELDS, "search_name"], batch_size=500)
    ids = {c.cvr: c.pk for c in to_create + to_update}
    ids.update({cvr: stored[cvr][0] for cvr in unchanged})
    units_changed = _write_production_units(batch, ids)
    unchanged_now = [cvr for cvr in unchanged if cvr not in units_changed]
    result.updated += len(unchanged) - len(unchanged_now)
    result.created += len(to_create)
    result.updated += len(to_update)
    result.unchanged += len(unchanged_now)


def _write_production_units(batch: list[CompanyRecord], ids: dict[str, int]) -> set[str]:
    """Make the stored production units match the records that list them (a unit listed by
    another company than the stored one has moved to it); return the CVR numbers whose units
    changed."""
    wanted = {}  # p_number -> (company_id, municipality_id, cvr)
    company_ids = set()
    for record in batch:
        if record.production_units is None:
            continue
        company_ids.add(ids[record.cvr])
        for p, municipality in record.production_units:
            wanted[p] = (ids[record.cvr], municipality, record.cvr)
    if not company_ids:
        return set()
    cvr_of = {ids[r.cvr]: r.cvr for r in batch}
    changed: set[str] = set()
    # Two queries, each through its index: with "company IN (...) OR p_number IN (...)"
    # PostgreSQL reads the whole table (a parallel sequential scan, ~0.1 s a batch at
    # 800,000 units).
    units = ProductionUnit.objects.order_by().values_list(
        "id", "p_number", "company_id", "municipality_id"
    )
    stored = {row[0]: row for row in units.filter(company_id__in=company_ids)}
    stored.update({row[0]: row for row in units.filter(p_number__in=list(wanted))})
    stored = list(stored.values())
    stored_p = set()
    to_delete, to_update = [], []
    for pk, p, company_id, municipality_id in stored:
        stored_p.add(p)
        if p not in wanted:
            if company_id in company_ids:
                to_delete.append(pk)
                changed.add(cvr_of[company_id])
            continue
        new_company, new_municipality, cvr = wanted[p]
        if (company_id, municipality_id) != (new_company, new_municipality):
            to_update.append(
                ProductionUnit(
                    pk=pk, p_number=p, company_id=new_company, municipality_id=new_municipality
                )
            )
            changed.add(cvr)
            if company_id != new_company and company_id in cvr_of:
                changed.add(cvr_of[company_id])  # it lost the unit
    to_create = [
        ProductionUnit(p_number=p, company_id=c, municipality_id=m)
        for p, (c, m, _cvr) in wanted.items()
        if p not in stored_p
    ]
    changed.update(wanted[u.p_number][2] for u in to_create)
    if to_delete:
        ProductionUnit.objects.filter(pk__in=to_delete).delete()
    if to_update:
        ProductionUnit.objects.bulk_update(to_update, ["company", "municipality"], batch_size=500)
    ProductionUnit.objects.bulk_create(to_create, batch_size=500)
    return changed


# --- Yearly figures ------------------------------------------------------------------------


def import_figures(
    source: Source, *, skip_invalid: bool = False, progress: Progress = no_progress
) -> ImportResult:
    """Create or update yearly figures per company and year from a source of rows."""
    company_ids = dict(Company.objects.values_list("cvr", "id"))
    max_id = Company.objects.aggregate(m=Max("id"))["m"] or 0
    max_year = dt.date.today().year
    span = max_year - MIN_YEAR + 1

    def clean(raw) -> FiguresRecord:
        record = clean_figures_row(raw, max_year, company_ids)
        if record.cvr not in company_ids:
            raise RowError(_("no company with CVR %(cvr)s in the register") % {"cvr": record.cvr})
        return record

    def write(batch, result):
        _write_figures(batch, result, company_ids)

    return _run(
        source,
        clean,
        lambda r: company_ids[r.cvr] * span + (r.year - MIN_YEAR),
        _Bitset((max_id + 1) * span),
        write,
        skip_invalid=skip_invalid,
        progress=progress,
        what=_("yearly figures"),
        batch_size=FIGURES_BATCH,
        tables=[YearlyFigures._meta.db_table],
    )


def _write_figures(batch: list[FiguresRecord], result: ImportResult, company_ids: dict):
    wanted_companies = {company_ids[r.cvr] for r in batch}
    # One query for the whole batch. order_by() matters: the model's default ordering
    # (company, then year) orders by the company's name, which made every batch join
    # registry_company, and PostgreSQL read all of it (a hash join) once per batch.
    stored = {
        (row[1], row[2]): (row[0], row[3:])
        for row in YearlyFigures.objects.filter(company_id__in=wanted_companies)
        .order_by()
        .values_list("id", "company_id", "year", *FIGURE_FIELDS)
    }
    to_create, to_update = [], []
    for record in batch:
        company_id = company_ids[record.cvr]
        values = {f: getattr(record, f) for f in FIGURE_FIELDS}
        old = stored.get((company_id, record.year))
        if old is None:
            to_create.append(YearlyFigures(company_id=company_id, year=record.year, **values))
        elif tuple(old[1]) == tuple(values.values()):
            result.unchanged += 1
        else:
            to_update.append(
                YearlyFigures(pk=old[0], company_id=company_id, year=record.year, **values)
            )
    YearlyFigures.objects.bulk_create(to_create, batch_size=1000)
    if to_update:
        YearlyFigures.objects.bulk_update(to_update, FIGURE_FIELDS, batch_size=500)
    result.created += len(to_create)
    result.updated += len(to_update)


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
