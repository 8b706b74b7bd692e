"""The report as a PDF (reportlab) and as a spreadsheet (openpyxl), from ``report.report``.

The PDF is a summary of a few pages (the findings in plain words, whether to trust them,
the effect year by year, what the measurement cannot see) with the details in an
appendix; the spreadsheet (``spreadsheet``) holds every figure. Both take ``progress``
(percent, message), as they are made in the background (``downloads``).
"""

from __future__ import annotations

import io
import math
from xml.sax.saxutils import escape

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from indgang.effects.report import fmt
from indgang.effects.spreadsheet import xlsx  # noqa: F401 (the spreadsheet, beside the PDF)

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
    values = [
        v
        for _kind, r in rows
        for v in (r["low"], r["high"], r["att"], r.get("band_low"), r.get("band_high"))
        if v is not None
    ]
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
        if r.get("band_low") is not None and r.get("band_high") is not None:
            drawing.add(
                Line(
                    x,
                    y_at(r["band_low"]),
                    x,
                    y_at(r["band_high"]),
                    strokeColor=colour,
                    strokeWidth=0.4,
                )
            )
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


def _styles():
    from reportlab.lib.enums import TA_LEFT
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet

    styles = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=styles["BodyText"], fontSize=9, leading=12)
    return {
        "body": body,
        "small": ParagraphStyle("small", parent=body, fontSize=7, leading=9, alignment=TA_LEFT),
        "lead": ParagraphStyle("lead", parent=body, fontSize=10, leading=13.5, spaceAfter=4),
        "h1": styles["Heading1"],
        "h2": styles["Heading2"],
        "h3": styles["Heading3"],
    }


