"""The effect report in a browser (issue 15 point 6): the findings on top, the details folded
and opened with a click, and the spreadsheet made in the background with its progress shown,
then downloaded by itself."""

import pytest
from django.conf import settings as django_settings
from django.test import Client

from indgang.effects import downloads
from indgang.effects.engine import EffectConfig, estimate_effects
from indgang.effects.files import result_document
from indgang.effects.models import EffectRun, RunStatus
from indgang.effects.tests.conftest import login_as
from indgang.organisations.models import Role

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def finished(reference_data, synthetic):
    config = EffectConfig(
        outcomes=("employees_fte",), horizons=(1, 2), group_by=("level",), ci_method="analytic"
    )
    result = estimate_effects(synthetic.panel, synthetic.participations, config)
    document = result_document(result, inputs={}, created_at="2026-12-05T00:00:00")
    return EffectRun.objects.create(config={}, result=document, status=RunStatus.DONE)


def _logged_in(page, live_server):
    client = Client()
    login_as(client, Role.ANALYST)
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": django_settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )


def test_the_report_folds_its_details_and_downloads_the_spreadsheet_when_made(
    finished, live_server, page, settings, artifacts
):
    settings.EFFECTS_BACKGROUND = "queue"  # made when we say so, to see the progress first
    _logged_in(page, live_server)
    page.goto(f"{live_server.url}/effekter/{finished.pk}/rapport/")
    finding = page.get_by_test_id("headline").first
    assert "år efter start havde de" in finding.inner_text()
    table = page.get_by_test_id("estimates")
    assert not table.is_visible()  # folded away
    page.get_by_text("Effekter for alle deltagere, år for år").click()
    assert table.is_visible()
    page.screenshot(path=artifacts / "effect-report.png", full_page=True)

    page.get_by_test_id("xlsx").click()
    status = page.get_by_test_id("export-status")
    assert "Laver filen" in status.inner_text()
    with page.expect_download(timeout=15_000) as download:
        downloads.run_queued_exports()  # the scheduler's turn; the page polls every 2 s
    assert download.value.suggested_filename == f"effektmaaling-{finished.pk}.xlsx"
    assert "Filen er klar" in status.inner_text()
