"""Importing existing CRM data from CSV: funnel placements, contact persons, interactions.

``indgang import_crm companies|contacts|interactions PATH --organisation ORG`` reads the
file, validates every row and, only if all are good (or ``--skip-invalid`` is given),
stores them through the CRM's services, all in one transaction. Every bad row is reported
with its line number and the field at fault. Running the same file again changes nothing:
rows are matched with what the organisation already holds.

Columns (a header row, comma- or semicolon-separated, UTF-8):

- companies: ``cvr,segment,key_account_owner_email``
- contacts: ``cvr,name,title,email,phone,legal_basis``
- interactions: ``external_id,cvr,type,date,consultant_email,themes,offer_id,title,note``
  (themes separated by ``;``)

Companies must already be in the register. Choice columns take the code
(``key_account``, ``one_to_one``, ``public_task``) or its Danish or English label.

A file that is not UTF-8, or that Python's CSV reader gives up on (a field longer than
131,072 characters), is refused with its line; a cell with a NUL byte (which PostgreSQL
cannot store) rejects its row on every database alike (decision 0017).
"""

import contextlib
import csv
import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from indgang.catalog.public import Offer, Theme, ensure_themes, offers_known_to
from indgang.core.public import (
    EARLIEST_EVENT,
    csv_error,
    event_date_message,
    not_utf8,
    nul_column,
    nul_reason,
)
from indgang.crm.companies import services as company_services
from indgang.crm.interactions import services as interaction_services
from indgang.crm.models import (
    CompanySegment,
    ContactPerson,
    Interaction,
    InteractionType,
    LegalBasis,
    Segment,
)
from indgang.organisations.public import WRITER_ROLES, Membership, Organisation, Role, Viewer
from indgang.reference.public import clean_cvr
from indgang.registry.public import Company

COLUMNS = {
    "companies": ["cvr", "segment", "key_account_owner_email"],
    "contacts": ["cvr", "name", "title", "email", "phone", "legal_basis"],
    "interactions": [
        "external_id",
        "cvr",
        "type",
        "date",
        "consultant_email",
        "themes",
        "offer_id",
        "title",
        "note",
    ],
}
# Columns a file may leave out (their cells are then empty).
OPTIONAL = {"key_account_owner_email", "title", "email", "phone", "legal_basis", "external_id"}
OPTIONAL |= {"themes", "offer_id", "note"}
KINDS = tuple(COLUMNS)

# Whether Interaction has a field for the id in the source system (see _interaction_key).


class FileError(Exception):
    """The file (or the organisation) cannot be used at all; nothing was read."""


class RowError(Exception):
    def __init__(self, column: str, message: str):
        super().__init__(message)
        self.column = column
        self.message = message


@dataclass
class Rejection:
    line: int
    column: str
    reason: str

    def __str__(self) -> str:
        return _("line %(line)d, %(column)s: %(reason)s") % {
            "line": self.line,
            "column": self.column,
            "reason": self.reason,
        }


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejections: list[Rejection] = field(default_factory=list)

    @property
    def rejected(self) -> int:
        return len({r.line for r in self.rejections})


class ImportRejected(Exception):
    """Some rows are bad and nothing was stored; ``result.rejections`` says which."""

    def __init__(self, result: ImportResult):
        super().__init__(_("%(count)d rows were rejected") % {"count": result.rejected})
        self.result = result


# --- Reading --------------------------------------------------------------------------------


