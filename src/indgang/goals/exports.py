"""Every table as CSV or XLSX (the yearly report's PDF is in ``contracts/exports.py``).

Both are for people: the CSV writes numbers and dates as the page does, the Danish way
("1.234.567", "12,5", "5. december 2026"), semicolon-separated with a byte-order mark so
Excel opens it; the XLSX keeps numbers as numbers, with a number format that groups the
thousands (years stay "2026").
"""

import csv
import functools
import io
from datetime import date, datetime
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import get_language
from openpyxl import Workbook
from openpyxl.styles import Font

FORMATS = ("csv", "xlsx")


class Year(int):
    """A year in a table: shown as "2026", never grouped as a number ("2.026")."""


def _decimals(value) -> int:
    return 0 if value == int(value) else 1


def text(value) -> str:
    """A cell as a person reads it, in the active language: "–" for nothing."""
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, Year):
        return str(int(value))
    if isinstance(value, datetime):
        return date_format(timezone.localtime(value), "j. F Y H.i")
    if isinstance(value, int | float | Decimal | date):
        return _formatted(type(value), value, get_language())
    return str(value)


@functools.lru_cache(maxsize=4096)
def _formatted(kind: type, value, language: str | None) -> str:
    """A number or a date in ``language`` (the active one), formatted once: the tables of
    the national dashboard repeat the same small numbers and days thousands of times.
    ``kind`` keeps 1, 1.0 and Decimal("1") apart (they are equal as keys)."""
    if issubclass(kind, int):
        return number_format(value, force_grouping=True)
    if issubclass(kind, float | Decimal):
        return number_format(round(value, 1), decimal_pos=_decimals(value), force_grouping=True)
    return date_format(value, "j. F Y")


def _xlsx_cell(value):
    """(value, number format) of an XLSX cell: numbers stay numbers."""
    if value is None:
        return None, None
    if isinstance(value, Year):
        return int(value), "0"
    if isinstance(value, bool):
        return str(value), None
    if isinstance(value, int):
        return value, "#,##0"
    if isinstance(value, float | Decimal):
        value = round(float(value), 1)
        return value, "#,##0" if _decimals(value) == 0 else "#,##0.0"
    if isinstance(value, datetime):
        return timezone.localtime(value).replace(tzinfo=None), "d. mmmm yyyy hh:mm"
    if isinstance(value, date):
        return value, "d. mmmm yyyy"
    return str(value), None


def table_response(fmt: str, filename: str, headers: list, rows: list[list]) -> HttpResponse:
    """``rows`` as a download: CSV (semicolon-separated, UTF-8 with BOM for Excel) or XLSX."""
    if fmt == "xlsx":
        book = Workbook()
        sheet = book.active
        sheet.title = filename[:31]
        sheet.append([str(h) for h in headers])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for r, row in enumerate(rows, start=2):
            for c, value in enumerate(row, start=1):
                content, number_format_ = _xlsx_cell(value)
                cell = sheet.cell(row=r, column=c, value=content)
                if number_format_:
                    cell.number_format = number_format_
        buffer = io.BytesIO()
        book.save(buffer)
        response = HttpResponse(
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
        return response
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow([str(h) for h in headers])
    for row in rows:
        writer.writerow(["" if v is None or v == "" else text(v) for v in row])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response
