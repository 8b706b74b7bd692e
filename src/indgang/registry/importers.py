"""Validating register rows: companies (CSV, CVR JSON lines), figures (CSV, Parquet).

The readers (``readers``) yield ``(line, raw)``; each ``clean_*`` function here turns a raw
row into a record or raises :class:`RowError` with the reason. Nothing here writes:
``services`` stores the records.
"""

import datetime as dt
from collections.abc import Container
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from indgang.core.public import MAX_BIGINT
from indgang.reference.public import clean_cvr
from indgang.registry.import_checks import RowError, check_vr_shape, no_nul
from indgang.registry.models import MIN_YEAR, CompanyStatus, EmployeesBand
from indgang.registry.readers import (  # noqa: F401 - the sources, imported from here too
    FileFormatError,
    Source,
    company_source,
    figures_source,
    rows_source,
)
from indgang.registry.synthetic import FIGURE_COLUMNS, UNITS_COLUMN

FIGURE_AMOUNTS = FIGURE_COLUMNS[3:]

# CVR register interval codes -> our bands.
CVR_INTERVALS = {
    "ANTAL_0_0": "0",
    "ANTAL_1_1": "1",
    "ANTAL_2_4": "2-4",
    "ANTAL_5_9": "5-9",
    "ANTAL_10_19": "10-19",
    "ANTAL_20_49": "20-49",
    "ANTAL_50_99": "50-99",
    "ANTAL_100_199": "100-199",
    "ANTAL_200_499": "200-499",
    "ANTAL_500_999": "500-999",
    "ANTAL_1000_999999": "1000+",
}
BANDS = set(EmployeesBand.values)
STATUSES = set(CompanyStatus.values)


@dataclass
class Rejection:
    line: int
    reason: str

    def __str__(self) -> str:
        return _("line %(line)d: %(reason)s") % {"line": self.line, "reason": self.reason}


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    rejections: list[Rejection] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged + self.rejected


# --- Cleaning ------------------------------------------------------------------------------


@dataclass(slots=True)
class CompanyRecord:
    cvr: str
    name: str
    secondary_names: list[str]
    municipality_id: str
    db07_code: str
    db07_section_id: str | None
    company_form: str
    founded_date: dt.date | None
    closed_date: dt.date | None
    status: str
    employees_band: str
    # (P-number, municipality code) of each production unit in force; None: the source says
    # nothing about production units, and the stored ones stay as they are.
    production_units: list[tuple[str, str]] | None


COMPANY_FIELDS = [
    "name",
    "secondary_names",
    "municipality_id",
    "db07_code",
    "db07_section_id",
    "company_form",
    "founded_date",
    "closed_date",
    "status",
    "employees_band",
]


@dataclass
class Lookups:
    municipalities: set[str]
    group_sections: dict[str, str]


def _cvr(value, known: Container[str] | None = None) -> str:
    """The CVR number as 8 digits. ``known`` holds numbers already validated (the stored
    companies'), which are taken as they are."""
    text = str(value).strip()
    if known is not None and text in known:
        return text
    if len(text) == 8 and text.isascii() and text.isdigit() and text[0] != "0":
        # The common case without python-stdnum's general cleaning: 8 digits, check digit.
        d = text.encode()
        weighted = 2 * d[0] + 7 * d[1] + 6 * d[2] + 5 * d[3] + 4 * d[4] + 3 * d[5] + 2 * d[6]
        if (weighted + d[7] - 30 * 48) % 11 == 0:
            return text
    try:
        return clean_cvr(value)
    except ValidationError as exc:
        raise RowError(
            _("CVR number %(value)r: %(error)s") % {"value": value, "error": exc.messages[0]}
        ) from None


def _date(value, column: str) -> dt.date | None:
    if value in (None, ""):
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        raise RowError(
            _("%(column)s %(value)r is not a date (YYYY-MM-DD)")
            % {"column": column, "value": value}
        ) from None


