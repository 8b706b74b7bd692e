"""The frozen yearly report of a performance contract as a PDF."""

import io
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _


def _number(value) -> str:
    """A figure the Danish way ("1.234", "12,5"); "–" for none."""
    if value is None:
        return "–"
    decimals = 0 if float(value) == int(value) else 1
    return number_format(round(value, 1), decimal_pos=decimals, force_grouping=True)


def report_pdf(contract, rows: list[dict], status_labels: dict) -> bytes:
    """The frozen yearly report of a performance contract as a PDF."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, title=contract.display_title, author="Indgang")
    styles = getSampleStyleSheet()
    report = contract.report
    story = [
        Paragraph(_("Yearly report %(year)s") % {"year": contract.year}, styles["Title"]),
        Paragraph(escape(contract.title), styles["Heading2"]),
        Paragraph(
            _("Operator: %(operator)s. Municipalities: %(municipalities)s.")
            % {
                "operator": escape(contract.operator.name),
                "municipalities": escape(", ".join(m.name for m in contract.municipalities.all())),
            },
            styles["Normal"],
        ),
        Paragraph(
            _("Figures as of %(date)s, frozen %(frozen)s.")
            % {
                "date": date_format(report.as_of, "j. F Y"),
                "frozen": date_format(timezone.localtime(report.frozen_at), "j. F Y"),
            },
            styles["Normal"],
        ),
        Spacer(1, 12),
    ]
    data = [[_("Target"), _("Target value"), _("Result"), _("Status")]]
    for row in rows:
        data.append(
            [
                Paragraph(escape(row["name"]), styles["Normal"]),
                _number(row["target"]),
                _number(row["value"]),
                str(status_labels.get(row["status"], row["status"])),
            ]
        )
    table = Table(data, colWidths=[250, 70, 70, 90], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#1a3b5d")),
                ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
                ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    story.append(table)
    doc.build(story)
    return buffer.getvalue()
