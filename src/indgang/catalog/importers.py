"""The catalog file format: read and validate a whole file, write it back.

``validate(data)`` checks a parsed file against the schema of ``../shared/catalog/README.md``
and returns every error at once, each with its place (``offers[12].eligibility.employees.min:
must be a whole number or null``). ``offer_to_dict`` and ``operator_to_dict`` give the file
form of stored rows; ``export_*`` write JSON, CSV and XLSX (both in ``exports``). Storing is
in ``services``.
"""

import contextlib
import datetime as dt
import json
import re
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from pydantic import BaseModel, BeforeValidator, ConfigDict, ValidationError
from pydantic_core import PydanticCustomError

from indgang.catalog.models import (
    MONEY_FORMATS,
    CostType,
    Format,
    GeographyScope,
    Instrument,
    Status,
    ThemeCode,
)
from indgang.core.public import (
    FIELD_LIMIT,
    MAX_BIGINT,
    MAX_INT,
    nested_too_deeply,
    nul_places,
    nul_reason,
    too_deep_line,
)
from indgang.organisations.public import Level, OrganisationType
from indgang.reference import public as reference_public

SCHEMA_VERSION = 1
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

# English message ids, translated when the error is shown.
MESSAGES = {
    "missing": gettext_noop("is required"),
    "extra_forbidden": gettext_noop("is not a field of the schema"),
    "whole": gettext_noop("must be a whole number"),
    "whole_or_null": gettext_noop("must be a whole number or null"),
    "text": gettext_noop("must be text"),
    "text_or_null": gettext_noop("must be text or null"),
    "bool": gettext_noop("must be true or false"),
    "date_or_null": gettext_noop("must be a date (YYYY-MM-DD) or null"),
    "slug": gettext_noop("must be a slug of a-z, 0-9 and hyphens"),
    "email": gettext_noop("must be an email address"),
    "url": gettext_noop("must be a web address starting with http:// or https://"),
    "list": gettext_noop("must be a list"),
    "object": gettext_noop("must be an object"),
    "choice": gettext_noop("must be one of: %(choices)s"),
    "too_large": gettext_noop("must be at most %(maximum)s"),
    "too_long": gettext_noop("must be at most %(maximum)d characters"),
}


class CatalogError(Exception):
    """A file that does not follow the schema; ``errors`` holds every problem found."""

    def __init__(self, errors: list["FileError"]):
        super().__init__(f"{len(errors)} errors")
        self.errors = errors


@dataclass(frozen=True)
class FileError:
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


def _fail(kind: str, **params):
    raise PydanticCustomError(kind, MESSAGES[kind], params)


def _whole(value, nullable: bool, maximum: int = MAX_INT):
    if value is None and nullable:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        _fail("whole_or_null" if nullable else "whole")
    if value > maximum:
        _fail("too_large", maximum=maximum)
    return value


def _length(value: str, max_length: int) -> str:
    """What the database column holds, checked here so SQLite refuses what PostgreSQL
    would (decision 0017)."""
    if len(value) > max_length:
        _fail("too_long", maximum=max_length)
    return value


def _text(value, nullable: bool, max_length: int = FIELD_LIMIT):
    if value is None and nullable:
        return None
    if not isinstance(value, str) or not value.strip():
        _fail("text_or_null" if nullable else "text")
    return _length(value, max_length)


def _bool(value):
    if not isinstance(value, bool):
        _fail("bool")
    return value


def _date(value):
    if value is None:
        return None
    if isinstance(value, str) and len(value) == 10:
        with contextlib.suppress(ValueError):
            return dt.date.fromisoformat(value)
    _fail("date_or_null")


def _slug(value, max_length: int):
    if not isinstance(value, str) or not SLUG.fullmatch(value):
        _fail("slug")
    return _length(value, max_length)


def _email(value, nullable: bool = False):
    if value is None and nullable:
        return None
    if not isinstance(value, str) or not EMAIL.fullmatch(value):
        _fail("email")
    return _length(value, 254)


def _url(value, max_length: int):
    if not isinstance(value, str) or not re.fullmatch(r"https?://\S+", value):
        _fail("url")
    return _length(value, max_length)


def _choice(choices):
    values = [str(c) for c in choices]

    def check(value):
        if value not in values:
            _fail("choice", choices=", ".join(values))
        return value

    return BeforeValidator(check)


def _list_of(item_check):
    def check(value):
        if not isinstance(value, list):
            _fail("list")
        return value

    return BeforeValidator(check)


