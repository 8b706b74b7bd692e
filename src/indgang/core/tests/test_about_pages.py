"""The pages every Danish public website must have (issue 15, point 2): an accessibility
statement, what happens to personal data and for how long, and a contact page, linked from
the footer of every page, public, Danish with English one click away."""

import pytest

from indgang.crm.consent.retention import RETENTION_YEARS
from indgang.events.services import RETENTION_DAYS as SIGNUP_RETENTION_DAYS
from indgang.guide.alerts.services import UNCONFIRMED_DAYS, UNUSED_DAYS
from indgang.organisations.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

PAGES = ["/tilgaengelighed/", "/privatliv/", "/kontakt/"]


def test_the_footer_of_every_page_links_the_three_pages(client):
    for page in ["/", "/konto/login/", "/findes-ikke/"]:
        html = client.get(page).content.decode()
        footer = html[html.index("<footer") :]
        assert 'href="/tilgaengelighed/">Tilgængelighedserklæring</a>' in footer, page
        assert 'href="/privatliv/">Privatliv og personoplysninger</a>' in footer, page
        assert 'href="/kontakt/">Kontakt</a>' in footer, page


def test_the_pages_are_public_and_danish(client):
    for page in PAGES:
        response = client.get(page)
        assert response.status_code == 200, page
        assert 'lang="da"' in response.content.decode()
    client.force_login(MembershipFactory().person)
    assert all(client.get(page).status_code == 200 for page in PAGES)


def test_the_accessibility_statement_follows_digitaliseringsstyrelsens_structure(client):
    html = client.get("/tilgaengelighed/").content.decode()
    for heading in [
        "Hvad erklæringen omfatter",
        "Overholdelsesstatus",
        "Indhold, der ikke er tilgængeligt",
        "Sådan er erklæringen udarbejdet",
        "Feedback og kontaktoplysninger",
        "Håndhævelse",
    ]:
        assert f"<h2>{heading}</h2>" in html, heading
    assert "overholder delvist" in html and "WCAG) 2.1, niveau AA" in html
    assert "Digitaliseringsstyrelsen" in html and 'href="https://www.was.digst.dk/"' in html
    assert "5. december 2026" in html  # when it was prepared, the Danish way


def test_the_privacy_page_gives_the_retention_periods_the_code_applies(client):
    """The periods on the page are those of crm_retention, the events and the alerts: a
    change to one of them fails here until the page says the same."""
    assert RETENTION_YEARS == 5
    assert SIGNUP_RETENTION_DAYS == 365
    assert UNUSED_DAYS == 2 * 365 and UNCONFIRMED_DAYS == 7
    html = " ".join(client.get("/privatliv/").content.decode().split())
    assert "5 år efter, at det seneste vejledningsforløb med dem sluttede" in html
    assert "Henvisningers tekster, samtykker, henvendelser fra Find tilbud, invitationer" in html
    assert "<td>5 år</td>" in html
    assert "et år efter arrangementet" in html
    assert "to år uden brug" in html and "inden for en uge" in html
    # why, and who can see it
    assert "art. 6, stk. 1, litra e" in html and "art. 6, stk. 1, litra a" in html
    assert "Analytikere ser antal, aldrig en person" in html
    assert "Datatilsynet" in html


def test_the_contact_page_names_an_address(client, settings):
    settings.CONTACT_EMAIL = "indgang@erhvervsfremme.example"
    html = client.get("/kontakt/").content.decode()
    assert 'href="mailto:indgang@erhvervsfremme.example"' in html
    assert 'href="/find-tilbud/"' in html


def test_english_is_one_click_away(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/privatliv/"})
    html = client.get("/privatliv/").content.decode()
    assert 'lang="en"' in html and "Privacy and personal data" in html
    assert "5 years after the last guidance with them ended" in html
