"""Measured evidence in the guide's ranking, through the match API (issue 19 point 4): off
by default (``GUIDE_EVIDENCE_WEIGHT`` 0); switched on, it lifts an offer with shown positive
evidence that meets the company's need, and never one that does not meet it or that the
company may not use. The measurement that keeps it off: ``guide/engine/evidence.py``."""

import datetime as dt

import pytest
from django.conf import settings as django_settings

from indgang.catalog.public import store_offer_evidence
from indgang.catalog.tests.factories import make_offer, operator
from indgang.guide import matching

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not hasattr(django_settings, "GUIDE_EVIDENCE_WEIGHT"),
        reason="guide.matching does not hand the measured evidence to the ranker yet "
        "(settings.GUIDE_EVIDENCE_WEIGHT and the wiring in guide/matching.py)",
    ),
]
COMPANY = {"municipality_code": "751", "employees": 12, "age_years": 8}
POSITIVE = [
    {
        "outcome": "employees_fte",
        "horizon": 2,
        "att": 1.2,
        "ci_low": 0.4,
        "ci_high": 2.0,
        "participants": 312,
        "cohorts": [2021, 2023],
    }
]


@pytest.fixture
def offers():
    operator("eh-test")
    make_offer(id="eksport-bedst", title="Eksportrådgivning til Tyskland og Norden")
    make_offer(id="eksport-maalt", title="Eksportforløb", summary="Et forløb.")
    make_offer(id="laan", title="Lån til vækst", themes=["finansiering"])
    make_offer(
        id="eksport-store",
        title="Eksport til Tyskland",
        eligibility__employees={"min": 250, "max": None},
    )
    for offer_id in ("eksport-maalt", "laan", "eksport-store"):
        store_offer_evidence(
            offer_id, [{"rows": POSITIVE, "participants": 312}], dt.date(2026, 12, 1)
        )
    matching.forget()
    yield
    matching.forget()


def _match(client) -> list[dict]:
    matching.forget()
    answer = client.post(
        "/api/v1/guide/match",
        {"company": COMPANY, "needs": ["eksport"], "text": "eksport til Tyskland", "limit": 10},
        content_type="application/json",
    )
    assert answer.status_code == 200, answer.content
    return answer.json()["results"]


@pytest.mark.usefixtures("offers")
def test_evidence_lifts_only_an_offer_that_meets_the_need_and_is_open_to_the_company(
    client, settings
):
    settings.GUIDE_EVIDENCE_WEIGHT = 0.0
    plain = _match(client)
    order = [r["offer_id"] for r in plain]
    assert order[0] == "eksport-bedst" and "eksport-store" not in order
    settings.GUIDE_EVIDENCE_WEIGHT = 5.0
    lifted = _match(client)
    ids = [r["offer_id"] for r in lifted]
    assert ids[0] == "eksport-maalt" and lifted[0]["meets_need"] and lifted[0]["evidence"]
    loan = {r["offer_id"]: r for r in plain}["laan"]
    assert not loan["meets_need"] and {r["offer_id"]: r for r in lifted}["laan"] == loan
    assert ids.index("laan") >= order.index("laan")  # never lifted
    assert "eksport-store" not in ids  # the company may not use it: never shown
