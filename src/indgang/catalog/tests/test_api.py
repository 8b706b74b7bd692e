import pytest

from indgang.catalog.tests.factories import make_offer, operator

pytestmark = pytest.mark.django_db


@pytest.fixture
def offers():
    operator("eh-test")
    make_offer()
    make_offer(id="kladde", status="udkast")
    make_offer(id="andet", themes=["innovation"], title="Innovation")


def test_list_is_public_filtered_and_paginated(client, offers):
    body = client.get("/api/v1/offers/").json()
    assert body["total"] == 2
    assert {o["id"] for o in body["items"]} == {"eksport-forloeb", "andet"}
    body = client.get("/api/v1/offers/", {"theme": "innovation"}).json()
    assert [o["id"] for o in body["items"]] == ["andet"]
    body = client.get("/api/v1/offers/", {"limit": 1, "offset": 1}).json()
    assert body["total"] == 2 and len(body["items"]) == 1
    # an offset beyond any page is an empty page, however large
    for path in ("/api/v1/offers/", "/api/v1/offers/operators"):
        body = client.get(path, {"offset": "9" * 23}).json()
        assert body["total"] >= 1 and body["items"] == []


def test_detail_and_errors(client, offers):
    offer = client.get("/api/v1/offers/eksport-forloeb").json()
    assert offer["eligibility"]["employees"] == {"min": 10, "max": 249}
    missing = client.get("/api/v1/offers/kladde")
    assert missing.status_code == 404 and missing.json()["detail"]
    bad = client.get("/api/v1/offers/", {"limit": "mange"})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "limit"


def test_operators(client, offers):
    body = client.get("/api/v1/offers/operators").json()
    assert body["total"] == 1 and body["items"][0]["id"] == "eh-test"
    assert client.get("/api/v1/offers/operators/eh-test").json()["level"] == "decentral"
    assert client.get("/api/v1/offers/operators/nope").status_code == 404


def test_documented_in_openapi(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/offers/" in paths and "/api/v1/offers/{offer_id}" in paths
