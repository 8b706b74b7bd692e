"""The results page as a company reads it: names not codes, the form it can correct with
what it typed, the first offers with "show more", and the offer it came to ask about."""

import re
from html import unescape
from urllib.parse import urlencode

import pytest
from django.utils import translation

from indgang.guide import reasons, views
from indgang.guide.engine import Reason
from indgang.guide.presentation import Explanation, place_names
from indgang.guide.tests.test_pages import NEEDS
from indgang.reference.models import Municipality
from indgang.registry.tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db


def results(client, params=NEEDS) -> str:
    return client.get("/find-tilbud/resultater/?" + urlencode(params, doseq=True)).content.decode()


def cards(html: str) -> list[str]:
    return re.findall(r'<li class="card" data-offer="([^"]+)"', html)


def test_a_cvr_lookup_shows_names_not_codes(client, shared_catalog):
    company = CompanyFactory(
        municipality=Municipality.objects.get(code="630"), db07_section_id="C", db07_code="251100"
    )
    html = results(client, {"cvr": company.cvr, "text": "eksport"})
    assert "Kommune: Vejle (Region Syddanmark) (fra CVR-registret)" in html
    assert "Branche: Industri (fra CVR-registret)" in html
    assert "Kommune: 630" not in html and "(DB07): C" not in html


def test_correcting_brings_back_the_form_filled_with_what_was_typed(client, shared_catalog):
    html = results(client, {**NEEDS, "cvr": "", "needs": ["eksport", "finansiering"]})
    link = unescape(re.search(r'href="([^"]+)" data-testid="correct-facts"', html).group(1))
    form = client.get(link).content.decode()
    assert 'value="751" selected' in form  # Aarhus
    assert 'value="C" selected' in form
    assert re.search(r'name="employees" value="25"', form)
    assert re.search(r'name="age" value="8"', form)
    assert re.search(r'value="yes"[^>]*checked', form)
    assert (
        "Vi vil gerne i gang med at sælge til Tyskland, men mangler penge til en messe</textarea>"
        in form
    )
    assert re.search(r'value="eksport"[^>]*checked', form) and re.search(
        r'value="finansiering"[^>]*checked', form
    )
    # coming back is not an error: nothing is summed up until the form is sent
    assert 'id="error-summary"' not in form and "error-summary" not in form


def test_the_first_offers_and_more_on_request(client, shared_catalog):
    html = results(client)
    first = cards(html)
    assert len(first) == views.RESULTS_FIRST
    button = re.search(
        r'<button type="submit" name="vis" value="20"[^>]*>Vis 10 flere tilbud', html
    )
    # htmx brings the next offers in place, the ticked ones included
    more = unescape(re.search(r'hx-get="([^"]+)"', button.group(0)).group(1))
    assert "vis=20" in more and "municipality=751" in more and "needs=eksport" in more
    assert 'hx-select="#results"' in button.group(0)
    after = client.get(more).content.decode()
    assert cards(after)[:10] == first and len(cards(after)) > 10
    assert re.search(r'id="result-11" tabindex="-1" data-first-new', after)
    # without JavaScript the button posts the form: the page lands at the first new offer
    assert 'formaction="/find-tilbud/kontakt/?' in button.group(0)
    assert "#result-11" in button.group(0)


def test_show_more_without_javascript_keeps_what_was_ticked_and_typed(client, shared_catalog):
    from indgang.crm.models import ContactRequest

    first = cards(results(client))
    form = {
        "query": urlencode(NEEDS, doseq=True),
        "vis": "20",
        "offers": [first[3]],
        "contact_name": "Mads Jensen",
        "email": "mads@",  # not yet a whole address: nothing is checked on "Vis flere"
    }
    html = client.post("/find-tilbud/kontakt/", form).content.decode()
    assert len(cards(html)) == 20 and cards(html)[:10] == first
    assert f'value="{first[3]}" id="offer-{first[3]}" checked' in html
    assert 'value="Mads Jensen"' in html and 'value="mads@"' in html
    assert "error-summary" not in html and not ContactRequest.objects.exists()
    assert 'name="vis" value="30"' in html  # and again


def test_an_offer_ticked_before_showing_more_stays_ticked(client, shared_catalog):
    everything = cards(results(client, {**NEEDS, "vis": "30"}))
    late = everything[15]
    html = results(client, {**NEEDS, "offers": [late]})
    assert late in cards(html)  # a ticked offer is never hidden
    assert f'value="{late}" id="offer-{late}" checked' in html


def test_no_empty_why_label(client, shared_catalog, monkeypatch):
    monkeypatch.setattr(views, "explain", lambda item, names: Explanation([], [], []))
    html = results(client)
    assert cards(html) and "Hvorfor:" not in html


def test_reasons_say_dates_numbers_and_industries_the_danish_way():
    with translation.override("da"):
        names = place_names()
        upcoming = Reason("status_upcoming", {"valid_from": "2027-01-14"})
        assert reasons.why(upcoming, names) == "åbner 14. januar 2027"
        turnover = Reason("turnover_below_min", {"min": 5_000_000})
        assert reasons.why_not(turnover, names) == "kræver en omsætning på mindst 5.000.000 kr."
        sectors = Reason("sector_not_covered", {"sectors": ["C", "J"]})
        assert reasons.why_not(sectors, names) == (
            "kun for bestemte brancher (industri, information og kommunikation)"
        )
        big = Reason("employees_within", {"min": 1000, "max": None})
        assert reasons.why(big, names) == "for virksomheder med mindst 1.000 ansatte"


def test_contact_me_about_an_offer_from_its_page(client, shared_catalog):
    offer_page = client.get("/tilbud/ehm-eksport/").content.decode()
    link = unescape(re.search(r'href="([^"]+)" data-testid="contact-me"', offer_page).group(1))
    assert link == "/find-tilbud/?tilbud=ehm-eksport"
    start = client.get(link).content.decode()
    assert "I spørger om “Eksportsparring – fra ambition til eksportplan”" in start
    assert 'name="tilbud" value="ehm-eksport"' in start
    # a company in Aarhus says no more than where it is: the offer is there, ticked
    html = results(client, {"municipality": "751", "tilbud": "ehm-eksport"})
    asked = html[html.index('data-testid="asked-offer"') : html.index('id="results"')]
    assert 'value="ehm-eksport" id="offer-ehm-eksport" checked' in asked
    assert html.count('id="offer-ehm-eksport"') == 1
    assert "Vi fandt intet tilbud" not in html


def test_an_offer_not_open_to_the_company_says_why(client, shared_catalog):
    html = results(client, {"municipality": "101", "tilbud": "ehm-eksport"})
    assert (
        "“Eksportsparring – fra ambition til eksportplan” er ikke åbent for jeres virksomhed"
        in html
    )
    assert "Kun for virksomheder i Region Midtjylland" in html
    assert 'id="offer-ehm-eksport"' not in html  # nothing to tick
