"""The goals API: scoped like the pages, documented in OpenAPI, errors as JSON."""

from datetime import date

import pytest

from indgang.goals.tests import factories as f
from indgang.organisations.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def contract():
    op = f.local_operator()
    f.interaction(op, company=f.company("101"), on=date(2025, 3, 1))
    c = f.contract(op, 2025, ("101",))
    f.target(c, types=["one_to_one"], value=1, name="Mindst én samtale")
    return c


def test_endpoints_are_documented():
    paths = __import__("indgang.api.urls", fromlist=["api"]).api.get_openapi_schema()["paths"]
    for path in [
        "/api/v1/goals/contracts",
        "/api/v1/goals/contracts/{contract_id}",
        "/api/v1/goals/kpis",
        "/api/v1/goals/statistics",
    ]:
        assert path in paths


def test_anonymous_gets_401_as_json(client, contract):
    response = client.get("/api/v1/goals/contracts")
    assert response.status_code == 401 and "detail" in response.json()


def test_contracts_list_and_progress(client, contract):
    person = f.member(contract.operator, Role.CONSULTANT)
    client.login(email=person.email, password=f.PASSWORD)
    page = client.get("/api/v1/goals/contracts", {"year": 2025}).json()
    assert page["total"] == 1 and page["items"][0]["municipality_codes"] == ["101"]
    detail = client.get(f"/api/v1/goals/contracts/{contract.pk}").json()
    target = detail["targets"][0]
    assert target["value"] == 1.0 and target["status"] in {"on_track", "ahead"}


def test_bad_parameters_name_the_field(client, contract):
    person = f.member(contract.operator, Role.CONSULTANT)
    client.login(email=person.email, password=f.PASSWORD)
    response = client.get("/api/v1/goals/statistics", {"year": 2025, "level": "planet"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "level"
    response = client.get("/api/v1/goals/contracts", {"limit": 0})
    assert response.status_code == 422
    response = client.get("/api/v1/goals/contracts", {"offset": "9" * 23})
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "offset"
    assert client.get("/api/v1/goals/contracts/999999").status_code == 404
