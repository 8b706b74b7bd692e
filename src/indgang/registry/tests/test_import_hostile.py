"""Hostile files through the import commands: each gets a message naming the line (and the
field), exit status 1 (a CommandError), and nothing is stored; never a traceback. What
PostgreSQL would refuse (NUL bytes, over-long values) is refused on SQLite too."""

import json

import pytest
from django.core.management import CommandError

from indgang.registry.models import Company, YearlyFigures
from indgang.registry.tests.factories import valid_cvr
from indgang.registry.tests.test_import import HEADER, run

pytestmark = pytest.mark.django_db

ROW = "75881398,Møllekøkken I/S,101,412000,I/S,2014-09-14,,active,10-19"
OTHER = valid_cvr(8)
FIGURES_HEADER = "cvr,year,employees_fte,turnover_dkk,value_added_dkk,exports_dkk,wage_bill_dkk"


def vr(**company) -> str:
    document = {
        "cvrNummer": 75881398,
        "navne": [
            {"navn": "Møllekøkken I/S", "periode": {"gyldigFra": "2014-09-14", "gyldigTil": None}}
        ],
        "beliggenhedsadresse": [{"kommune": {"kommuneKode": 101}, "periode": {"gyldigTil": None}}],
    }
    document.update(company)
    return json.dumps({"Vrvirksomhed": document})


def refused(command, path, model, *expected):
    with pytest.raises(CommandError) as caught:
        _out, err = run(command, path)
    text = str(caught.value)
    assert model.objects.count() == 0, "nothing is stored"
    # the rejected rows are written to stderr before the error; run() loses them on raising,
    # so run once more with --skip-invalid to read them
    try:
        _out, err = run(command, path, skip_invalid=True)
    except CommandError as exc:
        err = str(exc)
    for part in expected:
        assert part in text + err, (part, text, err)
    return text + err


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("[1, 2]", "line 1: the line is not a JSON object"),
        ('"text"', "line 1: the line is not a JSON object"),
        ("[" * 100_000 + "]" * 100_000, "line 1: the JSON is nested too deeply"),
        (vr(navne="Møllekøkken"), "line 1: navne"),
        (vr(navne=[{"navn": 42, "periode": {"gyldigTil": None}}]), "line 1: navne"),
        (vr(cvrNummer=2**70), "line 1: CVR number"),
        (
            vr(navne=[{"navn": "Mølle\x00køkken", "periode": {"gyldigTil": None}}]),
            "line 1: navne: a NUL byte",
        ),
    ],
    ids=["list", "string", "deep", "names-not-a-list", "name-a-number", "huge-cvr", "nul"],
)
def test_a_hostile_cvr_line_is_named_and_nothing_is_stored(tmp_path, line, expected):
    path = tmp_path / "companies.jsonl"
    path.write_text(line + "\n" + vr(cvrNummer=int(valid_cvr(7))) + "\n", encoding="utf-8")
    refused("import_companies", path, Company, expected)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (f"{HEADER}\n{ROW}\n".encode("latin-1"), "line 2: the file is not UTF-8"),
        (
            f"{HEADER}\n{ROW}\n{OTHER},{'x' * 140_000},101,,,,,,\n".encode(),
            "line 3: a field is longer than 131072 characters",
        ),
        (f"{HEADER}\n{ROW}\n{OTHER},Nul\x00 ApS,101,,,,,,\n".encode(), "line 3: name: a NUL byte"),
    ],
    ids=["latin-1", "long-field", "nul"],
)
def test_a_hostile_company_csv_is_named_and_nothing_is_stored(tmp_path, content, expected):
    path = tmp_path / "companies.csv"
    path.write_bytes(content)
    refused("import_companies", path, Company, expected)


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ("75881398,2020,1e400,100,50,0,10", "line 2: employees_fte"),
        (f"75881398,2020,1,{2**70},50,0,10", "line 2: turnover_dkk"),
        (f"75881398,{2**70},1,100,50,0,10", "line 2: year"),
    ],
    ids=["fte-1e400", "amount-beyond-64-bits", "year-beyond-64-bits"],
)
def test_hostile_figures_are_named_and_nothing_is_stored(tmp_path, row, expected):
    path = tmp_path / "companies.csv"
    path.write_text(f"{HEADER}\n{ROW}\n", encoding="utf-8")
    run("import_companies", path)
    figures = tmp_path / "figures.csv"
    figures.write_text(f"{FIGURES_HEADER}\n{row}\n", encoding="utf-8")
    refused("import_figures", figures, YearlyFigures, expected)


def test_a_corrupt_parquet_file_is_refused(tmp_path):
    path = tmp_path / "figures.parquet"
    path.write_bytes(b"PAR1" + b"\x00garbage" * 50 + b"PAR1")
    with pytest.raises(CommandError, match="is not a readable Parquet file"):
        run("import_figures", path)
    assert YearlyFigures.objects.count() == 0
