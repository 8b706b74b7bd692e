"""The charts in Debian's chromium (the goals' and the register's, drawn by core/charts.js):
on a Danish page their axes read as the tables do ("2.000", not "2,000"), even in a browser
set to English, and a chart of counts has whole numbers from 0 (never a 0.0-1.0 axis)."""

import pytest

from indgang.core.tests.browsing import log_in
from indgang.goals.statistics.models import Spending
from indgang.goals.tests import factories as f
from indgang.organisations.models import Role
from indgang.registry.tests.factories import YearlyFiguresFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("reference_data")]


def ticks(page, canvas: str, axis: str) -> list[str]:
    page.wait_for_selector(f"#{canvas}[data-drawn]", state="attached")
    return page.evaluate(
        f"document.getElementById('{canvas}').chart.scales['{axis}'].ticks.map(t => t.label)"
    )


def test_chart_axes_are_danish_and_counts_are_whole(live_server, browser):
    operator = f.local_operator("lokal-graf", ("101",))
    manager = f.member(operator, Role.MANAGER)
    # København: about 650,000 inhabitants; 2,000 kroner each puts the axis in thousands.
    Spending.objects.create(municipality_id="101", year=2025, amount_dkk=1_300_000_000)
    contract = f.contract(operator, 2025, ("101",), title="Kontrakt")
    f.target(contract, types=["one_to_one"], value=2)

    context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        log_in(page, live_server, manager)
        page.goto(f"{live_server.url}/maal/statistik/?year=2025")
        kroner = ticks(page, "chart-regions", "kr")
        assert any("." in label for label in kroner), kroner
        assert not any("," in label for label in kroner), kroner

        page.goto(f"{live_server.url}/maal/?year=2025")
        counts = ticks(page, "chart-status", "y")
        assert counts[0] == "0" and all(label.isdigit() for label in counts), counts
        assert len(counts) >= 2

        figures = YearlyFiguresFactory(turnover_dkk=15_000_000)
        YearlyFiguresFactory(company=figures.company, year=2023, turnover_dkk=18_500_000)
        page.goto(f"{live_server.url}/virksomheder/{figures.company.cvr}/")
        kroner = ticks(page, "figures-chart", "dkk")
        assert "15.000.000" in kroner or "16.000.000" in kroner, kroner
        assert not any("," in label for label in kroner), kroner
    finally:
        context.close()
