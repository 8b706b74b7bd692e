"""The report's files (issue 15 point 6, issue 18): made in the background like a run
(decision 0008) with a progress indication, then downloaded; the spreadsheet holds every
figure, Callaway-Sant'Anna's bands, tests and sensitivity and the groups' estimates; the PDF
is a summary of a few pages with the details in an appendix."""

import base64
import io
import re
import zlib

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from indgang.effects import downloads, exports
from indgang.effects.models import EffectExport, RunStatus

pytestmark = pytest.mark.django_db


def test_the_spreadsheet_is_made_in_the_background_then_downloaded(done_run, analyst, settings):
    settings.EFFECTS_BACKGROUND = "queue"  # left to the scheduler, so we see it wait
    pk = done_run.pk
    response = analyst.post(f"/effekter/{pk}/rapport/xlsx/")
    assert response.status_code == 302 and response.url == f"/effekter/{pk}/rapport/xlsx/"
    page = analyst.get(response.url).content.decode()
    assert "Laver filen" in page and 'hx-trigger="every 2s"' in page and "<progress" in page
    assert analyst.get(f"/effekter/{pk}/rapport.xlsx").url == f"/effekter/{pk}/rapport/xlsx/"

    out = io.StringIO()
    call_command("run_effects_queue", stdout=out)
    assert f"rapportfil {pk} (xlsx): Færdig" in out.getvalue()
    part = analyst.get(f"/effekter/{pk}/rapport/xlsx/", headers={"HX-Request": "true"})
    part = part.content.decode()
    assert "data-auto-download" in part and "hx-trigger" not in part and "<html" not in part

    response = analyst.get(f"/effekter/{pk}/rapport.xlsx")
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames[0] == "Estimater"
    for name in ("Sammendrag", "Over alle år", "Effekt år for år", "Test før start", "Følsomhed"):
        assert name in book.sheetnames, name
    rows = list(book["Estimater"].iter_rows(min_row=2, values_only=True))
    assert len(rows) == len(done_run.result["estimates"])
    assert rows[0][3] == pytest.approx(done_run.result["estimates"][0]["att"])
    dynamic = done_run.result["callaway_santanna"]["employees_fte"]["dynamic"]
    event = list(book["Effekt år for år"].iter_rows(min_row=2, values_only=True))
    assert [r[1] for r in event[: len(dynamic)]] == [d["event_time"] for d in dynamic]
    assert event[0][6] == pytest.approx(dynamic[0]["band_low"])  # the simultaneous band
    tests = list(book["Test før start"].iter_rows(min_row=2, values_only=True))
    assert tests[0][7] == pytest.approx(
        done_run.result["callaway_santanna"]["employees_fte"]["pretrend"]["p_value"]
    )
    overall = list(book["Over alle år"].iter_rows(min_row=2, values_only=True))
    assert overall[0][2] == "1, 2" and overall[0][3] == pytest.approx(
        done_run.result["overall"][0]["att"]
    )
    groups = list(book["Callaway-Sant'Anna pr. gruppe"].iter_rows(min_row=2, values_only=True))
    assert any(row[0].startswith("Operatør: ") for row in groups)
    summary = [r[1] for r in book["Sammendrag"].iter_rows(min_row=2, values_only=True)]
    assert any("år efter start havde de" in text for text in summary)

    # asked again, the file is served as it is
    again = analyst.post(f"/effekter/{pk}/rapport/xlsx/")
    assert again.url == f"/effekter/{pk}/rapport.xlsx"
    assert EffectExport.objects.count() == 1


def _page_texts(content: bytes) -> list[bytes]:
    """The text of each page of a reportlab PDF, in order (one content stream a page)."""
    pages = []
    for match in re.finditer(rb"stream\r?\n(.*?)\s*endstream", content, re.S):
        data = match.group(1).strip()
        if data.endswith(b"~>"):  # reportlab: ASCII85, then Flate
            data = zlib.decompress(base64.a85decode(data[:-2]))
        if b" Tj" in data or b"TJ" in data:
            pages.append(data)
    return pages


def test_the_pdf_is_a_summary_of_a_few_pages_with_the_details_in_an_appendix(
    done_run, analyst, django_capture_on_commit_callbacks
):
    pk = done_run.pk
    with django_capture_on_commit_callbacks(execute=True):  # made at once (inline)
        analyst.post(f"/effekter/{pk}/rapport/pdf/")
    page = analyst.get(f"/effekter/{pk}/rapport/pdf/").content.decode()
    assert "Filen er klar" in page and f'href="/effekter/{pk}/rapport.pdf"' in page
    assert "data-auto-download" not in page  # only when the polled part turns done
    response = analyst.get(f"/effekter/{pk}/rapport.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-") and b"%%EOF" in response.content[-1024:]
    pages = _page_texts(response.content)
    appendix = next(i for i, text in enumerate(pages) if b"(Bilag)" in text)
    assert 1 <= appendix <= 3, "the summary takes at most three pages"
    summary = b"".join(pages[:appendix])
    assert b"(Resultater)" in summary and b"Kan man stole p" in summary
    details = b"".join(pages[appendix:])
    for heading in (b"A. Effekter for alle deltagere", b"C. Callaway", b"D. Balance"):
        assert heading in details, heading
    assert b"Simultant 95 %-b" in details and b"Nedbrudsv" in details


def test_a_file_that_failed_can_be_made_again(
    done_run, analyst, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(context, progress=None):
        raise RuntimeError("disk full")

    monkeypatch.setattr(exports, "xlsx", broken)
    with django_capture_on_commit_callbacks(execute=True):
        analyst.post(f"/effekter/{done_run.pk}/rapport/xlsx/")
    page = analyst.get(f"/effekter/{done_run.pk}/rapport/xlsx/").content.decode()
    assert "Filen kunne ikke laves" in page and "disk full" in page and "Prøv igen" in page
    assert analyst.get(f"/effekter/{done_run.pk}/rapport.xlsx").status_code == 302

    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        analyst.post(f"/effekter/{done_run.pk}/rapport/xlsx/")
    assert EffectExport.objects.get().status == RunStatus.DONE
    assert analyst.get(f"/effekter/{done_run.pk}/rapport.xlsx").status_code == 200


def test_a_file_is_launched_after_commit_and_made_once(
    done_run, django_capture_on_commit_callbacks
):
    launched = []
    with django_capture_on_commit_callbacks() as callbacks:
        export = downloads.request_export(done_run, "pdf", "da", launch_with=launched.append)
        assert launched == []
    for callback in callbacks:
        callback()
    assert launched == [export.pk]
    assert downloads.execute_export(export.pk).status == RunStatus.DONE
    assert downloads.execute_export(export.pk) is None  # claimed already


def test_an_unknown_kind_of_file_is_not_found(done_run, analyst):
    assert analyst.get(f"/effekter/{done_run.pk}/rapport.docx").status_code == 404
    assert analyst.post(f"/effekter/{done_run.pk}/rapport/docx/").status_code == 404
