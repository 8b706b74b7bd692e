"""The report as a PDF (reportlab) and as a spreadsheet (openpyxl), from ``report.report``."""

from __future__ import annotations

import io
import math
from xml.sax.saxutils import escape

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from indgang.effects import labels
from indgang.effects.report import fmt

# --- PDF -----------------------------------------------------------------------------------


def _event_study_drawing(chart: dict, width: float, height: float, text: dict):
    """Points with interval whiskers per year since the start, a zero line and the axes."""
    from reportlab.graphics.shapes import Circle, Drawing, Line, Rect, String
    from reportlab.lib import colors

    rows = [("matched", r) for r in chart["matched"]] + [
        ("cs", r) for r in chart["callaway_santanna"]
    ]
    rows = [(kind, r) for kind, r in rows if r["att"] is not None]
    drawing = Drawing(width, height)
    if not rows:
        return drawing
    xs = sorted({r["x"] for _kind, r in rows})
    values = [v for _kind, r in rows for v in (r["low"], r["high"], r["att"]) if v is not None]
    smallest, largest = min([*values, 0.0]), max([*values, 0.0])
    span = (largest - smallest) or 1.0
    low, high = smallest - 0.08 * span, largest + 0.08 * span
    left, right, bottom, top = 52, width - 8, 30, height - 30

    def x_at(x, kind):
        step = (right - left) / max(len(xs), 1)
        shift = -0.12 if kind == "matched" else 0.12
        return left + step * (xs.index(x) + 0.5 + shift)

    def y_at(value):
        return bottom + (value - low) / (high - low) * (top - bottom)

    grey = colors.HexColor("#6b6b6b")
    drawing.add(Line(left, bottom, left, top, strokeColor=grey, strokeWidth=0.5))
    drawing.add(Line(left, y_at(0), right, y_at(0), strokeColor=grey, strokeWidth=0.7))
    for value in _nice_ticks(low, high):
        drawing.add(Line(left - 2, y_at(value), left, y_at(value), strokeColor=grey))
        drawing.add(String(left - 4, y_at(value) - 2.5, fmt(value), fontSize=6, textAnchor="end"))
    for x in xs:
        drawing.add(
            String(
                (x_at(x, "matched") + x_at(x, "cs")) / 2,
                bottom - 10,
                str(x),
                fontSize=7,
                textAnchor="middle",
            )
        )
    drawing.add(
        String((left + right) / 2, bottom - 22, text["years"], fontSize=7, textAnchor="middle")
    )
    palette = {"matched": colors.HexColor("#0059b3"), "cs": colors.HexColor("#c85a00")}
    for kind, r in rows:
        x = x_at(r["x"], kind)
        colour = palette[kind]
        if r["low"] is not None and r["high"] is not None:
            drawing.add(Line(x, y_at(r["low"]), x, y_at(r["high"]), strokeColor=colour))
            for end in (r["low"], r["high"]):
                drawing.add(Line(x - 3, y_at(end), x + 3, y_at(end), strokeColor=colour))
        if kind == "matched":
            drawing.add(Circle(x, y_at(r["att"]), 2.6, fillColor=colour, strokeColor=colour))
        else:
            drawing.add(
                Rect(x - 2.4, y_at(r["att"]) - 2.4, 4.8, 4.8, fillColor=colour, strokeColor=colour)
            )
    drawing.add(String(left, height - 10, chart["title"], fontSize=9, fontName="Helvetica-Bold"))
    for offset, (kind, label) in enumerate(
        (("matched", text["matched"]), ("cs", text["callaway_santanna"]))
    ):
        x = left + offset * 120
        drawing.add(Circle(x + 2, height - 20, 2.5, fillColor=palette[kind], strokeColor=None))
        drawing.add(String(x + 8, height - 22.5, label, fontSize=6.5))
    return drawing