def _municipality(value, lookups: Lookups) -> str:
    code = str(value or "").strip()
    if code.isdigit():
        code = code.zfill(3)
    if code not in lookups.municipalities:
        raise RowError(_("unknown municipality code %(code)r") % {"code": value})
    return code


def _db07(value, lookups: Lookups) -> tuple[str, str | None]:
    code = str(value or "").strip()
    if not code:
        return "", None
    if not (code.isdigit() and len(code) == 6):
        raise RowError(_("DB07 code %(code)r must have 6 digits") % {"code": value})
    section = lookups.group_sections.get(code[:2])
    if section is None:
        raise RowError(_("unknown DB07 code %(code)r") % {"code": value})
    return code, section


def clean_company_row(raw: dict, lookups: Lookups) -> CompanyRecord:
    if "_error" in raw:
        raise RowError(raw["_error"])
    no_nul(raw)
    if "_vrvirksomhed" in raw:
        try:
            return _clean_vrvirksomhed(raw["_vrvirksomhed"], lookups)
        except (AttributeError, TypeError, KeyError, ValueError, OverflowError):
            # a shape _check_vr_shape does not foresee: still a message, never a traceback
            raise RowError(_("a value in the CVR record has the wrong type")) from None
    get = raw.get
    cvr = _cvr(get("cvr"))
    name = (get("name") or "").strip()
    if not name:
        raise RowError(_("the name is empty"))
    db07_code, section = _db07(get("db07_code"), lookups)
    founded = _date(get("founded_date"), "founded_date")
    closed = _date(get("closed_date"), "closed_date")
    status = (get("status") or "").strip() or (
        CompanyStatus.CLOSED if closed else CompanyStatus.ACTIVE
    )
    if status not in STATUSES:
        raise RowError(
            _("unknown status %(status)r (use one of: %(choices)s)")
            % {"status": status, "choices": ", ".join(sorted(STATUSES))}
        )
    band = (get("employees_band") or "").strip()
    band = CVR_INTERVALS.get(band, band)
    if band and band not in BANDS:
        raise RowError(_("unknown employees band %(band)r") % {"band": band})
    municipality = get("municipality_code")
    if municipality not in lookups.municipalities:  # else the code as it stands
        municipality = _municipality(municipality, lookups)
    units = _production_units(get(UNITS_COLUMN), municipality, lookups)
    if founded and closed and closed < founded:
        raise RowError(_("the closing date is before the founding date"))
    # Positional, in the order of the fields: a third faster than by keyword.
    return CompanyRecord(
        cvr,
        name[:300],
        [],
        municipality,
        db07_code,
        section,
        (get("company_form") or "").strip()[:20],
        founded,
        closed,
        status,
        band,
        units,
    )


def _p_number(value) -> str:
    text = str(value).strip()
    if not (text.isdigit() and len(text) == 10 and text[0] != "0"):
        raise RowError(_("P-number %(p)r must have 10 digits") % {"p": value})
    return text


def _production_units(
    text: str | None, municipality: str, lookups: Lookups
) -> list[tuple[str, str]] | None:
    """The CSV column ``production_units``: "P-number:municipality code" separated by ";"
    (without a code, the unit is in the company's own municipality). No column: None; an
    empty cell: the company has no production units."""
    if text is None:
        return None
    units = []
    known = lookups.municipalities
    for item in text.split(";"):
        p, _colon, code = item.partition(":")
        number = p.strip()
        if len(number) == 10 and number.isdigit() and number[0] != "0":
            pass  # the common case, without a call
        elif item.strip():
            number = _p_number(p)
        else:
            continue
        code = code.strip()
        if not code:
            code = municipality
        elif code not in known:
            code = _municipality(code, lookups)
        units.append((number, code))
    if len(units) > 1:
        _check_unique_units(units)
    return units


def _check_unique_units(units: list[tuple[str, str]]) -> None:
    if len({p for p, _m in units}) != len(units):
        seen = set()
        for p, _m in units:
            if p in seen:
                raise RowError(_("P-number %(p)s is listed twice") % {"p": p})
            seen.add(p)


