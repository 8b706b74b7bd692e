import pytest
from django.core.management import call_command

from indgang.organisations.tests.factories import MembershipFactory, PersonFactory
from indgang.registry.tests.factories import (
    CompanyFactory,
    ProductionUnitFactory,
    YearlyFiguresFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def consultant(client):
    client.force_login(MembershipFactory().person)
    return client


@pytest.fixture
def company():
    company = CompanyFactory(name="Fjordbageriet ApS", is_fictitious=True, municipality_id="751")
    ProductionUnitFactory(company=company, p_number="1012345678")
    ProductionUnitFactory(company=company, p_number="1012345679", municipality_id="101")
    YearlyFiguresFactory(company=company, year=2021, employees_fte=4, value_added_dkk=2_000_000)
    YearlyFiguresFactory(company=company, year=2022, employees_fte=5, value_added_dkk=3_000_000)
    return company


def test_anonymous_visitors_are_sent_to_the_login(client, company):
    for url in ["/virksomheder/", f"/virksomheder/{company.cvr}/"]:
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith("/konto/login/")


def test_anonymous_api_clients_get_401(client, company):
    for url in [
        "/api/v1/companies/",
        f"/api/v1/companies/{company.cvr}",
        f"/api/v1/companies/{company.cvr}/figures",
    ]:
        response = client.get(url)
        assert response.status_code == 401
        assert set(response.json()) == {"detail", "errors"}


def test_people_without_a_membership_are_refused(client, company):
    client.force_login(PersonFactory())
    assert client.get("/virksomheder/").status_code == 403
    assert client.get(f"/virksomheder/{company.cvr}/").status_code == 403
    response = client.get(f"/api/v1/companies/{company.cvr}/figures")
    assert response.status_code == 403 and response.json()["detail"]


def test_the_search_page_finds_a_company_by_a_misspelt_name(consultant, company):
    page = consultant.get("/virksomheder/", {"q": "Fjordbagerit"}).content.decode()
    assert "Fjordbageriet ApS" in page and "Fiktiv virksomhed" in page
    # a page beyond the last is empty, however far
    for query in ({"q": "Fjordbagerit"}, {"municipality": "751"}):
        far = consultant.get("/virksomheder/", {**query, "offset": "9" * 23})
        assert far.status_code == 200 and "Fjordbageriet ApS" not in far.content.decode()
    assert 'href="/virksomheder/"' in consultant.get("/").content.decode()  # in the menu


def test_htmx_gets_only_the_results(consultant, company):
    response = consultant.get(
        "/virksomheder/", {"q": company.cvr, "municipality": "751"}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert "Fjordbageriet ApS" in html and "<html" not in html


def test_the_company_page_shows_facts_units_and_figures(consultant, company):
    html = consultant.get(f"/virksomheder/{company.cvr}/").content.decode()
    assert "Fjordbageriet ApS" in html and "Fiktiv virksomhed" in html
    assert "1012345678" in html and "Aarhus" in html and "Region Midtjylland" in html
    assert "2 produktionsenheder" in html
    assert html.count("anden kommune") == 1  # the unit in Copenhagen, not the one in Aarhus
    assert "chartjs/chart.umd.js" in html and "figures-data" in html
    assert "600.000" in html or "600,000" in html  # productivity 2022: 3,000,000 / 5 FTE
    assert consultant.get("/virksomheder/20000000/").status_code == 404


def test_the_api_lists_filters_and_pages(consultant, company):
    CompanyFactory.create_batch(3, municipality_id="101")
    body = consultant.get("/api/v1/companies/", {"municipality": "751"}).json()
    assert body["total"] == 1 and body["items"][0]["cvr"] == company.cvr
    assert body["items"][0]["is_fictitious"] is True
    body = consultant.get("/api/v1/companies/", {"limit": 2, "offset": 2}).json()
    assert body["total"] == 4 and len(body["items"]) == 2
    body = consultant.get("/api/v1/companies/", {"q": "fjordbageri"}).json()
    assert [c["name"] for c in body["items"]] == ["Fjordbageriet ApS"]
    response = consultant.get(
        "/api/v1/companies/", {"limit": 0, "status": "asleep", "offset": "9" * 23}
    )
    assert response.status_code == 422
    assert {e["field"] for e in response.json()["errors"]} == {"limit", "status", "offset"}


def test_the_api_gives_a_company_and_its_figures(client, company, capsys):
    person = MembershipFactory().person
    call_command("create_api_token", person.email)
    headers = {"Authorization": f"Bearer {capsys.readouterr().out.strip()}"}
    detail = client.get(f"/api/v1/companies/{company.cvr}", headers=headers).json()
    assert detail["municipality_code"] == "751" and detail["region_code"] == "1082"
    assert detail["production_units"] == [
        {"p_number": "1012345678", "municipality_code": "751"},
        {"p_number": "1012345679", "municipality_code": "101"},
    ]
    figures = client.get(f"/api/v1/companies/{company.cvr}/figures", headers=headers).json()
    assert [(f["year"], f["productivity_dkk"]) for f in figures] == [
        (2021, 500_000),
        (2022, 600_000),
    ]
    missing = client.get("/api/v1/companies/20000000", headers=headers)
    assert missing.status_code == 404 and missing.json()["detail"]


def test_a_search_without_any_similar_name_says_so(consultant, company):
    """It once said "no exact match; showing similar names" above an empty list."""
    html = consultant.get("/virksomheder/", {"q": "Xqzwv Plokjuh"}).content.decode()
    assert "Ingen virksomhed matcher søgningen" in html
    assert "lignende navne" not in html and "Fjordbageriet" not in html


def test_similar_names_are_looked_for_within_the_filters(consultant, company, monkeypatch):
    """The few hundred names nearest the query were once taken from the whole register and
    filtered afterwards: with a filter, the nearest were often all elsewhere, and the page
    showed "similar names" and none. Here only the one nearest name is looked at."""
    from indgang.registry import selectors

    monkeypatch.setattr(selectors, "FUZZY_CANDIDATES", 1)
    CompanyFactory(name="FJORDBAGERIT APS", municipality_id="101")  # nearer, elsewhere
    html = consultant.get("/virksomheder/", {"q": "Fjordbagerit", "municipality": "751"})
    html = html.content.decode()
    assert "lignende navne" in html and "Fjordbageriet ApS" in html
    assert "FJORDBAGERIT APS" not in html


def test_the_company_page_names_its_industry_and_links_to_the_crm_file(consultant, company):
    html = consultant.get(f"/virksomheder/{company.cvr}/").content.decode()
    assert "Information og kommunikation" in html  # section J, by name
    assert f'href="/crm/virksomheder/{company.cvr}/"' in html
    assert ">2021<" in html and "2.021" not in html


def test_a_superuser_without_an_organisation_gets_no_crm_link(client, company):
    """The CRM's company file is for staff acting for an operator; a superuser without a
    membership would get its 404."""
    from indgang.organisations.tests.factories import PersonFactory

    client.force_login(PersonFactory(is_superuser=True))
    html = client.get(f"/virksomheder/{company.cvr}/").content.decode()
    assert "Fjordbageriet ApS" in html and "/crm/virksomheder/" not in html
    assert client.get(f"/crm/virksomheder/{company.cvr}/").status_code == 404
