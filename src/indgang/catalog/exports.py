"""The catalog file format, written: the file form of stored offers and operators, and the
whole catalog as JSON, CSV and XLSX.

``offer_to_dict`` and ``operator_to_dict`` give the file form of stored rows;
``offer_documents`` the same for many offers at once; ``export_*`` write JSON, CSV and XLSX.
Reading and validating a file is in ``importers``.
"""

import csv
import datetime as dt
import io
import json

from django.utils.translation import gettext as _

from indgang.catalog.importers import SCHEMA_VERSION
from indgang.catalog.models import Offer, ThemeCode
from indgang.organisations.public import Organisation


def _date_str(value):
    return value.isoformat() if value else None


def operator_to_dict(org: Organisation) -> dict:
    return {
        "id": org.pk,
        "name": org.name,
        "type": org.type,
        "level": org.level,
        "municipality_code": org.municipality_id,
        "region_code": org.region_id,
        "url": org.url,
        "email": org.email,
    }


def offer_to_dict(offer: Offer) -> dict:
    """The file form of an offer; expects themes, regions, municipalities, sectors prefetched."""
    return _document(
        {name: getattr(offer, name) for name in _DOCUMENT_FIELDS},
        themes=_theme_order(offer),
        regions=[r.pk for r in offer.regions.all()],
        municipalities=[m.pk for m in offer.municipalities.all()],
        sectors=[s.pk for s in offer.sectors.all()],
    )


# The columns of an offer that its file form holds (besides the links to other tables).
_DOCUMENT_FIELDS = (
    "id",
    "operator_id",
    "title",
    "summary",
    "description",
    "level",
    "instrument",
    "format",
    "theme_order",
    "geography_scope",
    "age_min",
    "age_max",
    "employees_min",
    "employees_max",
    "requires_cvr",
    "growth_ambition_required",
    "turnover_min",
    "turnover_max",
    "other_conditions",
    "cost_type",
    "cost_amount_dkk",
    "cost_note",
    "support_min",
    "support_max",
    "status",
    "valid_from",
    "valid_to",
    "application_deadline",
    "languages",
    "url",
    "contact_email",
)


def offer_documents(offers) -> list[dict]:
    """The file form of many offers at once, in the queryset's order.

    The same documents as ``offer_to_dict``, but built from one query per table, as plain
    rows instead of model instances: Django's prefetching is about ten times slower for
    thousands of offers, and building 2,500 model instances alone took a few hundred
    milliseconds (the guide builds its engine from all published offers; the catalog's CSV
    export and its analyses read them all on every request).
    """
    rows = list(offers.select_related(None).prefetch_related(None).values(*_DOCUMENT_FIELDS))
    links: dict[str, dict[str, list]] = {}
    for name in ("themes", "regions", "municipalities", "sectors"):
        through = getattr(Offer, name).through
        target = next(
            f for f in through._meta.fields if f.is_relation and f.related_model is not Offer
        )
        grouped: dict[str, list] = {}
        pairs = through.objects.filter(offer__in=offers.values("pk")).values_list(
            "offer_id", target.attname
        )
        for offer_id, value in pairs:
            grouped.setdefault(offer_id, []).append(value)
        links[name] = grouped
    return [
        _document(
            row,
            themes=_ordered_themes(links["themes"].get(row["id"], []), row["theme_order"]),
            regions=links["regions"].get(row["id"], []),
            municipalities=links["municipalities"].get(row["id"], []),
            sectors=links["sectors"].get(row["id"], []),
        )
        for row in rows
    ]


def _document(offer: dict, *, themes, regions, municipalities, sectors) -> dict:
    return {
        "id": offer["id"],
        "operator_id": offer["operator_id"],
        "title": offer["title"],
        "summary": offer["summary"],
        "description": offer["description"],
        "level": offer["level"],
        "instrument": offer["instrument"],
        "format": offer["format"],
        "themes": list(themes),
        "eligibility": {
            "geography": {
                "scope": offer["geography_scope"],
                "regions": sorted(regions),
                "municipalities": sorted(municipalities),
            },
            "company_age_years": {"min": offer["age_min"], "max": offer["age_max"]},
            "employees": {"min": offer["employees_min"], "max": offer["employees_max"]},
            "sectors": sorted(sectors),
            "requires_cvr": offer["requires_cvr"],
            "growth_ambition_required": offer["growth_ambition_required"],
            "turnover_dkk": {"min": offer["turnover_min"], "max": offer["turnover_max"]},
            "other_conditions": offer["other_conditions"],
        },
        "cost": {
            "type": offer["cost_type"],
            "amount_dkk": offer["cost_amount_dkk"],
            "note": offer["cost_note"],
        },
        "support_amount_dkk": {"min": offer["support_min"], "max": offer["support_max"]},
        "status": offer["status"],
        "valid_from": _date_str(offer["valid_from"]),
        "valid_to": _date_str(offer["valid_to"]),
        "application_deadline": _date_str(offer["application_deadline"]),
        "languages": list(offer["languages"]),
        "url": offer["url"],
        "contact_email": offer["contact_email"],
    }


THEME_ORDER = {code: i for i, code in enumerate(ThemeCode.values)}