def pdf(context: dict, progress=None) -> bytes:
    """The summary (a few pages) and the appendix with every detail."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import cm
    from reportlab.platypus import (
        KeepTogether,
        PageBreak,
        Paragraph,
        SimpleDocTemplate,
        Spacer,
        Table,
        TableStyle,
    )

    progress = progress or (lambda percent, message: None)
    run = context["run"]
    st = _styles()
    title = _("Effect report %(number)d") % {"number": run.pk}
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=1.6 * cm,
        rightMargin=1.6 * cm,
        topMargin=1.6 * cm,
        bottomMargin=1.8 * cm,
        title=title,
        author=str(run.started_by or ""),
        subject=_("Effect measurement"),
    )
    width = A4[0] - 3.2 * cm

    def para(text, style="body"):
        return Paragraph(escape(str(text)), st[style])

    def table(header, rows, widths=None):
        data = [[para(h, "small") for h in header]]
        data += [[para(c, "small") for c in row] for row in rows]
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

    def page_number(canvas, doc):
        canvas.saveState()
        canvas.setFont("Helvetica", 7)
        canvas.drawRightString(
            A4[0] - 1.6 * cm,
            1.0 * cm,
            _("%(title)s, page %(page)d") % {"title": title, "page": doc.page},
        )
        canvas.restoreState()

    progress(20, _("Writing the summary"))
    story = [
        para(title, "h1"),
        para(
            _("Measured %(date)s with %(method)s.")
            % {"date": date_format(run.created_at, "j. F Y"), "method": context["method_label"]}
        ),
    ]
    who = ", ".join(str(x) for x in (run.started_by, run.organisation) if x)
    if who:
        story.append(para(_("Started by %(who)s") % {"who": who}))
    story.append(para(_("Findings"), "h2"))
    for item in context["headlines"]:
        parts = [f"<b>{escape(str(item['label']))}:</b> {escape(item['sentence'])}"]
        if item.get("shown"):
            parts.append(
                escape(item["certainty"])
                + (" " + escape(item["overall"]) if item.get("overall") else "")
            )
        story.append(Paragraph("<br/>".join(parts), st["lead"]))
    if context["warnings"]:
        story.append(para(_("Warnings"), "h2"))
        story += [para("! " + warning) for warning in context["warnings"]]
    if context["trust"]:
        story.append(para(_("Can the result be trusted?"), "h2"))
        story += [para(("✓ " if item["ok"] else "! ") + item["text"]) for item in context["trust"]]
    story.append(para(_("Effect by year since the start"), "h2"))
    text = context["charts"]["text"]
    drawings = [_event_study_drawing(c, width / 2 - 6, 150, text) for c in context["event_study"]]
    if drawings:
        pairs = [
            drawings[i : i + 2] + [""] * (2 - len(drawings[i : i + 2]))
            for i in range(0, len(drawings), 2)
        ]
        story.append(Table(pairs, colWidths=[width / 2] * 2))
        story.append(
            para(
                _(
                    "Dots: the matched estimate; squares: Callaway–Sant'Anna, with its "
                    "simultaneous band as the thin line. The thick lines are 95 % intervals."
                ),
                "small",
            )
        )
    story.append(
        KeepTogether(
            [para(_("What the measurement cannot see"), "h2")]
            + [para("• " + str(caveat)) for caveat in context["caveats"]]
        )
    )
    story.append(Spacer(1, 8))
    story.append(
        para(
            _(
                "The appendix holds every estimate, the groups, Callaway–Sant'Anna's tests, the balance, the settings and the method."
            )
        )
    )

    progress(40, _("Writing the appendix"))
    story += [PageBreak(), para(_("Appendix"), "h1")]
    story += _appendix(context, para, table, width)
    progress(70, _("Setting the pages"))
    document.build(story, onFirstPage=page_number, onLaterPages=page_number)
    progress(98, _("Saving the file"))
    return buffer.getvalue()


def _estimate_cells(row) -> list:
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


def _appendix(context: dict, para, table, width) -> list:
    from reportlab.platypus import KeepTogether, Spacer

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
    story = [
        para(_("A. Effects on all participants, year by year"), "h2"),
        table(header, [_estimate_cells(r) for r in context["estimates_all"]]),
    ]
    if context["overall"]:
        story += [
            Spacer(1, 6),
            para(_("Effect over all the years measured"), "h3"),
            table(
                [
                    _("Outcome"),
                    _("Years after"),
                    _("Mean effect per company and year"),
                    _("95 % interval"),
                    _("Participants"),
                ],
                [
                    [r["outcome_label"], r["horizons"], r["att"], r["ci"], r["n_treated"]]
                    for r in context["overall"]
                ],
            ),
        ]
    for section in context["group_sections"]:
        story.append(para(_("B. Effects by %(kind)s") % {"kind": section["title"].lower()}, "h2"))
        if section["rows"]:
            story.append(
                table(
                    [
                        section["title"],
                        _("Outcome"),
                        _("Years after"),
                        _("Effect per company"),
                        _("95 % interval"),
                        _("Participants"),
                        _("Callaway–Sant'Anna"),
                        _("Its 95 % interval"),
                    ],
                    [
                        [
                            r["name"],
                            r["outcome_label"],
                            r["horizon"],
                            r["att"],
                            r["ci"],
                            r["n_treated"],
                            r["cs_att"],
                            r["cs_ci"],
                        ]
                        for r in section["rows"]
                    ],
                    widths=[width * w for w in (0.19, 0.13, 0.06, 0.1, 0.16, 0.1, 0.1, 0.16)],
                )
            )
        if section["small"]:
            story.append(
                para(
                    _("Not shown, fewer than %(minimum)s participants: %(names)s.")
                    % {
                        "minimum": context["min_participants"],
                        "names": "; ".join(section["small"]),
                    },
                    "small",
                )
            )
    if context["cs_details"]:
        story.append(para(_("C. Callaway–Sant'Anna"), "h2"))
    for cs in context["cs_details"]:
        pretrend = cs["pretrend"]
        lines = [
            para(cs["title"], "h3"),
            para(
                _("%(method)s. Effect after the start, all years: %(att)s (95 %% interval %(ci)s).")
                % {"method": cs["method"], "att": cs["overall"]["att"], "ci": cs["overall"]["ci"]}
            ),
        ]
        if pretrend["tested"]:
            lines.append(
                para(
                    _(
                        "Pre-trend test: Wald statistic %(statistic)s with %(df)s degrees of freedom, p = %(p)s."
                    )
                    % {
                        "statistic": pretrend["statistic"],
                        "df": pretrend["df"],
                        "p": pretrend["p_value"],
                    }
                )
            )
        lines.append(
            table(
                [
                    _("Years since the start"),
                    _("Effect per company"),
                    _("95 % interval"),
                    _("Simultaneous 95 % band"),
                ],
                [[r["event_time"], r["att"], r["ci"], r["band"]] for r in cs["dynamic"]],
            )
        )
        story.append(KeepTogether(lines))
        if cs["sensitivity"]:
            story += [
                Spacer(1, 4),
                table(
                    [
                        _("Years since the start"),
                        _("Effect per company"),
                        _("Largest difference before the start"),
                        _("Interval if trends differ as much after (M = 1)"),
                        _("Breakdown value M"),
                    ],
                    [
                        [r["event_time"], r["att"], r["bound"], r["ci"], r["breakdown"]]
                        for r in cs["sensitivity"]
                    ],
                ),
            ]
    text = context["charts"]["text"]
    story += [
        para(_("D. Balance before and after matching"), "h2"),
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
        para(_("E. Settings"), "h2"),
        table([_("Setting"), _("Value")], context["settings"]),
        para(_("F. The method"), "h2"),
    ]
    for heading, paragraph in context["method_text"]:
        story.append(KeepTogether([para(heading, "h3"), para(paragraph)]))
    return story
