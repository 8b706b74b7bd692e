"""Checks every register import makes before a row is cleaned: the checks every import
shares (UTF-8, the CSV reader's limits, no NUL byte: ``indgang.core.import_checks``), and
that a CVR record has the register's shape. Each failure is a message naming the line or
the field, never a traceback (decision 0017)."""

from django.utils.translation import gettext as _

from indgang.core.public import csv_error, not_utf8, nul_column, nul_message

__all__ = ["RowError", "check_vr_shape", "csv_error", "no_nul", "not_utf8"]


class RowError(Exception):
    """A row that cannot be imported; the message says why."""


def no_nul(raw: dict) -> None:
    """PostgreSQL cannot store a NUL byte in text: refused on every database alike. A CVR
    record names the part of the record (``navne``), not the line's wrapper."""
    document = raw.get("_vrvirksomhed")
    if document is None and _flat_without_nul(raw):
        return
    if isinstance(document, dict):
        source = document.get("_source") or document
        company = source.get("Vrvirksomhed") if isinstance(source, dict) else None
        if isinstance(company, dict):
            raw = {**{k: v for k, v in raw.items() if k != "_vrvirksomhed"}, **company}
    column = nul_column(raw)
    if column is not None:
        raise RowError(nul_message(column))


def _flat_without_nul(raw: dict) -> bool:
    """The quick answer for a row of a CSV or Parquet file (texts, numbers, None): no NUL
    byte in any key or text. Anything else (a list of extra CSV fields) takes the long way."""
    try:  # a CSV row: texts only
        return "\x00" not in "".join(raw.values()) and "\x00" not in "".join(raw)
    except TypeError:
        pass
    texts = []
    for key, value in raw.items():
        kind = value.__class__
        if kind is str:
            texts.append(value)
        elif value is not None and kind is not int and kind is not float:
            return False
        if key.__class__ is not str:
            return False
        texts.append(key)
    return "\x00" not in "".join(texts)


# The parts of a CVR record that are lists of entries, and the text fields of an entry.
VR_LISTS = {
    "navne": ["navn"],
    "binavne": ["navn"],
    "beliggenhedsadresse": [],
    "hovedbranche": [],
    "virksomhedsform": ["kortBeskrivelse"],
    "livsforloeb": [],
    "virksomhedsstatus": ["status"],
    "aarsbeskaeftigelse": ["intervalKodeAntalAnsatte"],
    "penheder": [],
}


def check_vr_shape(company: dict) -> None:
    """Each part of a CVR record has the shape the register gives it, or its name is said."""
    for key, texts in VR_LISTS.items():
        entries = company.get(key)
        if entries is None:
            continue
        if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
            raise RowError(_("%(field)s: must be a list of objects") % {"field": key})
        for entry in entries:
            if not isinstance(entry.get("periode") or {}, dict):
                raise RowError(_("%(field)s.periode: must be an object") % {"field": key})
            for text in texts:
                if not isinstance(entry.get(text) or "", str):
                    raise RowError(_("%(field)s: must be a text") % {"field": f"{key}.{text}"})
    address = _first_in_force(company.get("beliggenhedsadresse")) or {}
    if not isinstance(address.get("kommune") or {}, dict):
        raise RowError(_("%(field)s: must be an object") % {"field": "beliggenhedsadresse.kommune"})


def _first_in_force(entries) -> dict | None:
    for entry in entries or []:
        if (entry.get("periode") or {}).get("gyldigTil") is None:
            return entry
    return (entries or [None])[-1]