def _theme_order(offer: Offer) -> list[str]:
    return _ordered_themes([t.pk for t in offer.themes.all()], offer.theme_order)


def _ordered_themes(codes: list[str], order: list[str] | None) -> list[str]:
    # The file's order of themes matters to people (the first is the main one): it is kept
    # in ``theme_order`` when known, else the schema's order.
    order = order or []
    return sorted(codes, key=lambda c: (order.index(c) if c in order else 99, THEME_ORDER[c]))


def export_queryset():
    return Offer.objects.select_related("operator").prefetch_related(
        "themes", "regions", "municipalities", "sectors"
    )


def catalog_dict(offers=None, operators=None) -> dict:
    if offers is None:
        documents = offer_documents(Offer.objects.order_by("pk"))
    else:
        documents = [offer_to_dict(o) for o in offers]
    if operators is None:
        operators = Organisation.objects.order_by("pk")
    return {
        "schema_version": SCHEMA_VERSION,
        "operators": [operator_to_dict(o) for o in operators],
        "offers": documents,
    }


def export_json(offers=None) -> str:
    return json.dumps(catalog_dict(offers), ensure_ascii=False, indent=1) + "\n"


def flat_rows(offers=None) -> tuple[list[str], list[list]]:
    """The list of offers as one row each, for spreadsheets: nested fields as dotted names.

    ``offers`` is a queryset of offers (all of them, by id, if None); read as plain rows
    (``offer_documents``), one query per table whatever their number.
    """
    return document_rows(
        offer_documents(Offer.objects.order_by("pk") if offers is None else offers)
    )


def document_rows(documents: list[dict]) -> tuple[list[str], list[list]]:
    """``flat_rows`` of documents in the file form (``offer_documents``)."""
    names = dict(
        Organisation.objects.filter(pk__in={d["operator_id"] for d in documents}).values_list(
            "pk", "name"
        )
    )
    if not documents:
        return list(_flatten(_EMPTY_SHAPE)), []
    # Every document has the same shape: walk the paths of its leaves ("cost.type"), the
    # columns of ``_flatten``, instead of flattening each one into a dict of its own.
    paths = _leaf_paths(documents[0])
    rows = []
    for document in documents:
        row = []
        for path in paths:
            value = document
            for key in path:
                value = value[key]
            if isinstance(value, list):
                value = ", ".join(str(x) for x in value)
            row.append(value)
        row.append(names.get(document["operator_id"]))
        rows.append(row)
    return [".".join(path) for path in paths] + ["operator_name"], rows


def _leaf_paths(value: dict, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    paths = []
    for key, item in value.items():
        if isinstance(item, dict):
            paths += _leaf_paths(item, (*prefix, key))
        else:
            paths.append((*prefix, key))
    return paths


_EMPTY_SHAPE = {
    "id": None,
    "operator_id": None,
    "title": None,
    "operator_name": None,
}


def _flatten(value: dict, prefix: str = "") -> dict:
    out = {}
    for key, item in value.items():
        name = f"{prefix}{key}"
        if isinstance(item, dict):
            out.update(_flatten(item, f"{name}."))
        elif isinstance(item, list):
            out[name] = ", ".join(str(x) for x in item)
        else:
            out[name] = item
    return out


# Spreadsheets as a Danish Excel opens them: CSV separated by semicolons (the comma is the
# decimal mark) with a byte-order mark, so æ, ø and å survive; dates as ISO 8601
# (2026-12-05), which it reads as dates; amounts as whole numbers. The XLSX has real date
# and number cells, shown the Danish way ("05-12-2026", "15.000").
CSV_DELIMITER = ";"
XLSX_DATE_FORMAT = "dd-mm-yyyy"
XLSX_AMOUNT_FORMAT = "#,##0"
DATE_COLUMNS = ("valid_from", "valid_to", "application_deadline")


def csv_text(rows) -> str:
    """Rows as CSV for a Danish spreadsheet (``CSV_DELIMITER``, byte-order mark)."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=CSV_DELIMITER)
    writer.writerows(["" if v is None else v for v in row] for row in rows)
    return buffer.getvalue()


def export_csv(offers=None, *, documents: list[dict] | None = None) -> str:
    """The offers (a queryset; all if None), or the given documents, as CSV."""
    header, rows = flat_rows(offers) if documents is None else document_rows(documents)
    return csv_text([header, *rows])


def export_xlsx(offers=None) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    header, rows = flat_rows(offers)
    book = Workbook()
    sheet = book.active
    sheet.title = _("Offers")[:31]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    dates = {header.index(name) for name in DATE_COLUMNS if name in header}
    amounts = {i for i, name in enumerate(header) if "dkk" in name}
    # Cells by their row number: ``sheet[sheet.max_row]`` scans every cell (quadratic).
    for number, row in enumerate(rows, start=2):
        sheet.append([_xlsx_value(v, i in dates) for i, v in enumerate(row)])
        for i in dates | amounts:
            cell = sheet.cell(number, i + 1)
            if cell.value is not None:
                cell.number_format = XLSX_DATE_FORMAT if i in dates else XLSX_AMOUNT_FORMAT
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _xlsx_value(value, is_date: bool):
    if is_date and value:
        return dt.date.fromisoformat(value)
    return value