def read_rows(path: Path | str, kind: str) -> list[tuple[int, dict]]:
    """``(line number, row)`` for each row of a CSV file with the columns of ``kind``."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise FileError(
            _("Cannot read %(path)s: %(error)s") % {"path": path, "error": exc.strerror}
        ) from None
    except UnicodeDecodeError:
        raise FileError(not_utf8(path)) from None
    if not text.strip():
        raise FileError(_("line 1: the file is empty"))
    header = text.split("\n", 1)[0]
    delimiter = ";" if header.count(";") > header.count(",") else ","
    # Lines end at \n or \r only (not at the other breaks str.splitlines knows).
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        columns = [c.strip() for c in reader.fieldnames or []]
        with_nul = [c for c in columns if "\x00" in c]
        if with_nul:
            raise FileError(str(Rejection(1, repr(with_nul[0].replace("\x00", "")), nul_reason())))
        missing = [c for c in COLUMNS[kind] if c not in columns and c not in OPTIONAL]
        if missing:
            raise FileError(
                _("The file lacks the columns: %(columns)s") % {"columns": ", ".join(missing)}
            )
        reader.fieldnames = columns
        rows = []
        for row in reader:
            if not any((v or "").strip() for k, v in row.items() if k is not None):
                continue  # a blank line
            rows.append((reader.line_num, {k: (v or "").strip() for k, v in row.items() if k}))
    except csv.Error as exc:
        raise FileError(csv_error(reader.line_num + 1, exc)) from None
    return rows


# --- Cleaning ------------------------------------------------------------------------------


def _shown(value: str) -> str:
    """A value as a message quotes it: a long one cut short."""
    return value if len(value) <= 60 else value[:60] + "…"


def _choices(choices) -> dict[str, str]:
    """Code, Danish label and English label (lower case) -> code."""
    aliases = {}
    for value, label in choices:
        aliases[str(value).lower()] = value
        for language in ("da", "en"):
            with translation.override(language):
                text = str(label).lower()
            aliases[text] = value
            # "Samtykke (GDPR art. 6, stk. 1, litra a)" may be written "samtykke".
            aliases.setdefault(text.split(" (")[0].strip(), value)
    return aliases


def _choice(value: str, aliases: dict, column: str, required: bool = True):
    if not value:
        if required:
            raise RowError(column, _("is empty"))
        return None
    code = aliases.get(value.lower())
    if code is None:
        raise RowError(
            column,
            _("unknown value %(value)r (use one of: %(choices)s)")
            % {
                "value": _shown(value),
                "choices": ", ".join(sorted({str(v) for v in aliases.values()})),
            },
        )
    return code


def _text(raw: dict, column: str, max_length: int, required: bool = False) -> str:
    value = raw.get(column) or ""
    if required and not value:
        raise RowError(column, _("is empty"))
    if len(value) > max_length:
        raise RowError(column, _("is longer than %(max)d characters") % {"max": max_length})
    return value


@dataclass
class Context:
    """What a file's rows are checked against, read once per import."""

    organisation: Organisation
    companies: dict[str, Company]
    members: dict[str, tuple]  # email (lower case) -> (person, role)
    offers: set[str]
    themes: set[str]
    segments: dict = field(default_factory=lambda: _choices(Segment.choices))
    types: dict = field(default_factory=lambda: _choices(InteractionType.choices))
    bases: dict = field(default_factory=lambda: _choices(LegalBasis.choices))

    def company(self, raw: dict) -> Company:
        value = raw.get("cvr") or ""
        try:
            cvr = clean_cvr(value)
        except ValidationError as exc:
            raise RowError("cvr", exc.messages[0]) from None
        company = self.companies.get(cvr)
        if company is None:
            raise RowError("cvr", _("CVR %(cvr)s is not in the register") % {"cvr": cvr})
        return company

    def member(self, raw: dict, column: str, writers_only: bool = False):
        email = (raw.get(column) or "").lower()
        if not email:
            return None
        found = self.members.get(email)
        if found is None:
            raise RowError(
                column,
                _("%(email)s does not work at %(organisation)s")
                % {"email": email, "organisation": self.organisation.name},
            )
        if writers_only and found[1] not in WRITER_ROLES:
            raise RowError(column, _("%(email)s is not a consultant or manager") % {"email": email})
        return found[0]


def _context(organisation: Organisation, rows: list[tuple[int, dict]]) -> Context:
    cvrs = set()
    for _line, raw in rows:
        with contextlib.suppress(ValidationError):
            cvrs.add(clean_cvr(raw.get("cvr") or ""))
    companies = {}
    cvr_list = sorted(cvrs)
    for start in range(0, len(cvr_list), 5000):
        for company in Company.objects.filter(cvr__in=cvr_list[start : start + 5000]):
            companies[company.cvr] = company
    members = {
        m.person.email.lower(): (m.person, m.role)
        for m in Membership.objects.filter(organisation=organisation).select_related("person")
    }
    offer_ids = {raw.get("offer_id") for _line, raw in rows if raw.get("offer_id")}
    ensure_themes()
    return Context(
        organisation=organisation,
        companies=companies,
        members=members,
        offers=set(
            offers_known_to(organisation.pk).filter(pk__in=offer_ids).values_list("pk", flat=True)
        ),
        themes=set(Theme.objects.values_list("code", flat=True)),
    )


@dataclass
class SegmentRow:
    company: Company
    segment: str
    owner: object

    def keys(self):
        yield ("company", self.company.pk)


@dataclass
class ContactRow:
    company: Company
    name: str
    title: str
    email: str
    phone: str
    legal_basis: str

    def keys(self):
        yield ("contact", self.company.pk, (self.email or self.name).lower())


@dataclass
class InteractionRow:
    external_id: str
    company: Company
    type: str
    date: dt.date
    consultant: object
    themes: list[str]
    offer_id: str | None
    title: str
    note: str

    def keys(self):
        if self.external_id:
            yield ("external_id", self.external_id)
        else:
            # What the stored interaction is matched by (see _find_interaction).
            yield ("interaction", self.company.pk, self.type, self.date, self.title)


