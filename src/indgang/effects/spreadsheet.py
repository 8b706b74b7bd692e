"""The report as a spreadsheet (openpyxl): every figure of the run, a sheet per table.

Numbers stay numbers (the reader's Excel shows them in its own locale); the texts are the
report's, in the site's language.
"""

from __future__ import annotations

import io

from django.utils.translation import gettext as _

from indgang.effects import labels
from indgang.effects.report_details import group_cs_header
from indgang.effects.wording import by_outcome


def xlsx(context: dict, progress=None) -> bytes:
    """Every figure of the report, a sheet per table; ``progress(percent, message)``."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    progress = progress or (lambda percent, message: None)
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
    progress(20, _("Writing the spreadsheet: the findings"))
    sheet(
        _("Summary"),
        [_("Section"), _("Text")],
        [
            *([str(h["label"]), h["sentence"]] for h in context.get("headlines", [])),
            *(
                [str(h["label"]), h["overall"]]
                for h in context.get("headlines", [])
                if h.get("overall")
            ),
            *([_("Warning"), w] for w in context.get("warnings", [])),
            *([_("Trust"), t["text"]] for t in context.get("trust", [])),
        ],
    ).column_dimensions["B"].width = 120
    sheet(
        _("Over all years"),
        [
            _("Group"),
            _("Outcome"),
            _("Years after"),
            _("Mean effect per company and year"),
            _("95 % interval, low"),
            _("95 % interval, high"),
            _("Standard error"),
            _("Participants"),
        ],
        [
            [
                names.get(repr(o["group"]), str(o["group"])),
                labels.outcome(o["outcome"]),
                ", ".join(str(h) for h in o.get("horizons", [])),
                o["att"],
                o["ci_low"],
                o["ci_high"],
                o.get("se"),
                o["n_treated"],
            ]
            for o in document.get("overall", [])
        ],
    )
    progress(40, _("Writing the spreadsheet: cohorts and balance"))
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
    for outcome, cs in by_outcome(document):
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
    progress(60, _("Writing the spreadsheet: Callaway–Sant'Anna"))
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
    _callaway_santanna_sheets(document, names, sheet)
    progress(80, _("Saving the spreadsheet"))
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


def _callaway_santanna_sheets(document: dict, names: dict, sheet) -> None:
    """The event study with its simultaneous bands, the tests and sensitivity per outcome,
    and Callaway-Sant'Anna per group."""
    dynamic, tests, sensitivity = [], [], []
    for outcome, cs in by_outcome(document):
        label = labels.outcome(outcome)
        for row in cs.get("dynamic", []):
            dynamic.append(
                [
                    label,
                    row["event_time"],
                    row["att"],
                    row.get("se"),
                    row["ci_low"],
                    row["ci_high"],
                    row.get("band_low"),
                    row.get("band_high"),
                ]
            )
        pretrend = cs.get("pretrend") or {}
        simple = (cs.get("overall") or {}).get("simple") or {}
        tests.append(
            [
                label,
                str(labels.CS_METHODS.get(cs.get("est_method"), cs.get("est_method"))),
                simple.get("att"),
                simple.get("ci_low"),
                simple.get("ci_high"),
                pretrend.get("statistic"),
                pretrend.get("df"),
                pretrend.get("p_value"),
                cs.get("critical_value"),
            ]
        )
        for row in cs.get("sensitivity", []):
            sensitivity.append(
                [
                    label,
                    row["event_time"],
                    row["att"],
                    row["max_pre_violation"],
                    row["m_bar"],
                    row["ci_low"],
                    row["ci_high"],
                    row.get("breakdown_m"),
                ]
            )
    sheet(
        _("Event study"),
        [
            _("Outcome"),
            _("Years since the start"),
            _("Effect per company"),
            _("Standard error"),
            _("95 % interval, low"),
            _("95 % interval, high"),
            _("Simultaneous band, low"),
            _("Simultaneous band, high"),
        ],
        dynamic,
    )
    sheet(
        _("Pre-trend tests"),
        [
            _("Outcome"),
            _("Estimator"),
            _("Effect after the start"),
            _("95 % interval, low"),
            _("95 % interval, high"),
            _("Wald statistic"),
            _("Degrees of freedom"),
            _("Pre-trend test, p"),
            _("Critical value of the simultaneous band"),
        ],
        tests,
    )
    sheet(
        _("Sensitivity"),
        [
            _("Outcome"),
            _("Years since the start"),
            _("Effect per company"),
            _("Largest difference before the start"),
            "M",
            _("Interval, low"),
            _("Interval, high"),
            _("Breakdown value M"),
        ],
        sensitivity,
    )
    rows = []
    for entry in document.get("callaway_santanna_groups", []):
        group = names.get(repr(entry["group"]), str(entry["group"]))
        outcome = labels.outcome(entry["outcome"])
        p_value = (entry.get("pretrend") or {}).get("p_value")
        if entry.get("suppressed"):
            rows.append(
                [group, outcome, None, None, None, None, None, None, entry["n_treated"], None]
            )
            continue
        rows.extend(
            [
                group,
                outcome,
                row["event_time"],
                row.get("att"),
                row.get("ci_low"),
                row.get("ci_high"),
                row.get("band_low"),
                row.get("band_high"),
                row.get("n_treated"),
                p_value,
            ]
            for row in entry.get("dynamic", [])
        )
    if rows:
        sheet(_("Callaway-Sant'Anna by group"), group_cs_header(), rows)
