"""The public catalog list comes a page at a time, so a national catalog stays fast."""

import pytest

from indgang.catalog import views
from indgang.catalog.tests import factories as f

pytestmark = pytest.mark.django_db


def test_the_list_pages_through_the_offers_keeping_the_filters(client, monkeypatch):
    monkeypatch.setattr(views, "LIST_PAGE_SIZE", 2)
    f.operator()
    for i, title in enumerate(["Alfa", "Beta", "Gamma"]):
        f.make_offer(id=f"tilbud-{i}", title=f"{title} eksport")
    first = client.get("/tilbud/", {"q": "eksport"}).content.decode()
    assert "3 tilbud" in first
    assert "Alfa eksport" in first and "Beta eksport" in first and "Gamma eksport" not in first
    assert "q=eksport&amp;side=2" in first and "Næste" in first
    second = client.get("/tilbud/", {"q": "eksport", "side": "2"}).content.decode()
    assert "Gamma eksport" in second and "Alfa eksport" not in second and "Forrige" in second
    # A page number out of range or not a number shows a page, never an error.
    assert client.get("/tilbud/", {"side": "x"}).status_code == 200
    assert client.get("/tilbud/", {"side": "999"}).status_code == 200


def test_a_long_catalog_comes_twenty_at_a_time_with_the_design_systems_pages(client):
    f.operator()
    for i in range(45):
        f.make_offer(id=f"tilbud-{i:02d}", title=f"Eksport {i:02d}", level="decentral")
    page = client.get("/tilbud/", {"level": "decentral"}).content.decode()
    assert "45 tilbud, 1–20 vises" in page
    assert page.count('<h2 class="h3"><a href="/tilbud/tilbud-') == 20
    nav = page[page.index('<nav class="pagination"') :]
    nav = nav[: nav.index("</nav>")]
    assert "Side 1 af 3" in nav  # what a phone shows
    assert 'class="button current-page"' in nav and 'aria-current="page"' in nav
    # every page link keeps the filters
    assert (
        'href="?level=decentral&amp;side=2"' in nav and 'href="?level=decentral&amp;side=3"' in nav
    )
    assert "Næste side" in nav and "Forrige side" not in nav
    last = client.get("/tilbud/", {"level": "decentral", "side": "3"}).content.decode()
    assert "41–45 vises" in last and "Forrige side" in last and "Næste side" not in last


def test_the_offer_page_offers_to_contact_the_company_through_the_one_entry(client):
    f.operator()
    f.make_offer()
    page = client.get("/tilbud/eksport-forloeb/").content.decode()
    assert '<a class="button button-primary" href="/find-tilbud/?tilbud=eksport-forloeb"' in page
    assert "Kontakt mig om dette tilbud" in page


def _csv_rows(client, **params) -> list[dict]:
    import csv
    import io

    response = client.get("/tilbud/tilbud.csv", params)
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text), delimiter=";"))


def test_the_csv_export_has_the_public_offers_and_follows_every_change(client):
    f.operator()
    f.make_offer(id="tilbud-a", title="Alfa eksport", themes=["innovation", "eksport"])
    f.make_offer(id="tilbud-b", title="Beta", eligibility__geography__regions=["1082", "1081"])
    f.make_offer(id="kladde", title="Kladde", status="udkast")
    f.make_offer(id="slut", title="Sluttet", valid_to="2020-12-31")
    rows = _csv_rows(client)
    assert [r["id"] for r in rows] == ["tilbud-a", "tilbud-b"]  # by title; public only
    first = rows[0]
    assert first["themes"] == "innovation, eksport"  # in the offer's own order
    assert first["operator_name"] and first["eligibility.employees.min"] == "10"
    assert rows[1]["eligibility.geography.regions"] == "1081, 1082"
    assert [r["id"] for r in _csv_rows(client, q="Alfa")] == ["tilbud-a"]
    # An edit, a new offer and a published draft are in the next download at once.
    f.make_offer(id="tilbud-b", title="Beta", eligibility__geography__regions=["1084"])
    f.make_offer(id="kladde", title="Kladde", status="aktiv")
    f.make_offer(id="tilbud-c", title="Gamma", themes=["finansiering"])
    rows = {r["id"]: r for r in _csv_rows(client)}
    assert list(rows) == ["tilbud-a", "tilbud-b", "tilbud-c", "kladde"]
    assert rows["tilbud-b"]["eligibility.geography.regions"] == "1084"
    assert rows["tilbud-c"]["themes"] == "finansiering"
