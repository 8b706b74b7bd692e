"""The only code that writes the register: imports and edits.

An import reads its source twice: first every row is validated (and nothing is written if
any row is bad, unless ``skip_invalid``), then the rows are written in batches inside one
transaction. Each batch is compared with what is stored (a dict keyed by CVR, or by
company and year), so a second run of the same file changes nothing.
"""

import datetime as dt
from collections.abc import Callable, Iterable
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils.translation import gettext as _

from indgang.reference.models import DB07Group, Municipality
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
BATCH = 2000


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
        municipalities=set(Municipality.objects.values_list("code", flat=True)),
        group_sections=dict(DB07Group.objects.values_list("code", "section_id")),
    )


def _validate(source: Source, clean, key, seen: _Bitset, progress: Progress, what: str):
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
    return count, rejections


def _describe(record) -> str:
    if isinstance(record, FiguresRecord):
        return _("CVR %(cvr)s, year %(year)d") % {"cvr": record.cvr, "year": record.year}
    return _("CVR %(cvr)s") % {"cvr": record.cvr}


def _run(
    source, clean, key, seen, write, *, skip_invalid, progress, what, after_validation=None
) -> ImportResult:
    count, rejections = _validate(source, clean, key, seen, progress, what)
    if after_validation:
        after_validation(seen)
    result = ImportResult(rejected=len(rejections), rejections=rejections)
    if rejections and not skip_invalid:
        raise ImportRejected(result)
    bad = {r.line for r in rejections}
    with transaction.atomic():
        batch = []
        for line, raw in progress(
            source(), total=count, desc=_("Importing %(what)s") % {"what": what}
        ):
            if line in bad:
                continue
            batch.append(clean(raw))
            if len(batch) >= BATCH:
                write(batch, result)
                batch = []
        if batch:
            write(batch, result)
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
        # The second pass need not check the CVR numbers the first pass found valid.
        after_validation=lambda seen: setattr(lookups, "checked_cvrs", _CheckedCVRs(seen)),
    )


class _CheckedCVRs:
    """CVR numbers (8-digit strings) the first pass validated, looked up in its bitset."""

    def __init__(self, seen: _Bitset):
        self.seen = seen

    def __contains__(self, text) -> bool:
        return len(text) == 8 and text.isdigit() and int(text) in self.seen


def _company_values(record: CompanyRecord) -> tuple:
    return tuple(getattr(record, f) for f in COMPANY_FIELDS)


def _write_companies(batch: list[CompanyRecord], result: ImportResult, fictitious: bool):
    stored = {
        row[1]: (row[0], row[2:])
        for row in Company.objects.filter(cvr__in=[r.cvr for r in batch]).values_list(
            "id", "cvr", *COMPANY_FIELDS
        )
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
    """Make the stored production units match the records that list them; return the CVR
    numbers whose units changed."""
    wanted = {}  # p_number -> (company_id, municipality_id, cvr)
    company_ids = set()
    for record in batch:
        if record.p_numbers is None:
            continue
        company_ids.add(ids[record.cvr])
        for p in record.p_numbers:
            wanted[p] = (ids[record.cvr], record.municipality_id, record.cvr)
    if not company_ids:
        return set()
    cvr_of = {ids[r.cvr]: r.cvr for r in batch}
    changed: set[str] = set()
    stored = list(
        ProductionUnit.objects.filter(
            Q(company_id__in=company_ids) | Q(p_number__in=list(wanted))
        ).values_list("id", "p_number", "company_id", "municipality_id")
    )
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
    )


def _write_figures(batch: list[FiguresRecord], result: ImportResult, company_ids: dict):
    wanted_companies = {company_ids[r.cvr] for r in batch}
    stored = {
        (row[1], row[2]): (row[0], row[3:])
        for row in YearlyFigures.objects.filter(company_id__in=wanted_companies).values_list(
            "id", "company_id", "year", *FIGURE_FIELDS
        )
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
