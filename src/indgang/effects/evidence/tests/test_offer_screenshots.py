"""What a company sees of measured evidence on an offer's page, in a browser (issue 19): one
offer measured with enough participants shows its effect in plain Danish with its interval,
one with too few says why it has none. The screenshots land in ``test-artifacts/``."""

import numpy as np
import pytest

from indgang.catalog.tests.factories import make_offer, operator
from indgang.effects.engine import read_panel, read_participations, synthetic_register
from indgang.effects.evidence.services import measure_all

pytestmark = pytest.mark.django_db(transaction=True)
MEASURED, FEW = "eksportforloeb-maalt", "eksportforloeb-nyt"


@pytest.fixture
def two_offers(reference_data):
    """300 companies drawn at random into one offer in 2019 (a fair comparison), 12 into
    another in 2020 (too few), measured as `indgang effects_evidence` measures them."""
    import pandas as pd

    data = synthetic_register(1500, 10, years=(2016, 2023), seed=7)
    first = data.panel.groupby("cvr").year.min()
    ids = np.random.default_rng(3).choice(first[first <= 2016].index.to_numpy(), 312, False)
    rows = [(cvr, MEASURED, "2019-03-01") for cvr in ids[:300]]
    rows += [(cvr, FEW, "2020-05-01") for cvr in ids[300:]]
    participations = pd.DataFrame(rows, columns=["cvr", "offer_id", "start_date"])
    participations["operator_id"], participations["level"] = "eh-test", "decentral"
    operator("eh-test")
    make_offer(id=MEASURED, title="Eksportforløb for små virksomheder")
    make_offer(id=FEW, title="Nyt eksportforløb")
    summary = measure_all(
        read_panel(data.panel), read_participations(participations), n_bootstrap=99
    )
    assert [m.unit_id for m in summary.shown()] == [MEASURED], "the draw balances"


def test_an_offer_page_shows_measured_evidence_or_why_there_is_none(
    two_offers, live_server, page, artifacts
):
    page.goto(f"{live_server.url}/tilbud/{MEASURED}/")
    evidence = page.get_by_text("Virksomheder, der deltog i 2019, havde").first
    evidence.scroll_into_view_if_needed()
    text = evidence.inner_text()
    assert "årsværk" in text or "kr." in text
    assert "95 %-interval" in text and "deltagere)" in text
    page.screenshot(path=artifacts / "evidence-offer-measured.png", full_page=True)

    page.goto(f"{live_server.url}/tilbud/{FEW}/")
    reason = page.get_by_text("Effekten er endnu ikke målt")
    assert reason.is_visible() and "for få deltagere" in reason.inner_text()
    page.screenshot(path=artifacts / "evidence-offer-not-measured.png", full_page=True)
