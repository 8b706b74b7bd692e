"""The goals pages and downloads written the Danish way (issue 15): years as years, a
contract's title with its year once, numbers grouped with points in pages and in the CSV,
numbers kept as numbers in the XLSX, names rather than codes, and a form that keeps what
was typed."""

import base64
import csv
import io
import re
import zlib
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from indgang.crm.tests.support import error_summary
from indgang.goals.models import Goal, Kpi, YearlyReport
from indgang.goals.statistics.models import Spending
from indgang.goals.tests import factories as f
from indgang.organisations.models import Role
from indgang.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_years_read_as_years_and_a_title_names_its_year_once(client, setup):
    f.contract(setup["op"], 2025, ("101",), title="Resultatkontrakt København 2025")
    client.force_login(f.member(setup["op"], Role.MANAGER))
    page = client.get(reverse("goals:dashboard"), {"year": 2025}).text
    assert not re.search(r"\b2\.02\d\b", page)
    assert "<td>2025</td>" in page
    assert "Resultatkontrakt København 2025</a>" in page  # not "... 2025 2025"
    assert "Kontrakt med København 2025</a>" in page  # the year added where it is missing
    assert "2025 2025" not in page


def test_the_statistics_download_is_danish_for_people_and_numbers_for_excel(client, setup):
    Spending.objects.create(municipality_id="101", year=2025, amount_dkk=15_000_000)
    client.force_login(f.member(setup["op"], Role.MANAGER))
    url = reverse("goals:statistics")
    page = client.get(url, {"year": 2025}).text
    table = page.split('data-testid="table-municipalities"')[1]
    assert "<td>15.000.000</td>" in table
    assert "<td>101</td>" not in table and "<td>København</td>" in table  # names, not codes
    rows = list(
        csv.reader(
            io.StringIO(
                client.get(
                    url, {"year": 2025, "export": "csv", "table": "municipalities"}
                ).content.decode("utf-8-sig")
            ),
            delimiter=";",
        )
    )
    copenhagen = next(r for r in rows if r[1] == "København")
    header = rows[0]
    assert copenhagen[header.index("Udgifter (kr.)")] == "15.000.000"
    assert re.fullmatch(r"\d+,\d", copenhagen[header.index("Kr. pr. indbygger")]) or re.fullmatch(
        r"\d+", copenhagen[header.index("Kr. pr. indbygger")]
    )
    assert copenhagen[0] == "101"  # the download keeps the code to join on
    book = load_workbook(
        io.BytesIO(
            client.get(url, {"year": 2025, "export": "xlsx", "table": "municipalities"}).content
        )
    )
    sheet = book.active
    headers = [c.value for c in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[1].value == "København")
    spending = row[headers.index("Udgifter (kr.)")]
    assert spending.value == 15_000_000 and spending.number_format == "#,##0"


def test_a_year_in_a_download_stays_a_year(client, setup):
    board = f.national_board()
    goal = Goal.objects.create(code="digital", title="Flere digitale SMV'er")
    kpi = Kpi.objects.create(
        goal=goal,
        name="Andel",
        unit="%",
        baseline=20,
        baseline_year=2019,
        target=1500,
        target_year=2030,
        source="DST",
    )
    kpi.values.create(year=2024, value=1234.5, source="DST")
    client.force_login(f.member(board, Role.MANAGER))
    url = reverse("goals:goal", args=["digital"])
    rows = list(
        csv.reader(
            io.StringIO(client.get(url, {"export": "csv"}).content.decode("utf-8-sig")),
            delimiter=";",
        )
    )
    assert rows[1][:2] == ["2024", "1.234,5"]
    book = load_workbook(io.BytesIO(client.get(url, {"export": "xlsx"}).content))
    year, value = book.active["A2"], book.active["B2"]
    assert (year.value, year.number_format) == (2024, "0")
    assert value.value == 1234.5 and value.number_format == "#,##0.0"
    page = client.get(url).text
    assert "i 2019 til 1.500 % i 2030" in page


def test_a_refused_kpi_value_keeps_what_was_typed(client, setup):
    board = f.national_board()
    goal = Goal.objects.create(code="digital", title="Flere digitale SMV'er")
    kpi = Kpi.objects.create(
        goal=goal,
        name="Andel",
        unit="%",
        baseline=20,
        baseline_year=2019,
        target=30,
        target_year=2030,
        source="DST",
    )
    client.force_login(f.member(board, Role.MANAGER))
    response = client.post(
        reverse("goals:kpi_value", args=[kpi.pk]),
        {"year": "2024", "value": "mange", "source": "Danmarks Statistik, tabel X"},
    )
    assert response.status_code == 200 and not kpi.values.exists()
    page = response.text
    summary = error_summary(page)
    assert f'href="#kpi-{kpi.pk}-value"' in summary
    assert f'id="kpi-{kpi.pk}-value"' in page
    assert 'value="Danmarks Statistik, tabel X"' in page and 'value="mange"' in page


def test_the_spending_link_is_shown_only_to_those_who_may_enter_spending(client, setup):
    cluster = OrganisationFactory(id="klynge-x")
    client.force_login(f.member(cluster, Role.MANAGER))
    page = client.get(reverse("goals:dashboard")).text
    assert reverse("goals:spending") not in page
    client.force_login(f.member(setup["op"], Role.MANAGER))
    page = client.get(reverse("goals:dashboard")).text
    assert reverse("goals:spending") in page
    assert client.get(reverse("goals:spending")).status_code == 200


def pdf_text(content: bytes) -> str:
    """The text drawn in a PDF made by ReportLab (its page streams: ASCII85, then Flate)."""
    out = []
    for stream in re.findall(rb"stream\r?\n(.*?)endstream", content, re.S):
        try:
            raw = base64.a85decode(stream.strip().removesuffix(b"~>"), adobe=False)
            out.append(zlib.decompress(raw).decode("latin-1"))
        except (ValueError, zlib.error):
            continue
    return "".join(out)


def test_the_yearly_report_pdf_writes_figures_and_dates_the_danish_way(client, setup):
    contract = f.contract(setup["op"], 2024, ("101",), title="Vækst & <iværksættere> 2024")
    f.target(contract, name="Mindst 2 samtaler & møder", value=2)
    YearlyReport.objects.create(
        contract=contract,
        as_of=date(2024, 12, 31),
        rows=[
            {"name": "Mindst 2 samtaler & møder", "target": 2, "value": 1234, "status": "behind"}
        ],
    )
    client.force_login(f.member(setup["op"], Role.MANAGER))
    response = client.get(reverse("goals:report_pdf", args=[contract.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert 'filename="aarsrapport-2024-' in response["Content-Disposition"]
    text = pdf_text(response.content)
    assert "(1.234)" in text and "31. december 2024" in text, text[:2000]


def test_a_year_that_is_no_year_is_refused_naming_the_field_and_kept(client, setup):
    goal = Goal.objects.create(code="vejledning", title="Flere vejledte virksomheder")
    kpi = Kpi.objects.create(
        goal=goal,
        name="Vejledte",
        unit="antal",
        baseline=1,
        baseline_year=2020,
        target=2,
        target_year=2030,
        source="CRM",
        computation="crm_companies_guided",
    )
    client.force_login(f.member(f.national_board(), Role.MANAGER))
    response = client.post(reverse("goals:kpi_compute", args=[kpi.pk]), {"year": "i år"})
    assert response.status_code == 200 and not kpi.values.exists()
    summary = error_summary(response.text)
    assert f'href="#compute-{kpi.pk}"' in summary and "År: Angiv året som et tal" in summary
    assert 'value="i år"' in response.text