def _balance_drawing(rows: list[dict], threshold: float, width: float, text: dict):
    """The balance plot: standardised differences before and after, per characteristic."""
    from reportlab.graphics.shapes import Circle, Drawing, Line, Rect, String
    from reportlab.lib import colors

    row_height, label_width, top_margin, bottom_margin = 12, 190, 16, 30
    height = top_margin + bottom_margin + row_height * len(rows)
    drawing = Drawing(width, height)
    values = [v for r in rows for v in (r["smd_before"], r["smd_after"]) if v is not None] + [
        -threshold * 2,
        threshold * 2,
    ]
    low, high = min(values), max(values)
    left, right = label_width, width - 10

    def x_at(value):
        return left + (value - low) / (high - low) * (right - left)

    grey, blue, orange = (colors.HexColor(c) for c in ("#6b6b6b", "#0059b3", "#c85a00"))
    bottom = bottom_margin
    for value in (-threshold, threshold):
        drawing.add(
            Line(
                x_at(value),
                bottom,
                x_at(value),
                height - top_margin,
                strokeColor=orange,
                strokeDashArray=[3, 2],
            )
        )
    drawing.add(
        Line(x_at(0), bottom, x_at(0), height - top_margin, strokeColor=grey, strokeWidth=0.5)
    )
    drawing.add(Line(left, bottom, right, bottom, strokeColor=grey, strokeWidth=0.5))
    for value in _nice_ticks(low, high):
        drawing.add(String(x_at(value), bottom - 9, fmt(value, 1), fontSize=6, textAnchor="middle"))
    drawing.add(
        String((left + right) / 2, bottom - 20, text["smd"], fontSize=7, textAnchor="middle")
    )
    for index, row in enumerate(rows):
        y = height - top_margin - row_height * (index + 0.5)
        drawing.add(String(left - 6, y - 2.5, row["label"][:48], fontSize=6.5, textAnchor="end"))
        if row["smd_before"] is not None:
            drawing.add(Circle(x_at(row["smd_before"]), y, 2.4, fillColor=grey, strokeColor=None))
        if row["smd_after"] is not None:
            x = x_at(row["smd_after"])
            drawing.add(Rect(x - 2.4, y - 2.4, 4.8, 4.8, fillColor=blue, strokeColor=None))
    for offset, (colour, label) in enumerate(((grey, text["before"]), (blue, text["after"]))):
        drawing.add(
            Circle(left + 2 + offset * 100, height - 6, 2.4, fillColor=colour, strokeColor=None)
        )
        drawing.add(String(left + 8 + offset * 100, height - 8.5, label, fontSize=6.5))
    return drawing