WholeOrNull = Annotated[Any, BeforeValidator(lambda v: _whole(v, True))]
KronerOrNull = Annotated[Any, BeforeValidator(lambda v: _whole(v, True, MAX_BIGINT))]
Text = Annotated[Any, BeforeValidator(lambda v: _text(v, False))]
# The lengths of the columns: Offer.title, Organisation.name, Offer.id, Organisation.id,
# Offer.url and Organisation.url.
Title = Annotated[Any, BeforeValidator(lambda v: _text(v, False, 200))]
TextOrNull = Annotated[Any, BeforeValidator(lambda v: _text(v, True))]
Bool = Annotated[Any, BeforeValidator(_bool)]
DateOrNull = Annotated[Any, BeforeValidator(_date)]
OfferSlug = Annotated[Any, BeforeValidator(lambda v: _slug(v, 100))]
OperatorSlug = Annotated[Any, BeforeValidator(lambda v: _slug(v, 80))]
Email = Annotated[Any, BeforeValidator(_email)]
EmailOrNull = Annotated[Any, BeforeValidator(lambda v: _email(v, True))]
OfferUrl = Annotated[Any, BeforeValidator(lambda v: _url(v, 500))]
OperatorUrl = Annotated[Any, BeforeValidator(lambda v: _url(v, 200))]
CodeOrNull = Annotated[Any, BeforeValidator(lambda v: _text(v, True))]
TextList = Annotated[list[Text], _list_of(None)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class OperatorIn(_Strict):
    id: OperatorSlug
    name: Title
    type: Annotated[str, _choice(OrganisationType.values)]
    level: Annotated[str, _choice(Level.values)]
    municipality_code: CodeOrNull
    region_code: CodeOrNull
    url: OperatorUrl
    email: Email


class Range(_Strict):
    min: WholeOrNull
    max: WholeOrNull


class KronerRange(_Strict):
    min: KronerOrNull
    max: KronerOrNull


class Geography(_Strict):
    scope: Annotated[str, _choice(GeographyScope.values)]
    regions: TextList
    municipalities: TextList


class Eligibility(_Strict):
    geography: Geography
    company_age_years: Range
    employees: Range
    turnover_dkk: KronerRange
    sectors: TextList
    requires_cvr: Bool
    growth_ambition_required: Bool
    other_conditions: TextOrNull


class Cost(_Strict):
    type: Annotated[str, _choice(CostType.values)]
    amount_dkk: KronerOrNull
    note: TextOrNull


class OfferIn(_Strict):
    id: OfferSlug
    operator_id: OperatorSlug
    title: Title
    summary: Text
    description: Text
    level: Annotated[str, _choice(Level.values)]
    instrument: Annotated[str, _choice(Instrument.values)]
    format: Annotated[str, _choice(Format.values)]
    themes: Annotated[list[Annotated[str, _choice(ThemeCode.values)]], _list_of(None)]
    eligibility: Eligibility
    cost: Cost
    support_amount_dkk: KronerRange
    status: Annotated[str, _choice(Status.values)]
    valid_from: DateOrNull
    valid_to: DateOrNull
    application_deadline: DateOrNull
    languages: Annotated[list[Annotated[str, _choice(["da", "en"])]], _list_of(None)]
    url: OfferUrl
    contact_email: Email


class CatalogIn(_Strict):
    schema_version: Literal[1]
    operators: list[OperatorIn]
    offers: list[OfferIn]


def _path(loc) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif not str(part).startswith("function-"):
            out += f".{part}" if out else str(part)
    return out


def _message(error: dict) -> str:
    kind = error["type"]
    if kind in MESSAGES:
        return (
            _(MESSAGES[kind]) % (error.get("ctx") or {})
            if "%(" in MESSAGES[kind]
            else _(MESSAGES[kind])
        )
    if kind == "literal_error":
        return _("must be %(expected)s") % {"expected": error["ctx"]["expected"]}
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return _(MESSAGES["object"])
    if kind == "list_type":
        return _(MESSAGES["list"])
    return error["msg"]


def _unique(values) -> list:
    return sorted({v for v in values if v is not None})


def validate(data: Any, existing_operators: dict[str, str] | None = None) -> CatalogIn:
    """The parsed file, or CatalogError with every problem in it.

    ``existing_operators`` maps the ids of operators already stored to their level, so a
    file may hold offers of an operator it does not list.
    """
    if not isinstance(data, dict):
        raise CatalogError([FileError("", _("The file must hold a JSON object."))])
    # PostgreSQL cannot store a NUL byte: refused on every database alike (decision 0017).
    errors = [FileError(_path(place), nul_reason()) for place in nul_places(data)]
    with_nul = {error.path for error in errors}
    try:
        catalog = CatalogIn.model_validate(data)
    except ValidationError as exc:
        errors += [
            error
            for error in (
                FileError(_path(e["loc"]), _message(e))
                for e in exc.errors(include_url=False, include_input=False)
            )
            if error.path not in with_nul
        ]
        # Go on with what parsed, to report the cross-field errors of valid items too.
        catalog = _partial(data)
    errors += _check_references(catalog, existing_operators or {})
    if errors:
        raise CatalogError(errors)
    return catalog


def _partial(data: dict) -> CatalogIn:
    def each(model, items):
        out = []
        for i, item in enumerate(items if isinstance(items, list) else []):
            with contextlib.suppress(ValidationError):
                out.append((i, model.model_validate(item)))
        return out

    catalog = CatalogIn.model_construct(operators=[], offers=[], schema_version=1)
    catalog._indexed_operators = each(OperatorIn, data.get("operators"))
    catalog._indexed_offers = each(OfferIn, data.get("offers"))
    return catalog


def _indexed(catalog: CatalogIn, name: str):
    private = getattr(catalog, f"_indexed_{name}", None)
    if private is not None:
        return private
    return list(enumerate(getattr(catalog, name)))


def _check_references(catalog: CatalogIn, existing: dict[str, str]) -> list[FileError]:
    errors: list[FileError] = []
    regions = reference_public.region_codes()
    municipalities = reference_public.municipality_codes()
    sections = reference_public.db07_section_codes()
    raw_operator_ids = []
    levels = dict(existing)
    seen: set[str] = set()
    for i, op in _indexed(catalog, "operators"):
        where = f"operators[{i}]"
        if op.id in seen:
            errors.append(FileError(f"{where}.id", _("%(id)s appears twice") % {"id": op.id}))
        seen.add(op.id)
        raw_operator_ids.append(op.id)
        levels[op.id] = op.level
        if op.municipality_code is not None and op.municipality_code not in municipalities:
            errors.append(FileError(f"{where}.municipality_code", _("unknown municipality code")))
        if op.region_code is not None and op.region_code not in regions:
            errors.append(FileError(f"{where}.region_code", _("unknown region code")))
    seen = set()
    for i, offer in _indexed(catalog, "offers"):
        where = f"offers[{i}]"
        if offer.id in seen:
            errors.append(FileError(f"{where}.id", _("%(id)s appears twice") % {"id": offer.id}))
        seen.add(offer.id)
        if offer.operator_id not in levels:
            errors.append(FileError(f"{where}.operator_id", _("no such operator")))
        elif offer.level != levels[offer.operator_id]:
            errors.append(FileError(f"{where}.level", _("must equal the operator's level")))
        if not 1 <= len(offer.themes) <= 4 or len(set(offer.themes)) != len(offer.themes):
            errors.append(FileError(f"{where}.themes", _("must hold 1 to 4 different themes")))
        if not offer.languages or len(set(offer.languages)) != len(offer.languages):
            errors.append(FileError(f"{where}.languages", _("must hold da, en or both")))
        geo = offer.eligibility.geography
        g = f"{where}.eligibility.geography"
        for j, code in enumerate(geo.regions):
            if code not in regions:
                errors.append(FileError(f"{g}.regions[{j}]", _("unknown region code")))
        for j, code in enumerate(geo.municipalities):
            if code not in municipalities:
                errors.append(FileError(f"{g}.municipalities[{j}]", _("unknown municipality code")))
        if geo.scope == GeographyScope.REGIONS and not geo.regions:
            errors.append(FileError(f"{g}.regions", _("must list regions for scope regions")))
        if geo.scope != GeographyScope.REGIONS and geo.regions:
            errors.append(FileError(f"{g}.regions", _("must be empty unless scope is regions")))
        if geo.scope == GeographyScope.MUNICIPALITIES and not geo.municipalities:
            errors.append(
                FileError(f"{g}.municipalities", _("must list municipalities for that scope"))
            )
        if geo.scope != GeographyScope.MUNICIPALITIES and geo.municipalities:
            errors.append(
                FileError(f"{g}.municipalities", _("must be empty unless scope is municipalities"))
            )
        for j, code in enumerate(offer.eligibility.sectors):
            if code not in sections:
                errors.append(
                    FileError(f"{where}.eligibility.sectors[{j}]", _("unknown DB07 section"))
                )
        ranges = [
            ("eligibility.company_age_years", offer.eligibility.company_age_years),
            ("eligibility.employees", offer.eligibility.employees),
            ("eligibility.turnover_dkk", offer.eligibility.turnover_dkk),
            ("support_amount_dkk", offer.support_amount_dkk),
        ]
        for name, r in ranges:
            if r.min is not None and r.max is not None and r.min > r.max:
                errors.append(FileError(f"{where}.{name}.max", _("must not be below min")))
        support = offer.support_amount_dkk
        if offer.format not in MONEY_FORMATS and (
            support.min is not None or support.max is not None
        ):
            errors.append(
                FileError(
                    f"{where}.support_amount_dkk",
                    _("must be empty unless the format is a grant, loan, guarantee or equity"),
                )
            )
        if offer.valid_from and offer.valid_to and offer.valid_from > offer.valid_to:
            errors.append(FileError(f"{where}.valid_to", _("must not be before valid_from")))
    return errors


def parse_json(text: str) -> Any:
    """The parsed file, or CatalogError naming the line of what is wrong."""
    if not text.strip():
        raise CatalogError([FileError("", _("line 1: the file is empty"))])
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        place = _("line %(line)d, column %(column)d") % {"line": exc.lineno, "column": exc.colno}
        raise CatalogError([FileError(place, _("not valid JSON: %s") % exc.msg)]) from None
    except RecursionError:
        raise CatalogError([FileError("", nested_too_deeply(too_deep_line(text)))]) from None
    except ValueError:
        # An integer of more than 4300 digits, which Python refuses to convert.
        digits = re.search(r"\d{4300,}", text)
        line = text.count("\n", 0, digits.start()) + 1 if digits else 1
        raise CatalogError(
            [FileError(_("line %(line)d") % {"line": line}, _("a number has too many digits"))]
        ) from None