def _check_dates(record: CompanyRecord) -> None:
    if record.founded_date and record.closed_date and record.closed_date < record.founded_date:
        raise RowError(_("the closing date is before the founding date"))


def _in_force(entries) -> dict | None:
    """The entry of a CVR history list that is in force (gyldigTil null), else the newest."""
    if not entries:
        return None
    for entry in entries:
        if (entry.get("periode") or {}).get("gyldigTil") is None:
            return entry
    return max(entries, key=lambda e: (e.get("periode") or {}).get("gyldigFra") or "")


# The CVR register's statuses (virksomhedsstatus) -> ours.
CVR_STATUSES = {
    "NORMAL": CompanyStatus.ACTIVE,
    "AKTIV": CompanyStatus.ACTIVE,
    "UNDER KONKURS": CompanyStatus.UNDER_BANKRUPTCY,
    "UNDER FRIVILLIG LIKVIDATION": CompanyStatus.UNDER_LIQUIDATION,
    "UNDER TVANGSOPLØSNING": CompanyStatus.UNDER_LIQUIDATION,
    "UNDER LIKVIDATION": CompanyStatus.UNDER_LIQUIDATION,
    "UNDER REKONSTRUKTION": CompanyStatus.UNDER_RECONSTRUCTION,
    "UNDER REASSUMERING": CompanyStatus.UNDER_RECONSTRUCTION,
}


def _clean_vrvirksomhed(document: dict, lookups: Lookups) -> CompanyRecord:
    company = (document.get("_source") or document).get("Vrvirksomhed")
    if not isinstance(company, dict):
        raise RowError(_("no Vrvirksomhed document on the line"))
    cvr = _cvr(company.get("cvrNummer"))
    check_vr_shape(company)
    name_entry = _in_force(company.get("navne"))
    name = ((name_entry or {}).get("navn") or "").strip()
    if not name:
        raise RowError(_("the company has no name in force"))
    secondary = [
        b["navn"].strip()
        for b in company.get("binavne") or []
        if (b.get("periode") or {}).get("gyldigTil") is None and (b.get("navn") or "").strip()
    ]
    address = _in_force(company.get("beliggenhedsadresse")) or {}
    municipality = _municipality(((address.get("kommune") or {}).get("kommuneKode")), lookups)
    branch = _in_force(company.get("hovedbranche")) or {}
    db07_code, section = _db07(branch.get("branchekode"), lookups)
    form = _in_force(company.get("virksomhedsform")) or {}
    lifetime = company.get("livsforloeb") or []
    founded = min(
        (_date(p["periode"].get("gyldigFra"), "livsforloeb") for p in lifetime if p.get("periode")),
        default=None,
        key=lambda d: d or dt.date.max,
    )
    current_life = _in_force(lifetime)
    closed = (
        _date(current_life["periode"].get("gyldigTil"), "livsforloeb")
        if current_life and current_life.get("periode")
        else None
    )
    status_text = ((_in_force(company.get("virksomhedsstatus")) or {}).get("status") or "").upper()
    if closed or status_text.startswith(("OPLØST", "OPHØRT", "SLETTET")):
        status = CompanyStatus.CLOSED
    else:
        status = CVR_STATUSES.get(status_text, CompanyStatus.ACTIVE)
    employment = [e for e in company.get("aarsbeskaeftigelse") or [] if e.get("aar")]
    band = ""
    if employment:
        newest = max(employment, key=lambda e: e["aar"])
        band = CVR_INTERVALS.get(newest.get("intervalKodeAntalAnsatte") or "", "")
    # The company document lists its units' P-numbers, not their addresses: each unit is
    # placed in the company's municipality. A number listed twice is the same unit.
    p_numbers = dict.fromkeys(
        _p_number(p["pNummer"])
        for p in company.get("penheder") or []
        if p.get("pNummer") and (p.get("periode") or {}).get("gyldigTil") is None
    )
    units = [(p, municipality) for p in p_numbers]
    record = CompanyRecord(
        cvr=cvr,
        name=name[:300],
        secondary_names=secondary,
        municipality_id=municipality,
        db07_code=db07_code,
        db07_section_id=section,
        company_form=(form.get("kortBeskrivelse") or "").strip()[:20],
        founded_date=founded,
        closed_date=closed,
        status=status,
        employees_band=band,
        production_units=units,
    )
    _check_dates(record)
    return record


