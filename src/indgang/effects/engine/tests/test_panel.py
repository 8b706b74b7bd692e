"""Reading and validating the panel and the participations."""

import numpy as np
import pandas as pd
import polars as pl
import pytest

from indgang.effects.engine import InputValidationError, read_panel, read_participations
from indgang.effects.engine.panel import cvr_is_valid

CVR_A, CVR_B = 10000009, 10000017  # both pass the modulus-11 check


def panel_rows(overrides=None):
    rows = [
        {
            "cvr": CVR_A,
            "year": year,
            "municipality_code": 101,
            "db07_section": "C",
            "founded_year": 2010,
            "employees_fte": fte,
            "turnover_dkk": 1e6 * fte,
            "value_added_dkk": 4e5 * fte,
            "exports_dkk": "",
        }
        for year, fte in ((2018, 2.0), (2019, 4.0), (2020, 0.0))
    ]
    rows.append({**rows[0], "cvr": CVR_B, "year": 2019, "municipality_code": 751})
    frame = pd.DataFrame(rows)
    for (row, column), value in (overrides or {}).items():
        frame.loc[row, column] = value
    return frame


def problems_of(error):
    return [(p.row, p.column) for p in error.value.problems]


def test_cvr_check():
    assert cvr_is_valid(np.array([CVR_A, CVR_B])).all()
    assert not cvr_is_valid(np.array([10000008, 1234567, 123456789])).any()


def test_reshape_to_company_year_arrays():
    panel = read_panel(panel_rows())
    assert panel.cvr.tolist() == [CVR_A, CVR_B]
    assert panel.years.tolist() == [2018, 2019, 2020]
    fte = panel.outcomes["employees_fte"]
    assert fte[0].tolist() == [2.0, 4.0, 0.0]
    assert np.isnan(fte[1, 0]) and fte[1, 1] == 2.0 and np.isnan(fte[1, 2])
    productivity = panel.outcomes["productivity"]
    assert productivity[0, 1] == pytest.approx(4e5)
    assert np.isnan(productivity[0, 2])  # no FTE, no productivity
    assert np.isnan(panel.outcomes["exports_dkk"]).all()  # empty cells are missing
    assert panel.region[0, 0] == 1084 and panel.region[1, 1] == 1082
    assert panel.founded_year.tolist() == [2010, 2010]
    assert panel.company_index(np.array([CVR_B, 12345678])).tolist() == [1, -1]


def test_polars_frames_are_accepted():
    frame = panel_rows()
    frame["exports_dkk"] = np.nan
    panel = read_panel(pl.from_pandas(frame))
    assert panel.n_companies == 2


def test_missing_column_is_named():
    with pytest.raises(InputValidationError) as error:
        read_panel(panel_rows().drop(columns=["turnover_dkk"]))
    assert problems_of(error) == [(None, "turnover_dkk")]


@pytest.mark.parametrize(
    ("row", "column", "value", "message"),
    [
        (1, "cvr", 10000008, "not a valid CVR number"),
        (2, "year", "20x0", "not a number"),
        (0, "employees_fte", -1.0, "below 0"),
        (3, "turnover_dkk", "mange", "not a number"),
        (2, "municipality_code", 999, "unknown municipality"),
        (1, "db07_section", "Z", "not a DB07 section"),
        (0, "founded_year", 2019, "after the row's year"),
        (1, "year", 2018.5, "not a whole number"),
    ],
)
def test_bad_values_are_reported_with_row_and_column(row, column, value, message):
    frame = panel_rows().astype(object)
    frame.loc[row, column] = value
    with pytest.raises(InputValidationError) as error:
        read_panel(frame)
    assert (row, column) in problems_of(error)
    problem = next(p for p in error.value.problems if (p.row, p.column) == (row, column))
    assert message in problem.message
    assert f"row {row}" in str(error.value)


def test_duplicate_company_year_is_an_error():
    frame = pd.concat([panel_rows(), panel_rows().iloc[[1]]], ignore_index=True)
    with pytest.raises(InputValidationError) as error:
        read_panel(frame)
    assert {(1, "year"), (4, "year")} <= set(problems_of(error))


def test_value_added_may_be_negative():
    panel = read_panel(panel_rows({(0, "value_added_dkk"): -5e5}))
    assert panel.outcomes["value_added_dkk"][0, 0] == -5e5


def participation_rows():
    return pd.DataFrame(
        {
            "cvr": [CVR_A, CVR_B],
            "offer_id": ["eksport", "vaekst"],
            "operator_id": ["eksportraadet", "erhvervshus-fyn"],
            "level": ["national", "Decentral"],
            "start_date": ["2019-03-01", "2019-11-15"],
        }
    )


def test_participations_are_read():
    participations = read_participations(participation_rows())
    frame = participations.frame
    assert frame["start_year"].tolist() == [2019, 2019]
    assert frame["level"].tolist() == ["national", "decentral"]


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("level", "regional", "not one of"),
        ("start_date", "1. marts 2019", "not a date"),
        ("start_date", "", "missing value"),
        ("offer_id", " ", "missing value"),
        ("cvr", 12345678, "not a valid CVR number"),
    ],
)
def test_bad_participations_are_reported(column, value, message):
    frame = participation_rows().astype(object)
    frame.loc[1, column] = value
    with pytest.raises(InputValidationError) as error:
        read_participations(frame)
    assert problems_of(error) == [(1, column)]
    assert message in error.value.problems[0].message


def test_region_code_column_overrides_the_municipality_region():
    frame = panel_rows()
    frame["region_code"] = [1085, "", 1085, ""]
    panel = read_panel(frame)
    assert panel.region[0].tolist() == [1085, 1084, 1085]
    frame["region_code"] = [1099, "", "", ""]
    with pytest.raises(InputValidationError) as error:
        read_panel(frame)
    assert problems_of(error) == [(0, "region_code")]
