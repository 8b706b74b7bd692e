"""The public flow from need to contact request, and where the request lands."""

from urllib.parse import urlencode

import pytest
from django.urls import reverse

from indgang.crm.models import ContactRequest, Referral
from indgang.organisations.models import Role
from indgang.organisations.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

NEEDS = {
    "municipality": "751",
    "sector": "C",
    "employees": "25",
    "age": "8",
    "growth": "yes",
    "text": "Vi vil gerne i gang med at sælge til Tyskland, men mangler penge til en messe",
    "needs": ["eksport"],
}


def results(client, params=NEEDS):
    return client.get("/find-tilbud/resultater/?" + urlencode(params, doseq=True))


def test_start_page_asks_for_company_and_needs(client):
    html = client.get("/find-tilbud/").content.decode()
    assert "Find tilbud til din virksomhed" in html
    for label in [
        "CVR-nummer",
        "Kommune",
        "Branche",
        "Antal ansatte",
        "Hvad har I brug for hjælp til?",
    ]:
        assert label in html


def test_results_are_one_list_tagged_explained_and_priced(client, shared_catalog):
    html = results(client).content.decode()
    assert "Tilbud, der dækker jeres behov" in html
    assert "Eksportsparring – fra ambition til eksportplan" in html  # Erhvervshus Midtjylland
    assert "Hvorfor:" in html and "dækker jeres behov: eksport" in html
    assert "Gratis" in html
    assert 'data-testid="ask-municipality"' not in html
    national = results(client, {**NEEDS, "level": "national"}).content.decode()
    assert "Eksportsparring – fra ambition til eksportplan" not in national
    assert "Eksportstart – rådgivning til virksomheder" in national
    assert ">Nationalt<" in national and ">Decentralt<" not in national


def test_nothing_meets_the_need_points_to_the_local_service(client, shared_catalog):
    page = {"municipality": "630", "text": "Jeg mangler en dagplejeplads til mit barn"}
    html = results(client, page).content.decode()
    assert "Vi fandt intet tilbud, der dækker det, I spørger om" in html
    assert "Tilbud, der dækker jeres behov" not in html
    assert "Vejle Erhverv" in html and "Erhvervshus Sydjylland" in html


def test_without_a_municipality_the_guide_asks_for_it(client, shared_catalog):
    html = results(client, {"text": "lån"}).content.decode()
    assert "Hvilken kommune ligger virksomheden i?" in html
    assert "Mikrolån til iværksættere og små virksomheder i Lemvig" not in html
    assert "Startlån til iværksættere i samarbejde med bankerne" in html


def test_an_empty_request_is_sent_back_with_a_message(client):
    response = client.get("/find-tilbud/resultater/?municipality=751")
    assert "Beskriv jeres behov, eller sæt kryds ved mindst ét tema." in response.content.decode()


def test_bad_facts_name_the_field(client):
    html = results(client, {**NEEDS, "cvr": "13585627", "employees": "-3"}).content.decode()
    assert "CVR-nummerets kontrolciffer er forkert." in html
    assert "Antal ansatte" in html and "større end eller lig 0" in html


def test_contact_request_reaches_the_operator_with_consent(client, shared_catalog):
    query = urlencode(NEEDS, doseq=True)
    form = {
        "query": query,
        "offers": ["ehm-eksport"],
        "contact_name": "Karen Hansen",
        "email": "karen@eksempel.dk",
        "phone": "12345678",
        "consent": "on",
    }
    refused = client.post("/find-tilbud/kontakt/", {**form, "consent": ""}).content.decode()
    assert "Jeg giver mit samtykke" in refused
    # a screen reader hears the consent text and the error with the box
    assert 'aria-describedby="consent-text id_consent-error"' in refused
    assert not ContactRequest.objects.exists()

    done = client.post("/find-tilbud/kontakt/", form, follow=True)
    assert "Din henvendelse er sendt" in done.content.decode()
    assert "Erhvervshus Midtjylland" in done.content.decode()
    request = ContactRequest.objects.get()
    assert request.operator_id == "eh-midtjylland"
    assert list(request.offers.values_list("pk", flat=True)) == ["ehm-eksport"]
    assert request.consent_given_at and "samtykke" in request.consent_text
    assert request.profile["municipality_code"] == "751"


def test_unsure_companies_go_to_their_local_business_service(client, shared_catalog):
    form = {
        "query": urlencode(NEEDS, doseq=True),
        "unsure": "on",
        "contact_name": "Ole",
        "email": "ole@eksempel.dk",
        "consent": "on",
    }
    client.post("/find-tilbud/kontakt/", form)
    request = ContactRequest.objects.get()
    assert request.operator_id == "aarhus-erhverv" and request.routed_as_local


def test_the_request_lands_in_the_receiving_operators_crm_inbox(client, shared_catalog):
    client.post(
        "/find-tilbud/kontakt/",
        {
            "query": urlencode(NEEDS, doseq=True),
            "offers": ["ehm-eksport", "ehm-kapitalnetvaerk"],
            "contact_name": "Karen Hansen",
            "email": "karen@eksempel.dk",
            "consent": "on",
        },
    )
    referral = Referral.objects.get()
    insider = MembershipFactory(organisation_id="eh-midtjylland", role=Role.CONSULTANT).person
    outsider = MembershipFactory(organisation_id="eh-fyn", role=Role.ADMIN).person
    inbox, detail = reverse("crm:referrals"), reverse("crm:referral", args=[referral.pk])

    client.force_login(outsider)
    assert "Karen Hansen" not in client.get(inbox).text
    assert client.get(detail).status_code == 404

    client.force_login(insider)
    assert "Karen Hansen" in client.get(inbox).text
    page = client.get(detail).text
    assert "karen@eksempel.dk" in page and "Samtykke" in page
    # both chosen offers, though the referral names no single one
    assert "Eksportsparring" in page and "Kapitalnetværk og investormøder" in page
    # the guide's old list of requests now leads to the CRM inbox
    assert client.get("/find-tilbud/henvendelser/")["Location"] == inbox


def test_anonymous_visitors_cannot_read_requests(client):
    response = client.get("/find-tilbud/henvendelser/", follow=True)
    assert "/konto/login/" in response.redirect_chain[-1][0]