@dataclass(slots=True)
class FiguresRecord:
    cvr: str
    year: int
    employees_fte: Decimal | None
    turnover_dkk: int | None
    value_added_dkk: int | None
    exports_dkk: int | None
    wage_bill_dkk: int | None


FIGURE_FIELDS = ["employees_fte", *FIGURE_AMOUNTS]


def _amount(value, column: str, *, negative_ok: bool) -> int | None:
    if value is None or value == "":
        return None
    if type(value) is int:
        number = value
    else:
        try:
            number = int(value)
        except (TypeError, ValueError):
            number = None
    if number is not None:
        if abs(number) > MAX_BIGINT:
            raise RowError(_too_large(column, value))
        if number < 0 and not negative_ok:
            raise RowError(
                _("%(column)s is negative (%(value)s)") % {"column": column, "value": value}
            )
        return number
    try:
        number = Decimal(str(value).strip())
        if not number.is_finite():
            raise InvalidOperation
    except InvalidOperation:
        raise RowError(
            _("%(column)s %(value)r is not a number") % {"column": column, "value": value}
        ) from None
    if number < 0 and not negative_ok:
        raise RowError(_("%(column)s is negative (%(value)s)") % {"column": column, "value": value})
    if abs(number) > MAX_BIGINT:
        raise RowError(_too_large(column, value))
    return int(number.to_integral_value())


def _too_large(column: str, value) -> str:
    return _("%(column)s %(value)s is too large") % {"column": column, "value": str(value)[:40]}


def clean_figures_row(
    raw: dict, max_year: int, known_cvrs: Container[str] | None = None
) -> FiguresRecord:
    no_nul(raw)
    cvr = _cvr(raw.get("cvr"), known_cvrs)
    year = raw.get("year")
    try:
        year = year if year.__class__ is int else int(str(year).strip())
    except ValueError:
        raise RowError(
            _("year %(value)r is not a whole number") % {"value": raw.get("year")}
        ) from None
    if not MIN_YEAR <= year <= max_year:
        raise RowError(
            _("year %(year)d is out of range (%(min)d–%(max)d)")
            % {"year": year, "min": MIN_YEAR, "max": max_year}
        )
    fte = raw.get("employees_fte")
    if fte is None or fte == "":
        fte_value = None
    else:
        try:
            fte_value = Decimal(str(fte).strip())
            if not fte_value.is_finite():
                raise InvalidOperation
        except InvalidOperation:
            raise RowError(
                _("%(column)s %(value)r is not a number")
                % {"column": "employees_fte", "value": fte}
            ) from None
        if fte_value < 0:
            raise RowError(_("negative FTE (%(value)s)") % {"value": fte})
        if fte_value >= Decimal("1e8"):
            raise RowError(
                _("employees_fte: FTE %(value)s is implausibly large") % {"value": str(fte)[:40]}
            )
        fte_value = fte_value.quantize(Decimal("0.01"))
    return FiguresRecord(
        cvr=cvr,
        year=year,
        employees_fte=fte_value,
        turnover_dkk=_amount(raw.get("turnover_dkk"), "turnover_dkk", negative_ok=False),
        value_added_dkk=_amount(raw.get("value_added_dkk"), "value_added_dkk", negative_ok=True),
        exports_dkk=_amount(raw.get("exports_dkk"), "exports_dkk", negative_ok=False),
        wage_bill_dkk=_amount(raw.get("wage_bill_dkk"), "wage_bill_dkk", negative_ok=False),
    )
