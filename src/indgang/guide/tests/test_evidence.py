"""Measured evidence where companies choose (issue 19, decision 0020): the match API's
results carry ``evidence`` (null or the rows that pass the rules) and the result card
says it in Danish, or why it is not measured yet. The measurement is the one of the
effects tests: ``indgang effects_evidence`` on their synthetic files."""

from urllib.parse import urlencode

import pytest

from indgang.effects.evidence.tests.test_evidence import (  # noqa: F401 (fixtures)
    FEW,
    MEASURED,
    files,
    measured,
)

pytestmark = pytest.mark.django_db
# A company the two test offers (Midtjylland, 10-249 employees, export) are open to.
COMPANY = {"municipality_code": "751", "employees": 12, "age_years": 8}
KEYS = {"outcome", "horizon", "att", "ci_low", "ci_high", "participants", "cohorts", "measured_on"}


@pytest.mark.usefixtures("measured")
def test_the_match_api_results_carry_evidence_or_null(client):
    answer = client.post(
        "/api/v1/guide/match",
        {"company": COMPANY, "needs": ["eksport"], "text": "", "limit": 10},
        content_type="application/json",
    )
    assert answer.status_code == 200, answer.content
    results = {r["offer_id"]: r for r in answer.json()["results"]}
    assert {MEASURED, FEW} <= set(results)
    rows = results[MEASURED]["evidence"]
    assert rows and all(set(row) == KEYS for row in rows)
    fte = next(r for r in rows if r["outcome"] == "employees_fte" and r["horizon"] == 2)
    assert fte["ci_low"] <= fte["att"] <= fte["ci_high"]
    assert fte["participants"] >= 30 and fte["cohorts"] == [2019, 2019] and fte["measured_on"]
    assert results[FEW]["evidence"] is None


@pytest.mark.usefixtures("measured")
def test_the_result_card_says_the_effect_in_danish_or_why_not(client):
    params = {"municipality": "751", "employees": "12", "age": "8", "needs": ["eksport"]}
    page = client.get(
        "/find-tilbud/resultater/?" + urlencode(params, doseq=True), HTTP_ACCEPT_LANGUAGE="da"
    ).content.decode()
    cards = {
        card.split('"', 1)[0]: card for card in page.split('<li class="card" data-offer="')[1:]
    }
    assert "Virksomheder, der deltog i 2019, havde tre år efter" in cards[MEASURED]
    assert "95 %-interval" in cards[MEASURED] and "deltagere)" in cards[MEASURED]
    assert "Effekten er endnu ikke målt" not in cards[MEASURED]
    assert "Effekten er endnu ikke målt: for få deltagere" in cards[FEW]
