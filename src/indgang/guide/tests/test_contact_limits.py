"""The public contact form under abuse (decision 0017): a honeypot, and limits per address,
per email and company, and for all senders together; a flood never fills the inboxes."""

from urllib.parse import urlencode

import pytest
from django.core.cache import cache

from indgang.crm.models import ContactRequest
from indgang.guide.tests.test_pages import NEEDS

pytestmark = pytest.mark.django_db


def form(n=0, **changes):
    return {
        "query": urlencode(NEEDS, doseq=True),
        "offers": ["ehm-eksport"],
        "contact_name": "Karen Hansen",
        "email": f"karen{n}@eksempel.dk",
        "consent": "on",
        **changes,
    }


def send(client, data, **extra):
    return client.post("/find-tilbud/kontakt/", data, **extra)


def test_a_robot_filling_the_honeypot_is_thanked_and_nothing_is_sent(client, shared_catalog):
    page = client.get("/find-tilbud/resultater/", NEEDS).content.decode()
    assert 'class="indgang-honeypot" aria-hidden="true"' in page and 'name="website"' in page
    response = send(client, form(website="https://spam.example"), follow=True)
    assert "Din henvendelse er sendt" in response.content.decode()
    assert not ContactRequest.objects.exists()


def test_one_email_is_limited_whatever_address_it_comes_from(client, shared_catalog, settings):
    settings.CONTACT_FORM_RATE = "2/h"
    cache.clear()
    codes = [send(client, form(), REMOTE_ADDR=f"192.0.2.{n}").status_code for n in range(3)]
    assert codes == [302, 302, 429]
    assert ContactRequest.objects.count() == 2


def test_one_address_is_limited_whatever_it_writes(client, shared_catalog, settings):
    settings.CONTACT_FORM_RATE = "2/h"
    cache.clear()
    codes = [send(client, form(n)).status_code for n in range(3)]
    assert codes == [302, 302, 429]
    assert "For mange forespørgsler" in send(client, form(9)).content.decode()


def test_a_flood_from_many_addresses_stops_at_the_total(client, shared_catalog, settings):
    settings.CONTACT_FORM_TOTAL_RATE = "3/h"
    cache.clear()
    for n in range(6):
        send(client, form(n), REMOTE_ADDR=f"198.51.100.{n}")
    assert ContactRequest.objects.count() == 3
