"""Goals counted in the background when a page finds much to count (goals/counting.py):
the page answers at once with what is counted and the counting's progress, nothing
half-counted is downloaded, and the figures appear when the counting is done.

The ``setup`` fixture is in ``goals/conftest.py``: two local operators with a 2025 contract
each (Copenhagen, 101, and Aarhus, 751), three one-to-one sessions in Copenhagen.
"""

import threading
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from indgang.core.tests.browsing import log_in
from indgang.goals import counting
from indgang.goals.tests import factories as f
from indgang.organisations.models import Role


@pytest.fixture
def little_counted_inline(monkeypatch):
    """As at national size: more is missing than a request counts itself."""
    monkeypatch.setattr(counting, "INLINE_CONTRACTS", 0)
    monkeypatch.setattr(counting, "INLINE_MUNICIPALITIES", 0)


def analyst_client(client):
    analyst = f.member(f.national_board(), Role.ANALYST)
    assert client.login(email=analyst.email, password=f.PASSWORD)
    return client


@pytest.mark.django_db
def test_a_dashboard_with_much_to_count_shows_progress_then_the_figures(
    client, setup, settings, little_counted_inline
):
    settings.BACKGROUND = "queue"  # counted when the scheduler's command runs
    client = analyst_client(client)

    page = client.get("/maal/?year=2025").content.decode()
    assert "Tallene for 2025 tælles op" in page
    assert 'hx-get="/maal/optaelling/?year=2025&amp;partial=1"' in page
    assert 'hx-trigger="every 2s"' in page
    assert "Kontrakt med København" in page and "tælles op" in page
    assert "Pr. region" not in page  # no half-counted regional comparison
    assert 'data-chart="status"' not in page  # nor a chart of half the contracts
    # A download asked for meanwhile leads back to the page, never to half the figures.
    download = client.get("/maal/?year=2025&export=xlsx&table=contracts")
    assert download.status_code == 302 and download["Location"] == "/maal/?year=2025"

    status = client.get("/maal/optaelling/?year=2025")
    assert status.status_code == 200
    assert "0 af 2 resultatkontrakter og 0 af" in status.content.decode()
    assert "<html" not in status.content.decode()

    out = StringIO()
    call_command("warm_goals", stdout=out)  # this year, and 2025 that the page asked for
    assert "2025: 2 kontrakter talt." in out.getvalue()

    done = client.get("/maal/optaelling/?year=2025")
    assert done.status_code == 204 and done["HX-Refresh"] == "true"
    page = client.get("/maal/?year=2025").content.decode()
    assert "tælles op" not in page and "Pr. region" in page
    assert client.get("/maal/?year=2025&export=csv&table=contracts").status_code == 200


@pytest.mark.django_db
def test_the_statistics_page_with_much_to_count_shows_progress(
    client, setup, settings, little_counted_inline
):
    settings.BACKGROUND = "queue"
    client = analyst_client(client)
    page = client.get("/maal/statistik/?year=2025").content.decode()
    assert "Tallene for 2025 tælles op" in page and "Pr. kommune" not in page
    assert client.get("/maal/statistik/?year=2025&export=csv").status_code == 302
    call_command("warm_goals", "--year", "2025", stdout=StringIO())
    page = client.get("/maal/statistik/?year=2025").content.decode()
    assert "tælles op" not in page and "Pr. kommune" in page


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("reference_data")
def test_the_counting_runs_in_a_background_thread(client, settings, little_counted_inline):
    op = f.local_operator("lokal-test", ("101",))
    for month in (2, 3, 4):
        f.interaction(op, company=f.company("101"), on=date(2025, month, 1))
    contract = f.contract(op, 2025, ("101",), title="Kontrakt med København")
    f.target(contract, types=["one_to_one"], value=2, name="Mindst 2 samtaler")
    settings.BACKGROUND = "thread"
    client = analyst_client(client)

    assert "tælles op" in client.get("/maal/?year=2025").content.decode()
    worker = next(t for t in threading.enumerate() if t.name == "goals-count-2025")
    assert worker.daemon
    worker.join(timeout=60)
    assert client.get("/maal/optaelling/?year=2025").status_code == 204
    manager = f.member(op, Role.MANAGER)
    assert client.login(email=manager.email, password=f.PASSWORD)
    page = client.get("/maal/?year=2025").content.decode()
    assert "tælles op" not in page and "Mindst 2 samtaler</strong>: 3 / 2" in page


