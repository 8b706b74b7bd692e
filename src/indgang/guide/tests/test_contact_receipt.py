"""The contact request as the company lives it: errors at the top of the form where the page
comes back, a page that survives a reload, and a receipt with a reference and what happens
next, on the page and by email."""

import re
from urllib.parse import urlencode

import pytest
from django.core import mail
from django.test import Client

from indgang.crm.models import ContactRequest
from indgang.guide.tests.test_pages import NEEDS

pytestmark = pytest.mark.django_db

QUERY = urlencode(NEEDS, doseq=True)


def form(**changes):
    return {
        "query": QUERY,
        "offers": ["ehm-eksport"],
        "contact_name": "Karen Hansen",
        "email": "karen@eksempel.dk",
        "phone": "12345678",
        "consent": "on",
        **changes,
    }


def send(client, data):
    return client.post(f"/find-tilbud/kontakt/?{QUERY}", data)


def test_errors_are_summed_up_at_the_top_of_the_form_and_link_to_the_fields(client, shared_catalog):
    page = send(client, form(contact_name="", consent="")).content.decode()
    summary = page.index('id="error-summary"')
    # above every offer, where the page comes back, not below the results
    assert summary < page.index('class="card"')
    assert summary < page.index('data-testid="meeting"')
    assert re.search(r'<a [^>]*href="#id_contact_name"[^>]*>Dit navn:', page)
    assert re.search(r'<a [^>]*href="#id_consent"[^>]*>Jeg giver mit samtykke:', page)
    assert 'id="id_contact_name"' in page and 'id="id_consent"' in page
    # what was typed and ticked is kept
    assert 'value="karen@eksempel.dk"' in page
    assert re.search(r'value="ehm-eksport" id="offer-ehm-eksport" checked', page)
    assert not ContactRequest.objects.exists()


def test_loading_the_contact_address_again_leads_back_to_the_results(client, shared_catalog):
    page = send(client, form(consent="")).content.decode()
    # the form's address keeps the query, so a reload or the language switch has it
    assert f'action="/find-tilbud/kontakt/?{QUERY.replace("&", "&amp;")}"' in page
    again = client.get(f"/find-tilbud/kontakt/?{QUERY}")
    assert again.status_code == 302
    assert again["Location"] == f"/find-tilbud/resultater/?{QUERY}#contact"
    assert "Eksportsparring" in client.get(again["Location"]).content.decode()
    assert client.get("/find-tilbud/kontakt/")["Location"] == "/find-tilbud/"
    # the same for the alerts' form beside it
    assert client.get(f"/find-tilbud/besked/?{QUERY}")["Location"].endswith("#alert")


def test_a_sent_request_ends_on_a_receipt_that_survives_a_reload(client, shared_catalog):
    response = send(client, form())
    request = ContactRequest.objects.get()
    reference = f"IND-{request.pk:06d}"
    assert response["Location"] == f"/find-tilbud/kvittering/{reference}/"
    for _ in range(2):  # a reload shows the same receipt and sends nothing again
        page = client.get(response["Location"]).content.decode()
        assert "Din henvendelse er sendt" in page
        assert f'<strong data-testid="reference">{reference}</strong>' in page
        assert "Erhvervshus Midtjylland" in page
        assert "inden for 5 arbejdsdage" in page
        assert "Eksportsparring – fra ambition til eksportplan" in page
        assert "Vi har sendt denne kvittering til karen@eksempel.dk" in page
    assert ContactRequest.objects.count() == 1

    (message,) = mail.outbox
    assert message.to == ["karen@eksempel.dk"]
    assert reference in message.subject and message.subject.startswith("Kvittering")
    assert "Kære Karen Hansen" in message.body
    assert f"Erhvervshus Midtjylland – Referencenummer: {reference}" in message.body
    assert "inden for 5 arbejdsdage" in message.body
    assert "- Eksportsparring – fra ambition til eksportplan" in message.body


def test_nobody_else_can_see_a_receipt(client, shared_catalog):
    location = send(client, form())["Location"]
    assert Client().get(location).status_code == 404
    # nor guess the next one
    request = ContactRequest.objects.get()
    assert client.get(f"/find-tilbud/kvittering/IND-{request.pk + 1:06d}/").status_code == 404


def test_each_operator_has_its_own_reference(client, shared_catalog):
    page = client.get(send(client, form(unsure="on"))["Location"]).content.decode()
    requests = ContactRequest.objects.order_by("pk")
    assert requests.count() == 2  # the Erhvervshus, and the local business service
    for request in requests:
        assert f"IND-{request.pk:06d}" in page and request.operator.name in page
    assert "Jeres lokale erhvervsservice hjælper jer" in page


def test_the_consultant_finds_the_request_by_the_reference_the_company_quotes(
    client, shared_catalog
):
    from indgang.organisations.models import Organisation
    from indgang.organisations.tests.factories import MembershipFactory

    location = send(client, form())["Location"]
    reference = location.rstrip("/").rsplit("/", 1)[-1]
    receiver = ContactRequest.objects.get().operator
    consultant = MembershipFactory(organisation=receiver).person
    other = MembershipFactory(organisation=Organisation.objects.exclude(pk=receiver.pk).first())

    staff = Client()
    staff.force_login(consultant)
    found = staff.get("/crm/henvisninger/", {"reference": reference.lower()}).content.decode()
    referral = re.search(r'href="/crm/henvisninger/(\d+)/"', found)
    assert referral, found
    page = staff.get(f"/crm/henvisninger/{referral[1]}/").content.decode()
    assert f'<dd data-testid="reference">{reference}</dd>' in page
    # another operator's consultant finds nothing by the same reference
    stranger = Client()
    stranger.force_login(other.person)
    page = stranger.get("/crm/henvisninger/", {"reference": reference}).content.decode()
    assert 'data-testid="no-reference"' in page and "/crm/henvisninger/" + referral[1] not in page


def test_a_mail_server_that_fails_still_gives_the_receipt(client, shared_catalog, settings):
    settings.EMAIL_BACKEND = "indgang.guide.tests.test_contact_receipt.FailingBackend"
    response = send(client, form())
    assert response.status_code == 302
    assert "Din henvendelse er sendt" in client.get(response["Location"]).content.decode()


class FailingBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("no mail server")


def test_an_offer_that_is_no_longer_there_is_said_at_the_top(client, shared_catalog):
    page = send(client, form(offers=["findes-ikke"])).content.decode()
    summary = page[page.index('data-testid="error-summary"') :]
    summary = summary[: summary.index("</div>")]
    assert "Et af de tilbud, du satte kryds ved, er ikke længere åbent for dig." in summary
    assert 'href="#id_offers' not in page
    assert not ContactRequest.objects.exists()


def test_a_request_from_an_english_page_reaches_the_danish_crm_in_danish(client, shared_catalog):
    from django.conf import settings

    from indgang.crm.models import Referral

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(send(client, form())["Location"]).content.decode()
    assert '<html lang="en">' in page
    referral = Referral.objects.get(contact_request__isnull=False)
    assert referral.reason == "Virksomheden har bedt om at blive kontaktet via den fælles indgang."
