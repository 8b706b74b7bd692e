"""Measured evidence as a ranking signal (issue 19 point 4): off by default; when switched
on it lifts an offer with shown positive evidence only among the offers the company may use,
and only if the offer meets its need."""

from __future__ import annotations

import copy

import pytest

from indgang.guide.engine import Ranker, RankerConfig

from .sample import BASE_OFFER, REGIONS

COMPANY = {"municipality_code": "751", "employees": 12, "age_years": 8}
NEEDS = ["eksport"]
TEXT = "rådgivning om eksport til Tyskland"


def offer(offer_id, title, themes, **eligibility):
    made = copy.deepcopy(BASE_OFFER)
    made.update(id=offer_id, title=title, summary=title, themes=themes)
    made["eligibility"].update(eligibility)
    return made


@pytest.fixture(scope="module")
def catalog():
    return [
        offer("export-best", "Rådgivning om eksport til Tyskland og Norden", ["eksport"]),
        offer("export-next", "Eksportrådgivning", ["eksport"]),
        offer("export-third", "Eksport i praksis", ["eksport"]),
        offer("loan", "Lån til rådgivning", ["finansiering"]),
        offer(
            "export-elsewhere",
            "Rådgivning om eksport til Tyskland",
            ["eksport"],
            geography={"scope": "municipalities", "regions": [], "municipalities": ["101"]},
        ),
        offer(
            "export-large",
            "Rådgivning om eksport til Tyskland",
            ["eksport"],
            employees={"min": 250, "max": None},
        ),
    ]


EVIDENCE = {"export-third": 1.0, "loan": 1.0, "export-elsewhere": 1.0, "export-large": 1.0}


def ranked(ranker, weight, evidence=EVIDENCE):
    config = RankerConfig(evidence=weight)
    result = ranker.with_evidence(evidence).with_config(config).match(COMPANY, NEEDS, TEXT, 10)
    return result.results


def test_off_by_default_evidence_changes_nothing(catalog):
    plain = Ranker(catalog, REGIONS).match(COMPANY, NEEDS, TEXT, 10).results
    with_evidence = Ranker(catalog, REGIONS, evidence=EVIDENCE).match(COMPANY, NEEDS, TEXT, 10)
    assert RankerConfig().evidence == 0
    assert [(r.offer_id, r.score) for r in with_evidence.results] == [
        (r.offer_id, r.score) for r in plain
    ]


def test_switched_on_it_lifts_an_offer_that_meets_the_need(catalog):
    ranker = Ranker(catalog, REGIONS)
    before = [r.offer_id for r in ranked(ranker, 0.0)]
    after = ranked(ranker, 1.0)
    assert before.index("export-third") > 0
    assert after[0].offer_id == "export-third" and after[0].meets_need
    plain = {r.offer_id: r.score for r in ranked(ranker, 0.0)}
    assert after[0].score == pytest.approx(plain["export-third"] + 1.0)


def test_it_never_lifts_an_offer_that_does_not_meet_the_need_or_that_the_company_cannot_use(
    catalog,
):
    ranker = Ranker(catalog, REGIONS)
    plain = ranked(ranker, 0.0)
    lifted = ranked(ranker, 5.0)
    loan_before = next(r for r in plain if r.offer_id == "loan")
    loan_after = next(r for r in lifted if r.offer_id == "loan")
    assert not loan_before.meets_need and loan_after.score == loan_before.score
    assert [r.offer_id for r in lifted].index("loan") >= [r.offer_id for r in plain].index("loan")
    shown = {r.offer_id for r in lifted}
    assert "export-elsewhere" not in shown and "export-large" not in shown
    assert all(r.eligibility.eligible for r in lifted)
