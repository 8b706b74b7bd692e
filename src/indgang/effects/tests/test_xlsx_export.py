"""The report's spreadsheet: every estimate a row, text from outside never a formula, columns
wide enough to read (built in linear time: docs/performance.md)."""

import io

from openpyxl import load_workbook

from indgang.effects import exports


def estimate(i: int, group: str) -> dict:
    return {
        "group": group,
        "outcome": "employees_fte",
        "horizon": i % 4,
        "att": 1.5,
        "ci_low": 0.5,
        "ci_high": 2.5,
        "att_pct": 10.0,
        "n_treated": 40,
        "n_controls": 120,
    }


def test_every_estimate_is_a_row_and_formula_like_text_stays_text():
    hostile = '=HYPERLINK("http://example.com","Klik")'
    estimates = [estimate(i, hostile if i == 3 else f"Tilbud {i}") for i in range(2000)]
    context = {
        "document": {"estimates": estimates},
        "estimates_all": [],
        "estimates_groups": [],
        "balance": [],
        "settings": [],
        "method_text": [],
        "caveats": [],
    }
    book = load_workbook(io.BytesIO(exports.xlsx(context)))
    sheet = book.worksheets[0]
    assert sheet.max_row == 2001
    cell = sheet.cell(row=5, column=1)
    assert cell.value == hostile and cell.data_type == "s"
    assert sheet.cell(row=6, column=1).value == "Tilbud 4"
    assert sheet.column_dimensions["A"].width == len(hostile) + 2