def _nice_ticks(low: float, high: float, wanted: int = 4) -> list[float]:
    """Round values (1, 2 or 5 times a power of ten apart) between ``low`` and ``high``."""
    raw = (high - low) / wanted
    power = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1.0
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    first = math.ceil(low / step) * step
    return [first + i * step for i in range(int((high - first) // step) + 1)]


def pdf(context: dict) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_LEFT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.platypus import (
        KeepTogether,
        Paragraph,
        SimpleDocTemplate,
        Spacer,
        Table,
        TableStyle,
    )

    run = context["run"]
    styles = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=styles["BodyText"], fontSize=9, leading=12)
    small = ParagraphStyle("small", parent=body, fontSize=7, leading=9, alignment=TA_LEFT)
    h1, h2, h3 = styles["Heading1"], styles["Heading2"], styles["Heading3"]
    title = _("Effect report %(number)d") % {"number": run.pk}
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=1.6 * cm,
        rightMargin=1.6 * cm,
        topMargin=1.6 * cm,
        bottomMargin=1.6 * cm,
        title=title,
        author=str(run.started_by or ""),
        subject=_("Effect measurement"),
    )
    width = A4[0] - 3.2 * cm

    def para(text, style=body):
        return Paragraph(escape(str(text)), style)

    def table(header, rows, widths=None):
        data = [[para(h, small) for h in header]] + [[para(c, small) for c in row] for row in rows]
        t = Table(data, colWidths=widths, repeatRows=1)
        t.setStyle(
            TableStyle(
                [
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e6eef7")),
                    ("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#bbbbbb")),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        return t

    story = [
        para(title, h1),
        para(
            _("Measured %(date)s with %(method)s.")
            % {
                "date": date_format(run.created_at, "j. F Y"),
                "method": context["method_label"],
            }
        ),
    ]
    who = ", ".join(str(x) for x in (run.started_by, run.organisation) if x)
    if who:
        story.append(para(_("Started by %(who)s") % {"who": who}))
    if context["headline"]:
        h = context["headline"]
        story += [
            Spacer(1, 6),
            para(
                _(
                    "%(horizon)s years after the start, the %(n)s participating companies had "
                    "%(total)s more full-time jobs in total than their matched controls (95 %% "
                    "interval %(low)s to %(high)s), %(per)s per company."
                )
                % {
                    "n": h["n_treated"],
                    "total": h["total"],
                    "horizon": h["horizon"],
                    "low": h["low"],
                    "high": h["high"],
                    "per": h["per_company"],
                },
                styles["Heading3"],
            ),
        ]
    for warning in context["warnings"]:
        story.append(para("! " + warning))
    story += [para(_("Settings"), h2), table([_("Setting"), _("Value")], context["settings"])]

    header = [
        _("Outcome"),
        _("Years after"),
        _("Effect per company"),
        _("95 % interval"),
        _("Effect (%)"),
        _("Effect in total"),
        _("Participants"),
        _("Controls"),
        _("Left the register"),
    ]

    def estimate_cells(row):
        return [
            row["outcome_label"],
            row["horizon"],
            row["att"],
            row["ci"],
            row["att_pct"],
            row["implied_total"],
            row["n_treated"],
            row["n_controls"],
            row["left_register"],
        ]

    story += [
        para(_("Effects on all participants"), h2),
        table(header, [estimate_cells(r) for r in context["estimates_all"]]),
        para(_("Effect by year since the start"), h2),
    ]
    text = context["charts"]["text"]
    drawings = [_event_study_drawing(c, width / 2 - 6, 150, text) for c in context["event_study"]]
    if drawings:
        pairs = [
            drawings[i : i + 2] + [""] * (2 - len(drawings[i : i + 2]))
            for i in range(0, len(drawings), 2)
        ]
        story.append(Table(pairs, colWidths=[width / 2] * 2))
    if context["estimates_groups"]:
        story += [
            para(_("Effects by group"), h2),
            table(
                [_("Group"), *header],
                [[r["group"], *estimate_cells(r)] for r in context["estimates_groups"]],
            ),
        ]
    story += [
        para(_("Balance before and after matching"), h2),
        _balance_drawing(context["balance"], context["balance_threshold"], width, text),
        Spacer(1, 6),
        table(
            [
                _("Characteristic"),
                _("Std. difference before"),
                _("Std. difference after"),
                _("Variance ratio before"),
                _("Variance ratio after"),
            ],
            [
                [
                    r["label"] + (" (!)" if r["imbalanced"] else ""),
                    r["shown"]["smd_before"],
                    r["shown"]["smd_after"],
                    r["shown"]["variance_ratio_before"],
                    r["shown"]["variance_ratio_after"],
                ]
                for r in context["balance"]
            ],
            widths=[width * 0.4] + [width * 0.15] * 4,
        ),
        para(_("The method"), h2),
    ]
    for heading, paragraph in context["method_text"]:
        story.append(KeepTogether([para(heading, h3), para(paragraph)]))
    story.append(para(_("What the measurement cannot see"), h2))
    story += [para("• " + str(caveat)) for caveat in context["caveats"]]
    document.build(story)
    return buffer.getvalue()


# --- XLSX ----------------------------------------------------------------------------------


def xlsx(context: dict) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    document = context["document"]
    book = Workbook()
    bold = Font(bold=True)

    def sheet(title, header, rows, first=False):
        ws = book.active if first else book.create_sheet()
        ws.title = title[:31]
        header = [str(h) for h in header]
        ws.append(header)
        for cell in ws[1]:
            cell.font = bold
        # Widths and formula-looking text are found while appending: reading a row back
        # (ws[ws.max_row]) scans the whole sheet each time, which made a national report's
        # spreadsheet take minutes (docs/performance.md).
        longest = [len(h) for h in header]
        for number, row in enumerate(rows, start=2):
            ws.append(row)
            for column, value in enumerate(row, start=1):
                if value is None:
                    continue
                if column > len(longest):
                    longest.append(0)
                longest[column - 1] = max(longest[column - 1], len(str(value)))
                if isinstance(value, str) and value.startswith("="):
                    # text from outside (an offer's title) is no formula
                    ws.cell(row=number, column=column).data_type = "s"
        ws.freeze_panes = "A2"
        for column, width in enumerate(longest, start=1):
            ws.column_dimensions[get_column_letter(column)].width = min(max(10, width + 2), 60)
        return ws

    names = {
        repr(row["raw"]["group"]): row["group"]
        for row in context["estimates_all"] + context["estimates_groups"]
    }
    sheet(
        _("Estimates"),
        [
            _("Group"),
            _("Outcome"),
            _("Years after"),
            _("Effect per company"),
            _("95 % interval, low"),
            _("95 % interval, high"),
            _("Effect (%)"),
            _("Effect in total"),
            _("Participants"),
            _("Controls"),
            _("Left the register"),
            _("Naive difference"),
            _("Standard error"),
        ],
        [
            [
                names.get(repr(e["group"]), str(e["group"])),
                labels.outcome(e["outcome"]),
                e["horizon"],
                e["att"],
                e["ci_low"],
                e["ci_high"],
                e["att_pct"],
                e.get("implied_total"),
                e["n_treated"],
                e["n_controls"],
                e.get("n_treated_missing"),
                e.get("naive_att"),
                e.get("se"),
            ]
            for e in document["estimates"]
        ],
        first=True,
    )
    sheet(
        _("By cohort"),
        [
            _("Group"),
            _("Cohort"),
            _("Outcome"),
            _("Years after"),
            _("Effect per company"),
            _("95 % interval, low"),
            _("95 % interval, high"),
            _("Participants"),
            _("Controls"),
        ],
        [
            [
                names.get(repr(c["group"]), str(c["group"])),
                c["cohort"],
                labels.outcome(c["outcome"]),
                c["horizon"],
                c["att"],
                c["ci_low"],
                c["ci_high"],
                c["n_treated"],
                c["n_controls"],
            ]
            for c in document.get("cohort_estimates", [])
        ],
    )
    sheet(
        _("Balance"),
        [
            _("Characteristic"),
            _("Std. difference before"),
            _("Std. difference after"),
            _("Variance ratio before"),
            _("Variance ratio after"),
            _("Above the threshold"),
        ],
        [
            [
                r["label"],
                r["smd_before"],
                r["smd_after"],
                r["variance_ratio_before"],
                r["variance_ratio_after"],
                _("yes") if r["imbalanced"] else _("no"),
            ]
            for r in context["balance"]
        ],
    )
    sheet(
        _("Matching"),
        [
            _("Cohort"),
            _("Eligible participants"),
            _("Matched"),
            _("Not matched"),
            _("Eligible controls"),
            _("Controls used"),
        ],
        [
            [
                m["cohort"],
                m["n_treated_eligible"],
                m.get("n_treated_matched"),
                m.get("n_treated_unmatched"),
                m["n_controls_eligible"],
                m.get("n_controls_used"),
            ]
            for m in document.get("matching", [])
        ],
    )
    cs_rows = []
    for outcome, cs in document.get("callaway_santanna", {}).items():
        for row in cs.get("att_gt", []):
            cs_rows.append(
                [
                    labels.outcome(outcome),
                    row["cohort"],
                    row["year"],
                    row["event_time"],
                    row["att"],
                    row["ci_low"],
                    row["ci_high"],
                    row["n_treated"],
                    row["n_controls"],
                ]
            )
    sheet(
        "Callaway-Sant'Anna",
        [
            _("Outcome"),
            _("Cohort"),
            _("Year"),
            _("Years since the start"),
            _("Effect per company"),
            _("95 % interval, low"),
            _("95 % interval, high"),
            _("Participants"),
            _("Controls"),
        ],
        cs_rows,
    )
    method = sheet(
        _("Method"),
        [_("Section"), _("Text")],
        [
            *([str(label), str(value)] for label, value in context["settings"]),
            *([str(heading), str(paragraph)] for heading, paragraph in context["method_text"]),
            *([_("What the measurement cannot see"), str(c)] for c in context["caveats"]),
        ],
    )
    method.column_dimensions["B"].width = 100
    for row in method.iter_rows(min_row=2):
        row[1].alignment = Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
