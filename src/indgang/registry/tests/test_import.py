import csv
from io import StringIO
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from indgang.registry.models import Company, ProductionUnit, YearlyFigures

pytestmark = pytest.mark.django_db

SHARED = Path(__file__).resolve().parents[5] / "shared" / "registry"
COMPANIES_JSONL = SHARED / "companies.jsonl"
FIGURES_CSV = SHARED / "figures.csv"
HEADER = "cvr,name,municipality_code,db07_code,company_form,founded_date,closed_date,status,employees_band"


def run(command, *args, **options):
    """Run a command in English; return (stdout, stderr)."""
    out, err = StringIO(), StringIO()
    with translation.override("en"):
        call_command(command, *map(str, args), stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_shared_sample_imports_and_a_second_run_changes_nothing():
    out, _ = run("import_companies", COMPANIES_JSONL)
    assert "created 300, updated 0, unchanged 0, rejected 0" in out
    out, _ = run("import_figures", FIGURES_CSV)
    assert "created 2400, updated 0, unchanged 0, rejected 0" in out

    assert Company.objects.count() == 300
    assert ProductionUnit.objects.count() == 300
    moved = Company.objects.get(cvr="75881398")
    assert moved.name == "Møllekøkken I/S" and moved.municipality_id == "101"
    assert moved.db07_section_id == "F" and moved.employees_band == "10-19"
    assert Company.objects.filter(status="closed", closed_date__isnull=False).count() == 29
    assert Company.objects.exclude(secondary_names=[]).count() == 64

    out, _ = run("import_companies", COMPANIES_JSONL)
    assert "created 0, updated 0, unchanged 300, rejected 0" in out
    out, _ = run("import_figures", FIGURES_CSV)
    assert "created 0, updated 0, unchanged 2400, rejected 0" in out


def test_the_entry_in_force_is_taken_from_a_history(tmp_path):
    import json

    line = json.loads(COMPANIES_JSONL.read_text().splitlines()[0])
    company = line["_source"]["Vrvirksomhed"]
    company["beliggenhedsadresse"] = [
        {
            "kommune": {"kommuneKode": 751},
            "periode": {"gyldigFra": "2010-01-01", "gyldigTil": "2019-12-31"},
        },
        {
            "kommune": {"kommuneKode": 461},
            "periode": {"gyldigFra": "2020-01-01", "gyldigTil": None},
        },
    ]
    path = write(tmp_path, "one.jsonl", json.dumps(line) + "\n")
    run("import_companies", path)
    assert Company.objects.get().municipality_id == "461"


def test_a_changed_row_is_updated(tmp_path):
    path = write(
        tmp_path,
        "companies.csv",
        f"{HEADER}\n75881398,Møllekøkken I/S,101,412000,I/S,2014-09-14,,active,10-19\n",
    )
    run("import_companies", path)
    path.write_text(
        f"{HEADER}\n75881398,Møllekøkken & Co I/S,751,412000,I/S,2014-09-14,,active,20-49\n"
    )
    out, _ = run("import_companies", path)
    assert "created 0, updated 1, unchanged 0" in out
    company = Company.objects.get()
    assert (company.name, company.municipality_id, company.employees_band) == (
        "Møllekøkken & Co I/S",
        "751",
        "20-49",
    )


def test_bad_rows_are_named_by_line_and_nothing_is_stored(tmp_path):
    path = write(
        tmp_path,
        "companies.csv",
        f"{HEADER}\n"
        "75881398,Møllekøkken I/S,101,412000,I/S,2014-09-14,,active,10-19\n"
        "75881399,Forkert Kontrolciffer ApS,101,412000,ApS,,,active,\n"
        "76987165,Ukendt Kommune I/S,999,702200,I/S,,,active,\n"
        "75881398,Dobbelt I/S,101,412000,I/S,,,active,\n",
    )
    with pytest.raises(CommandError, match="3 rows were rejected, so nothing was imported"):
        _, err = run("import_companies", path)
    assert Company.objects.count() == 0

    out, err = run("import_companies", path, skip_invalid=True)
    assert "line 3: CVR number '75881399': The CVR number's check digit is wrong." in err
    assert "line 4: unknown municipality code '999'" in err
    assert "line 5: CVR 75881398 appears more than once in the file" in err
    assert "created 1, updated 0, unchanged 0, rejected 3" in out
    assert list(Company.objects.values_list("cvr", flat=True)) == ["75881398"]


def test_bad_figures_are_rejected_with_the_reason(tmp_path):
    run("import_companies", COMPANIES_JSONL)
    path = write(
        tmp_path,
        "figures.csv",
        "cvr,year,employees_fte,turnover_dkk,value_added_dkk,exports_dkk,wage_bill_dkk\n"
        "75881398,2020,-1,100,50,0,10\n"
        "75881398,1850,1,100,50,0,10\n"
        "20000004,2020,1,100,50,0,10\n"
        "75881398,2021,2.5,,,,\n",
    )
    with pytest.raises(CommandError):
        run("import_figures", path)
    assert YearlyFigures.objects.count() == 0
    out, err = run("import_figures", path, skip_invalid=True)
    assert "line 2: negative FTE (-1)" in err
    assert "line 3: year 1850 is out of range" in err
    assert "line 4: " in err
    assert "created 1, updated 0, unchanged 0, rejected 3" in out
    figures = YearlyFigures.objects.get()
    assert figures.turnover_dkk is None and figures.productivity_dkk is None


def test_figures_from_parquet_update_changed_years(tmp_path):
    run("import_companies", COMPANIES_JSONL)
    run("import_figures", FIGURES_CSV)
    with FIGURES_CSV.open() as handle:
        rows = list(csv.DictReader(handle))[:3]
    table = pa.table(
        {
            "cvr": [r["cvr"] for r in rows],
            "year": [int(r["year"]) for r in rows],
            "employees_fte": [float(r["employees_fte"]) for r in rows],
            "turnover_dkk": [int(r["turnover_dkk"]) + (i == 0) for i, r in enumerate(rows)],
            "value_added_dkk": [int(r["value_added_dkk"]) for r in rows],
            "exports_dkk": [int(r["exports_dkk"]) for r in rows],
            "wage_bill_dkk": [int(r["wage_bill_dkk"]) for r in rows],
        }
    )
    path = tmp_path / "figures.parquet"
    pq.write_table(table, path)
    out, _ = run("import_figures", path)
    assert "created 0, updated 1, unchanged 2, rejected 0" in out


def test_an_unknown_file_type_or_missing_columns_are_refused(tmp_path):
    with pytest.raises(CommandError, match="use a .csv or .jsonl file"):
        run("import_companies", write(tmp_path, "companies.xlsx", "x"))
    with pytest.raises(CommandError, match="lacks the columns"):
        run("import_figures", write(tmp_path, "figures.csv", "cvr,year\n"))


def test_a_cvr_number_never_changes_on_a_stored_company():
    from django.core.exceptions import ValidationError

    from indgang.registry.services import update_company
    from indgang.registry.tests.factories import CompanyFactory

    company = CompanyFactory()
    with pytest.raises(ValidationError):
        update_company(company, cvr="75881398")
    company = Company.objects.get(pk=company.pk)
    company.cvr = "75881398"
    with pytest.raises(ValidationError):
        company.save()
    assert Company.objects.get(pk=company.pk).cvr != "75881398"
    update_company(Company.objects.get(pk=company.pk), name="Nyt Navn ApS")
    assert Company.objects.get(pk=company.pk).name == "Nyt Navn ApS"


UNITS_HEADER = f"{HEADER},production_units"


def units_of(cvr):
    return list(
        ProductionUnit.objects.filter(company__cvr=cvr)
        .order_by("p_number")
        .values_list("p_number", "municipality_id")
    )


def test_production_units_from_csv_have_their_own_municipality(tmp_path):
    path = write(
        tmp_path,
        "companies.csv",
        f"{UNITS_HEADER}\n"
        "75881398,Møllekøkken I/S,101,412000,I/S,2014-09-14,,active,10-19,"
        "1100000001;1100000002:751;1100000003:851\n"
        "76987165,Vindgartneri I/S,621,702200,I/S,,,active,,\n",
    )
    out, _ = run("import_companies", path)
    assert "created 2, updated 0, unchanged 0, rejected 0" in out
    assert units_of("75881398") == [
        ("1100000001", "101"),  # no code: the company's own municipality
        ("1100000002", "751"),
        ("1100000003", "851"),
    ]
    assert units_of("76987165") == []

    out, _ = run("import_companies", path)
    assert "created 0, updated 0, unchanged 2, rejected 0" in out

    # A unit moves municipality, one closes, and one passes to the other company.
    path.write_text(
        f"{UNITS_HEADER}\n"
        "75881398,Møllekøkken I/S,101,412000,I/S,2014-09-14,,active,10-19,"
        "1100000001:147\n"
        "76987165,Vindgartneri I/S,621,702200,I/S,,,active,,1100000003:851\n",
        encoding="utf-8",
    )
    out, _ = run("import_companies", path)
    assert "created 0, updated 2, unchanged 0, rejected 0" in out
    assert units_of("75881398") == [("1100000001", "147")]
    assert units_of("76987165") == [("1100000003", "851")]

    # Without the column the file says nothing about units: they stay.
    path.write_text(
        f"{HEADER}\n75881398,Møllekøkken I/S,101,412000,I/S,2014-09-14,,active,10-19\n",
        encoding="utf-8",
    )
    out, _ = run("import_companies", path)
    assert "created 0, updated 0, unchanged 1, rejected 0" in out
    assert units_of("75881398") == [("1100000001", "147")]


def test_bad_production_units_are_rejected_by_line(tmp_path):
    path = write(
        tmp_path,
        "companies.csv",
        f"{UNITS_HEADER}\n"
        "75881398,Møllekøkken I/S,101,412000,I/S,,,active,,1100000001\n"
        "76987165,Vindgartneri I/S,621,702200,I/S,,,active,,12345\n"
        "20000007,Dobbelt Enhed ApS,101,412000,ApS,,,active,,1100000002;1100000002\n"
        "20000015,Ukendt Kommune ApS,101,412000,ApS,,,active,,1100000003:999\n"
        "20000023,Samme Enhed ApS,101,412000,ApS,,,active,,1100000004;1100000001\n",
    )
    with pytest.raises(CommandError, match="4 rows were rejected"):
        run("import_companies", path)
    assert not Company.objects.exists() and not ProductionUnit.objects.exists()
    out, err = run("import_companies", path, skip_invalid=True)
    assert "line 3: P-number '12345' must have 10 digits" in err
    assert "line 4: P-number 1100000002 is listed twice" in err
    assert "line 5: unknown municipality code '999'" in err
    assert "line 6: P-number 1100000001 is listed on line 2 already" in err
    assert err.index("line 3") < err.index("line 6")
    assert "created 1, updated 0, unchanged 0, rejected 4" in out
    assert list(ProductionUnit.objects.values_list("p_number", flat=True)) == ["1100000001"]


def _stored():
    """Every stored row of the register, with its id (and, on PostgreSQL, the transaction
    that wrote it last, so a row deleted and inserted again, or rewritten unchanged, shows)."""
    from django.db import connection

    tables = ["registry_company", "registry_productionunit", "registry_yearlyfigures"]
    version = ", xmin::text" if connection.vendor == "postgresql" else ""
    with connection.cursor() as cursor:
        rows = {}
        for table in tables:
            cursor.execute(f"SELECT *{version} FROM {table} ORDER BY id")  # noqa: S608
            rows[table] = cursor.fetchall()
    return rows


def test_importing_the_same_files_again_rewrites_no_stored_row():
    run("import_companies", COMPANIES_JSONL)
    run("import_figures", FIGURES_CSV)
    before = _stored()
    assert len(before["registry_yearlyfigures"]) == 2400
    out, _ = run("import_companies", COMPANIES_JSONL)
    assert "created 0, updated 0, unchanged 300" in out
    out, _ = run("import_figures", FIGURES_CSV)
    assert "created 0, updated 0, unchanged 2400" in out
    assert _stored() == before


def test_a_large_file_is_written_in_batches_with_the_same_result(tmp_path, monkeypatch):
    """SQLite stages the rows in batches of 10,000: a file longer than a batch (here 7 rows
    a batch) is counted and stored whole."""
    from indgang.registry import staging

    monkeypatch.setattr(staging, "SQLITE_BATCH", 7)
    run("import_companies", COMPANIES_JSONL)
    out, _ = run("import_figures", FIGURES_CSV)
    assert "created 2400, updated 0, unchanged 0, rejected 0" in out
    assert YearlyFigures.objects.count() == 2400
    assert ProductionUnit.objects.count() == 300


def test_postgresql_statistics_follow_the_import():
    """PostgreSQL plans the searches and the next import from the tables' statistics, which
    autovacuum refreshes only after the commit, if at all: the import refreshes them."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    run("import_companies", COMPANIES_JSONL)
    run("import_figures", FIGURES_CSV)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reltuples FROM pg_class WHERE relname IN "
            "('registry_company', 'registry_productionunit', 'registry_yearlyfigures')"
        )
        assert dict(cursor.fetchall()) == {
            "registry_company": 300,
            "registry_productionunit": 300,
            "registry_yearlyfigures": 2400,
        }


def test_a_first_load_rebuilds_what_it_set_aside(monkeypatch):
    """A first load drops the register's secondary indexes, foreign keys (PostgreSQL) and
    full-text triggers (SQLite) and builds them again after the insert (``bulk_load``):
    afterwards every index, constraint and trigger is back as it was, the foreign keys
    hold, and the names are found."""
    from django.db import IntegrityError, connection, transaction
    from django.test.utils import CaptureQueriesContext

    from indgang.registry import bulk_load
    from indgang.registry.selectors import search_companies

    tables = ["registry_company", "registry_productionunit", "registry_yearlyfigures"]

    def definitions():
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute(
                    "SELECT type, name, sql FROM sqlite_master WHERE tbl_name IN (%s, %s, %s) "
                    "ORDER BY type, name",
                    tables,
                )
                return cursor.fetchall()
            cursor.execute(
                "SELECT indexdef FROM pg_indexes WHERE tablename = ANY(%s) ORDER BY indexdef",
                [tables],
            )
            indexes = cursor.fetchall()
            cursor.execute(
                "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE conrelid = ANY(%s::regclass[]) ORDER BY conname",
                [tables],
            )
            return indexes, cursor.fetchall()

    before = definitions()
    monkeypatch.setattr(bulk_load, "BULK_LOAD_MIN", 0)
    with CaptureQueriesContext(connection) as queries:
        out, _ = run("import_companies", COMPANIES_JSONL)
        assert "created 300, updated 0, unchanged 0, rejected 0" in out
        out, _ = run("import_figures", FIGURES_CSV)
        assert "created 2400, updated 0, unchanged 0, rejected 0" in out
    assert any(q["sql"].startswith("DROP INDEX") for q in queries)
    assert definitions() == before
    assert ProductionUnit.objects.count() == 300
    assert [c.name for c in search_companies("Møllekøkken").companies] == ["Møllekøkken I/S"]
    with pytest.raises(IntegrityError), transaction.atomic():
        YearlyFigures.objects.create(company_id=10**9, year=2020)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        else:
            connection.check_constraints()


def test_units_given_for_the_first_time_count_as_an_update(tmp_path):
    path = write(
        tmp_path,
        "companies.csv",
        f"{HEADER}\n75881398,Møllekøkken I/S,101,412000,I/S,2014-09-14,,active,10-19\n"
        "76987165,Vindgartneri I/S,621,702200,I/S,,,active,\n",
    )
    run("import_companies", path)
    path.write_text(
        f"{UNITS_HEADER}\n75881398,Møllekøkken I/S,101,412000,I/S,2014-09-14,,active,10-19,"
        "1100000001\n76987165,Vindgartneri I/S,621,702200,I/S,,,active,,\n",
        encoding="utf-8",
    )
    out, _ = run("import_companies", path)
    assert "created 0, updated 1, unchanged 1, rejected 0" in out
    assert units_of("75881398") == [("1100000001", "101")]


def test_a_line_after_a_blank_line_is_named_by_its_own_number(tmp_path):
    path = write(
        tmp_path,
        "companies.csv",
        f"{HEADER}\n75881398,Møllekøkken I/S,101,412000,I/S,,,active,\n\n"
        "76987165,Ukendt Kommune I/S,999,702200,I/S,,,active,\n",
    )
    out, err = run("import_companies", path, skip_invalid=True)
    assert "line 4: unknown municipality code '999'" in err
