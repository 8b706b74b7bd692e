"""The frozen yearly report of a performance contract as a PDF."""

import io

from django.utils.translation import gettext as _


def report_pdf(contract, rows: list[dict], status_labels: dict) -> bytes:
    """The frozen yearly report of a performance contract as a PDF."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer, pagesize=A4, title=f"{contract.title} {contract.year}", author="Indgang"
    )
    styles = getSampleStyleSheet()
    report = contract.report
    story = [
        Paragraph(_("Yearly report %(year)s") % {"year": contract.year}, styles["Title"]),
        Paragraph(contract.title, styles["Heading2"]),
        Paragraph(
            _("Operator: %(operator)s. Municipalities: %(municipalities)s.")
            % {
                "operator": contract.operator.name,
                "municipalities": ", ".join(m.name for m in contract.municipalities.all()),
            },
            styles["Normal"],
        ),
        Paragraph(
            _("Figures as of %(date)s, frozen %(frozen)s.")
            % {
                "date": report.as_of.strftime("%d-%m-%Y"),
                "frozen": report.frozen_at.strftime("%d-%m-%Y"),
            },
            styles["Normal"],
        ),
        Spacer(1, 12),
    ]
    data = [[_("Target"), _("Target value"), _("Result"), _("Status")]]
    for row in rows:
        data.append(
            [
                Paragraph(row["name"], styles["Normal"]),
                f"{row['target']:g}",
                "–" if row["value"] is None else f"{row['value']:g}",
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
