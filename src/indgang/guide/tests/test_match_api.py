"""POST /api/v1/guide/match on the shared catalog: eligible results only, explained, and
bad bodies answered with the field named."""

import json

import pytest
from django.core.cache import cache

from indgang.guide.engine import check_eligibility
from indgang.guide.tests.conftest import SHARED
from indgang.reference.selectors import municipality_region_codes

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog(shared_catalog):
    return shared_catalog


def post(client, body):
    return client.post("/api/v1/guide/match", body, content_type="application/json")


def test_every_dev_request_gets_only_eligible_offers(client, catalog):
    queries = json.loads((SHARED / "dev_queries.json").read_text())["queries"]
    regions = municipality_region_codes()
    found_judged = 0
    for query in queries:
        body = {k: query[k] for k in ("company", "needs", "text")} | {"limit": 10}
        answer = post(client, body)
        assert answer.status_code == 200, answer.content
        data = answer.json()
        ids = [r["offer_id"] for r in data["results"]]
        assert ids, query["id"]
        for offer_id in ids:
            assert check_eligibility(query["company"], catalog[offer_id], regions).eligible
        assert all(r["reasons"] for r in data["results"])
        scores = [r["score"] for r in data["results"]]
        assert scores == sorted(scores, reverse=True)
        found_judged += bool(set(ids[:3]) & {k for k, v in query["judgments"].items() if v >= 2})
    # The top three hold a clearly relevant offer for most requests.
    assert found_judged >= 0.8 * len(queries)


def test_reasons_are_danish_sentences(client, catalog):
    body = {
        "company": {"municipality_code": "751", "employees": 12, "age_years": 6},
        "needs": ["eksport"],
        "text": "Vi vil gerne sælge til Tyskland, men mangler penge til en messe",
    }
    data = post(client, body).json()
    top = data["results"][0]
    assert "eksport" in " ".join(top["reasons"]).lower()
    assert data["eligible_count"] >= len(data["results"])


def test_unknown_company_fields_never_exclude_but_no_town_is_guessed(client, catalog):
    everything = post(client, {"text": "hjælp", "limit": 100}).json()["eligible_count"]
    # every open offer but the municipality-scoped ones (no municipality: none is ranked)
    open_ = [o for o in catalog.values() if o["status"] != "lukket"]
    local = [o for o in open_ if o["eligibility"]["geography"]["scope"] == "municipalities"]
    assert everything == len(open_) - len(local) > 0


def test_one_word_without_municipality_gets_loans_meeting_the_need(client, catalog):
    data = post(client, {"text": "lån"}).json()
    results = data["results"]
    assert all(isinstance(r["meets_need"], bool) and r["reasons"] for r in results)
    scopes = {catalog[r["offer_id"]]["eligibility"]["geography"]["scope"] for r in results}
    assert "municipalities" not in scopes
    top = [catalog[r["offer_id"]] for r in results[:3]]
    assert all(o["format"] in ("laan", "garanti") for o in top)
    assert all(r["meets_need"] for r in results[:3])


def test_a_need_no_offer_serves_is_met_by_nothing(client, catalog):
    body = {
        "company": {"municipality_code": "630", "db07_section": "G"},
        "text": "Jeg mangler en dagplejeplads til mit barn, så jeg kan passe min butik.",
    }
    results = post(client, body).json()["results"]
    assert results and not any(r["meets_need"] for r in results)


def test_a_company_sees_only_its_own_erhvervshus(client, catalog):
    def operators(municipality):
        body = {"company": {"municipality_code": municipality}, "text": "vækst eksport ejerskifte"}
        ids = [r["offer_id"] for r in post(client, body | {"limit": 100}).json()["results"]]
        # an Erhvervshus's national offers (Scale-up Denmark) stay open to everyone
        scope = {i: catalog[i]["eligibility"]["geography"]["scope"] for i in ids}
        return {catalog[i]["operator_id"] for i in ids if scope[i] != "national"}

    assert "eh-fyn" in operators("461") and "eh-sydjylland" not in operators("461")
    bornholm = operators("400")
    assert "eh-bornholm" in bornholm and "eh-hovedstaden" not in bornholm


def test_a_cvr_number_fills_facts_from_the_register(client, catalog):
    from indgang.registry.models import Company

    company = Company.objects.create(
        cvr="13585628",
        name="TESTFIRMA A/S",
        municipality_id="400",
        db07_section_id="C",
        founded_date="2000-01-01",
    )
    assert company.pk
    nationwide = post(client, {"text": "eksport", "limit": 100}).json()["eligible_count"]
    bornholm = post(
        client, {"company": {"cvr": "13585628"}, "text": "eksport", "limit": 100}
    ).json()["eligible_count"]
    assert bornholm < nationwide


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"company": {"cvr": "13585627"}}, "company.cvr"),
        ({"company": {"municipality_code": "999"}}, "company.municipality_code"),
        ({"company": {"db07_section": "Z"}}, "company.db07_section"),
        ({"company": {"employees": -1}}, "company.employees"),
        ({"company": {"employees": "mange"}}, "company.employees"),
        ({"needs": ["penge"]}, "needs"),
        ({"limit": 0}, "limit"),
    ],
)
def test_bad_bodies_name_the_field(client, body, field):
    answer = post(client, {"text": "eksport", **body})
    assert answer.status_code == 422
    data = answer.json()
    assert data["detail"] and field in [e["field"] for e in data["errors"]], data


@pytest.mark.parametrize(
    "raw", ["{", "not json", '{"company": 5}', '{"limit": "ti"}', '{"needs": "x"}']
)
def test_garbage_is_a_4xx_not_a_500(client, raw):
    answer = client.post("/api/v1/guide/match", raw, content_type="application/json")
    assert 400 <= answer.status_code < 500


def test_anonymous_use_is_rate_limited(client, catalog, settings):
    settings.GUIDE_ANON_RATE = "3/m"
    cache.clear()
    codes = [post(client, {"text": "eksport"}).status_code for _ in range(5)]
    assert codes[:3] == [200, 200, 200] and codes[-1] == 429


def test_reasons_follow_the_chosen_language(client, catalog, settings):
    body = {
        "company": {"municipality_code": "751", "employees": 12},
        "needs": ["eksport"],
        "text": "eksport",
    }
    danish = post(client, body).json()["results"][0]["reasons"]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = post(client, body).json()["results"][0]["reasons"]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "da"
    danish_again = post(client, body).json()["results"][0]["reasons"]
    assert any("dækker jeres behov" in reason for reason in danish), danish
    assert any("meets your need" in reason for reason in english), english
    assert danish_again == danish


def test_the_rate_limit_opens_again_after_its_period(client, catalog, settings, monkeypatch):
    from indgang.guide.api import GuideThrottle

    settings.GUIDE_ANON_RATE = "2/m"
    cache.clear()
    now = [1_000_000.0]
    monkeypatch.setattr(GuideThrottle, "timer", staticmethod(lambda: now[0]))
    codes = [post(client, {"text": "eksport"}).status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    now[0] += 59
    assert post(client, {"text": "eksport"}).status_code == 429
    now[0] += 2
    assert post(client, {"text": "eksport"}).status_code == 200
