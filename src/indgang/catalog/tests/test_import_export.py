import csv
import datetime as dt
import io
import json

import pytest
from django.core.management import CommandError, call_command

from indgang.catalog.models import Offer, OfferChange
from indgang.catalog.tests.factories import BASE, offer_dict
from indgang.organisations.models import Organisation

pytestmark = pytest.mark.django_db


def _normalised(data: dict) -> dict:
    data = json.loads(json.dumps(data))
    data["operators"].sort(key=lambda o: o["id"])
    data["offers"].sort(key=lambda o: o["id"])
    for offer in data["offers"]:
        geo = offer["eligibility"]["geography"]
        geo["regions"].sort()
        geo["municipalities"].sort()
        offer["eligibility"]["sectors"].sort()
    return data


def test_shared_file_imports_idempotently_and_round_trips(shared_catalog, tmp_path, capsys):
    call_command("import_catalog", str(shared_catalog))
    assert Organisation.objects.count() == 99
    assert Offer.objects.count() == 248
    assert Offer.objects.filter(status="aktiv").count() == 229
    changes = OfferChange.objects.count()

    call_command("import_catalog", str(shared_catalog))
    assert "0 new, 0 changed" in capsys.readouterr().out
    assert OfferChange.objects.count() == changes

    out = tmp_path / "export.json"
    call_command("export_catalog", "--out", str(out))
    exported = json.loads(out.read_text())
    assert _normalised(exported) == _normalised(json.loads(shared_catalog.read_text()))

    call_command("import_catalog", str(out))
    assert OfferChange.objects.count() == changes
    out2 = tmp_path / "again.json"
    call_command("export_catalog", "--out", str(out2))
    assert out2.read_text() == out.read_text()


def _write(tmp_path, offers, operators=None):
    path = tmp_path / "catalog.json"
    ops = operators or [
        {
            "id": "eh-test",
            "name": "Erhvervshus Test",
            "type": "erhvervshus",
            "level": "decentral",
            "municipality_code": None,
            "region_code": "1082",
            "url": "https://eh.example.dk",
            "email": "info@eh.example.dk",
        }
    ]
    path.write_text(json.dumps({"schema_version": 1, "operators": ops, "offers": offers}))
    return path


def test_a_bad_file_reports_every_error_with_its_place_and_stores_nothing(tmp_path, capsys):
    good = offer_dict()
    bad_number = offer_dict(id="to", eligibility__employees__min="ti")
    bad_many = offer_dict(
        id="tre",
        operator_id="findes-ikke",
        themes=[],
        eligibility__geography__regions=["9999"],
    )
    missing = {k: v for k, v in offer_dict(id="fire", format="brev").items() if k != "url"}
    path = _write(tmp_path, [good, bad_number, bad_many, missing])
    with pytest.raises(CommandError, match="intet blev importeret"):
        call_command("import_catalog", str(path))
    err = capsys.readouterr().err
    assert "offers[1].eligibility.employees.min: " in err
    assert "offers[2].operator_id" in err
    assert "offers[2].themes" in err
    assert "offers[3].format" in err
    assert "offers[2].eligibility.geography.regions[0]" in err
    assert "offers[3].url" in err
    assert Offer.objects.count() == 0
    assert Organisation.objects.count() == 0


def test_the_whole_number_message(tmp_path, capsys, settings):
    settings.LANGUAGE_CODE = "en"
    path = _write(tmp_path, [offer_dict(eligibility__employees__min=2.5)])
    from django.utils import translation

    with translation.override("en"), pytest.raises(CommandError):
        call_command("import_catalog", str(path))
    assert (
        "offers[0].eligibility.employees.min: must be a whole number or null"
        in capsys.readouterr().err
    )


def test_numbers_too_large_for_the_database_are_errors_not_crashes(tmp_path, capsys):
    too_many = offer_dict(id="en", eligibility__employees__max=2**31)
    too_rich = offer_dict(id="to", eligibility__turnover_dkk__max=2**63)
    large_but_fine = offer_dict(id="tre", eligibility__turnover_dkk__max=2**40)
    path = _write(tmp_path, [too_many, too_rich, large_but_fine])
    with pytest.raises(CommandError, match="intet blev importeret"):
        call_command("import_catalog", str(path))
    err = capsys.readouterr().err
    assert "offers[0].eligibility.employees.max: skal højst være 2147483647" in err
    assert "offers[1].eligibility.turnover_dkk.max: skal højst være 9223372036854775807" in err
    assert "offers[2]" not in err
    assert Offer.objects.count() == 0


def test_not_json_is_an_error_with_the_line(tmp_path):
    path = tmp_path / "x.json"
    path.write_text("{\n  nope")
    with pytest.raises(CommandError):
        call_command("import_catalog", str(path))


def test_import_updates_by_id_and_records_the_diff(tmp_path):
    call_command("import_catalog", str(_write(tmp_path, [offer_dict()])))
    call_command(
        "import_catalog", str(_write(tmp_path, [offer_dict(eligibility__employees__max=99)]))
    )
    offer = Offer.objects.get(pk=BASE["id"])
    assert offer.employees_max == 99
    latest = offer.changes.first()
    assert latest.diff == {"eligibility.employees.max": [249, 99]}


def test_csv_and_xlsx_export(tmp_path, capsys):
    offer = offer_dict(
        cost__type="egenbetaling",
        cost__amount_dkk=15000,
        valid_from="2026-12-05",
        title="Eksport; Tyskland",
    )
    call_command("import_catalog", str(_write(tmp_path, [offer])))
    capsys.readouterr()
    call_command("export_catalog", "--format", "csv")
    csv_text = capsys.readouterr().out
    # as a Danish spreadsheet opens it: semicolons, a byte-order mark, whole amounts,
    # dates it reads as dates
    assert csv_text.startswith("\ufeffid;operator_id;title;")
    row = next(csv.DictReader(io.StringIO(csv_text.lstrip("\ufeff")), delimiter=";"))
    assert row["id"] == "eksport-forloeb" and row["title"] == "Eksport; Tyskland"
    assert row["cost.amount_dkk"] == "15000" and row["valid_from"] == "2026-12-05"
    out = tmp_path / "offers.xlsx"
    call_command("export_catalog", "--format", "xlsx", "--out", str(out))
    from openpyxl import load_workbook

    sheet = load_workbook(out).active
    assert sheet.title == "Tilbud"
    header = [c.value for c in sheet[1]]
    assert sheet.cell(2, 1).value == "eksport-forloeb"
    starts = sheet.cell(2, header.index("valid_from") + 1)
    assert starts.value.date() == dt.date(2026, 12, 5) and starts.number_format == "dd-mm-yyyy"
    amount = sheet.cell(2, header.index("cost.amount_dkk") + 1)
    assert amount.value == 15000 and amount.number_format == "#,##0"


def test_bulk_documents_equal_one_by_one_documents(demo):
    from indgang.catalog.exports import export_queryset, offer_documents, offer_to_dict
    from indgang.catalog.models import Offer

    queryset = Offer.objects.order_by("pk")
    assert offer_documents(queryset) == [offer_to_dict(o) for o in export_queryset().order_by("pk")]