def clean_company(raw: dict, ctx: Context) -> SegmentRow:
    company = ctx.company(raw)
    segment = _choice(raw.get("segment") or "", ctx.segments, "segment")
    owner = ctx.member(raw, "key_account_owner_email")
    return SegmentRow(company=company, segment=segment, owner=owner)


def clean_contact(raw: dict, ctx: Context) -> ContactRow:
    company = ctx.company(raw)
    email = _text(raw, "email", 254).lower()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise RowError(
                "email", _("%(value)r is not an email address") % {"value": email}
            ) from None
    return ContactRow(
        company=company,
        name=_text(raw, "name", 200, required=True),
        title=_text(raw, "title", 200),
        email=email,
        phone=_text(raw, "phone", 40),
        legal_basis=_choice(raw.get("legal_basis") or "", ctx.bases, "legal_basis", False)
        or LegalBasis.PUBLIC_TASK,
    )


def clean_interaction(raw: dict, ctx: Context) -> InteractionRow:
    external_id = _text(raw, "external_id", 100)
    company = ctx.company(raw)
    kind = _choice(raw.get("type") or "", ctx.types, "type")
    text = raw.get("date") or ""
    if not text:
        raise RowError("date", _("is empty"))
    try:
        day = dt.date.fromisoformat(text[:10])
    except ValueError:
        raise RowError(
            "date", _("%(value)r is not a date (YYYY-MM-DD)") % {"value": _shown(text)}
        ) from None
    if day > timezone.localdate() + dt.timedelta(days=366):
        raise RowError("date", _("The date is more than a year ahead."))
    if day < EARLIEST_EVENT:
        raise RowError("date", event_date_message())
    themes = [t.strip() for t in (raw.get("themes") or "").split(";") if t.strip()]
    unknown = [t for t in themes if t not in ctx.themes]
    if unknown:
        raise RowError(
            "themes",
            _("unknown theme: %(codes)s") % {"codes": _shown(", ".join(sorted(unknown)))},
        )
    offer_id = raw.get("offer_id") or None
    if offer_id and offer_id not in ctx.offers:
        raise RowError("offer_id", _("no offer has the id %(id)r") % {"id": _shown(offer_id)})
    if not raw.get("consultant_email"):
        raise RowError("consultant_email", _("is empty"))
    return InteractionRow(
        external_id=external_id,
        company=company,
        type=kind,
        date=day,
        consultant=ctx.member(raw, "consultant_email", writers_only=True),
        themes=list(dict.fromkeys(themes)),
        offer_id=offer_id,
        title=_text(raw, "title", 200),
        note=raw.get("note") or "",
    )


# --- Writing, through the services ----------------------------------------------------------


def _system(ctx: Context, person=None, role=Role.ADMIN) -> Viewer:
    """The import acts for the organisation (as its administrator), or as the consultant a
    row names, so the records say who gave the guidance."""
    return Viewer(person=person, organisation_id=ctx.organisation.pk, role=role)


def write_company(row: SegmentRow, ctx: Context) -> str:
    current = CompanySegment.objects.filter(
        company=row.company, organisation=ctx.organisation
    ).first()
    owner_id = row.owner.pk if row.owner else None
    if current and current.segment == row.segment and current.key_account_owner_id == owner_id:
        return "unchanged"
    company_services.set_segment(
        _system(ctx),
        row.company,
        segment=row.segment,
        key_account_owner=row.owner,
        version=current.version if current else None,
    )
    return "updated" if current else "created"


def write_contact(row: ContactRow, ctx: Context) -> str:
    held = ContactPerson.objects.filter(
        organisation=ctx.organisation, company=row.company, anonymised_at__isnull=True
    )
    current = (
        held.filter(email__iexact=row.email) if row.email else held.filter(name__iexact=row.name)
    ).first()
    fields = {
        "name": row.name,
        "title": row.title,
        "email": row.email,
        "phone": row.phone,
        "legal_basis": row.legal_basis,
    }
    if current is None:
        company_services.add_contact_person(_system(ctx), row.company, **fields)
        return "created"
    changed = {k: v for k, v in fields.items() if getattr(current, k) != v}
    if not changed:
        return "unchanged"
    company_services.update_contact_person(_system(ctx), current, current.version, **changed)
    return "updated"


def _find_interaction(row: InteractionRow, ctx: Context) -> Interaction | None:
    held = Interaction.objects.filter(organisation=ctx.organisation)
    if row.external_id:
        return held.filter(external_id=row.external_id).first()
    # Without an id from the source system: the same company, type, day and title.
    return held.filter(company=row.company, type=row.type, date=row.date, title=row.title).first()


