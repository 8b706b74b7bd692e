"""What every goals page shares: the year asked for, and tables that download as CSV or
XLSX (``?export=csv|xlsx&table=<name>``)."""

from django.http import Http404, HttpResponse
from django.utils import timezone

from indgang.core.public import paginate
from indgang.goals import exports


def year(request) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return timezone.localdate().year
    return year if 2000 <= year <= 2100 else timezone.localdate().year


def table(name, title, headers, rows, chart=None, export_only=()) -> dict:
    """A table of a page and its downloads. The columns ``export_only`` (their indexes:
    codes a spreadsheet joins on) are in the downloads only; the page shows names."""
    shown = [i for i in range(len(headers)) if i not in export_only]
    return {
        "name": name,
        "title": title,
        "headers": headers,
        "rows": rows,
        "page_headers": [headers[i] for i in shown],
        "page_rows": [[row[i] for i in shown] for row in rows],
        "chart": chart,
    }


def paged(request, table: dict, per_page: int) -> dict:
    """Show ``table`` a page at a time (``?side=N``; the downloads keep every row)."""
    page = paginate(request, table["page_rows"], per_page)
    table["page"] = page
    table["page_rows"] = list(page)
    return table


def export(request, tables: list[dict], filename: str) -> HttpResponse | None:
    fmt = request.GET.get("export")
    if fmt not in exports.FORMATS:
        return None
    wanted = request.GET.get("table") or tables[0]["name"]
    for table in tables:
        if table["name"] == wanted:
            return exports.table_response(
                fmt, f"{filename}-{table['name']}", table["headers"], table["rows"]
            )
    raise Http404