@pytest.mark.django_db
def test_a_count_that_fails_says_so_and_is_not_started_again_at_once(
    client, setup, settings, little_counted_inline, monkeypatch
):
    settings.BACKGROUND = "inline"
    tried = []

    def failing(year, heartbeat=None):
        tried.append(year)
        raise RuntimeError("the database went away")

    monkeypatch.setattr(counting, "count_year", failing)
    client = analyst_client(client)
    assert "Tallene for 2025 tælles op" in client.get("/maal/?year=2025").content.decode()
    status = client.get("/maal/optaelling/?year=2025").content.decode()
    assert "Tallene for 2025 kunne ikke tælles op" in status and "hx-trigger" not in status
    client.get("/maal/?year=2025")
    assert tried == [2025]  # not again on every reload


@pytest.mark.django_db
def test_an_operator_with_much_activity_is_counted_in_the_background(
    client, setup, settings, monkeypatch
):
    settings.BACKGROUND = "queue"
    manager = f.member(setup["op"], Role.MANAGER)
    assert client.login(email=manager.email, password=f.PASSWORD)
    monkeypatch.setattr(counting, "INLINE_INTERACTIONS", 2)  # its contract reads 3
    page = client.get("/maal/?year=2025").content.decode()
    assert "Tallene for 2025 tælles op" in page and "Tælles op." in page
    monkeypatch.setattr(counting, "INLINE_INTERACTIONS", 3)
    page = client.get("/maal/?year=2025").content.decode()
    assert "tælles op" not in page and "Mindst 2 samtaler</strong>: 3 / 2" in page


@pytest.mark.django_db
def test_one_operators_new_activity_is_counted_in_the_request(client, setup, settings):
    settings.BACKGROUND = "queue"  # nothing left to the scheduler: little to count
    client = analyst_client(client)
    call_command("warm_goals", "--year", "2025", stdout=StringIO())
    f.interaction(setup["op"], company=f.company("101"), on=date(2025, 6, 1))
    page = client.get("/maal/statistik/?year=2025").content.decode()
    assert "tælles op" not in page
    statistics = client.get("/api/v1/goals/statistics?year=2025").json()
    copenhagen = next(m for m in statistics["items"] if m["code"] == "101")
    assert copenhagen["users"] == 2


@pytest.mark.browser
@pytest.mark.usefixtures("reference_data")
def test_in_a_browser_the_page_follows_the_counting_and_shows_the_figures(
    live_server, page, settings, little_counted_inline
):
    operator = f.local_operator("lokal-browser", ("101",))
    f.interaction(operator, company=f.company("101"), on=date(2025, 3, 1))
    contract = f.contract(operator, 2025, ("101",), title="Kontrakt med København")
    f.target(contract, types=["one_to_one"], value=2, name="Mindst 2 samtaler")
    manager = f.member(operator, Role.MANAGER)
    settings.BACKGROUND = "queue"
    log_in(page, live_server, manager)
    page.goto(f"{live_server.url}/maal/?year=2025")
    status = page.get_by_test_id("goals-counting")
    assert "Tallene for 2025 tælles op" in status.inner_text()
    page.get_by_text("0 af 1 resultatkontrakter").wait_for()  # polled, with its progress
    call_command("warm_goals", stdout=StringIO())  # the scheduler's, as BACKGROUND=queue has it
    page.get_by_text("Mindst 2 samtaler").wait_for(timeout=10_000)  # reloaded by itself
    assert page.get_by_test_id("goals-counting").count() == 0