def write_interaction(row: InteractionRow, ctx: Context) -> str:
    current = _find_interaction(row, ctx)
    offer = Offer.objects.get(pk=row.offer_id) if row.offer_id else None
    if current is None:
        viewer = _system(ctx)
        if row.consultant is not None:
            viewer = _system(ctx, row.consultant, ctx.members[row.consultant.email.lower()][1])
        interaction_services.log_interaction(
            viewer,
            interaction_services.InteractionData(
                type=row.type,
                date=row.date,
                company=row.company,
                title=row.title,
                note=row.note,
                themes=tuple(row.themes),
                offer=offer,
                external_id=row.external_id,
            ),
        )
        return "created"
    fields = {
        "company": row.company,
        "type": row.type,
        "date": row.date,
        "title": row.title,
        "note": row.note,
        "offer": offer,
        "consultant": row.consultant,
    }
    changed = {
        k: v
        for k, v in fields.items()
        if getattr(current, f"{k}_id" if k in ("company", "offer", "consultant") else k)
        != (getattr(v, "pk", v) if k in ("company", "offer", "consultant") else v)
    }
    themes_changed = set(current.themes.values_list("code", flat=True)) != set(row.themes)
    if not changed and not themes_changed:
        return "unchanged"
    interaction_services.update_interaction(
        _system(ctx),
        current,
        current.version,
        themes=row.themes if themes_changed else None,
        **changed,
    )
    return "updated"


CLEAN: dict[str, Callable] = {
    "companies": clean_company,
    "contacts": clean_contact,
    "interactions": clean_interaction,
}
WRITE: dict[str, Callable] = {
    "companies": write_company,
    "contacts": write_contact,
    "interactions": write_interaction,
}


def _rejections_of(line: int, error: ValidationError) -> list[Rejection]:
    if hasattr(error, "error_dict"):
        return [
            Rejection(line, column, " ".join(messages))
            for column, messages in error.message_dict.items()
        ]
    return [Rejection(line, "—", " ".join(error.messages))]


def import_rows(
    kind: str,
    rows: list[tuple[int, dict]],
    organisation_id: str,
    *,
    skip_invalid: bool = False,
) -> ImportResult:
    """Validate every row, then store them all (or, with ``skip_invalid``, the good ones)
    in one transaction. Raises :class:`ImportRejected`, storing nothing, if a row is bad
    and not ``skip_invalid``."""
    if kind not in COLUMNS:
        raise FileError(_("Unknown kind of file %(kind)r") % {"kind": kind})
    organisation = None
    if "\x00" not in organisation_id:
        organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None:
        raise FileError(_("No organisation has the id %(id)r") % {"id": organisation_id})
    result = ImportResult()
    # PostgreSQL cannot store (nor look up) a text with a NUL byte: such a row is rejected
    # before anything is read for it, on every database alike.
    checked = []
    for line, raw in rows:
        column = nul_column(raw)
        if column is None:
            checked.append((line, raw))
        else:
            result.rejections.append(Rejection(line, column, nul_reason()))
    ctx = _context(organisation, checked)
    clean, write = CLEAN[kind], WRITE[kind]
    records = []
    first_line: dict = {}
    for line, raw in checked:
        try:
            record = clean(raw, ctx)
            keys = list(record.keys())
            for key in keys:
                if key in first_line:
                    column = "external_id" if key[0] == "external_id" else "cvr"
                    raise RowError(
                        column,
                        _("the same record is on line %(line)d already")
                        % {"line": first_line[key]},
                    )
            for key in keys:
                first_line[key] = line
        except RowError as exc:
            result.rejections.append(Rejection(line, exc.column, exc.message))
            continue
        records.append((line, record))
    if result.rejections and not skip_invalid:
        result.rejections.sort(key=lambda r: r.line)
        raise ImportRejected(result)
    with transaction.atomic():
        for line, record in records:
            try:
                with transaction.atomic():
                    outcome = write(record, ctx)
            except ValidationError as exc:
                # The services check what the file cannot (a rule between records).
                result.rejections.extend(_rejections_of(line, exc))
                continue
            setattr(result, outcome, getattr(result, outcome) + 1)
        if result.rejections and not skip_invalid:
            result.created = result.updated = result.unchanged = 0
            result.rejections.sort(key=lambda r: r.line)
            raise ImportRejected(result)
    result.rejections.sort(key=lambda r: r.line)
    return result


def import_file(kind: str, path, organisation_id: str, *, skip_invalid: bool = False):
    if kind not in COLUMNS:
        raise FileError(_("Unknown kind of file %(kind)r") % {"kind": kind})
    return import_rows(kind, read_rows(path, kind), organisation_id, skip_invalid=skip_invalid)
