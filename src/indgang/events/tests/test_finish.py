"""The events' pages as issue 15 wants them: an event links the offer it belongs to only
where the catalog shows it (no link that answers 404), and the operator's list of its
events comes a page at a time, with as many queries for many events as for few."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.formats import date_format

from indgang.catalog.models import Offer, Status
from indgang.catalog.tests.factories import make_offer
from indgang.crm.tests.support import error_summary
from indgang.events.tests.conftest import make_event

pytestmark = pytest.mark.django_db


def test_the_event_links_its_offer_only_while_the_catalog_shows_it(client, world):
    offer = make_offer(
        id="kursus-start", operator_id="aarhus-erhverv", level="lokal", title="Startkursus"
    )
    event = make_event(world["viewer"], offer_id=offer.pk)
    page = client.get(f"/arrangementer/{event.pk}/").text
    assert '<a href="/tilbud/kursus-start/">Startkursus</a>' in page
    assert client.get("/tilbud/kursus-start/").status_code == 200
    Offer.objects.filter(pk=offer.pk).update(status=Status.DRAFT)
    page = client.get(f"/arrangementer/{event.pk}/").text
    assert 'data-testid="offer">Startkursus<' in page
    assert "/tilbud/kursus-start/" not in page


def test_our_events_come_a_page_at_a_time_with_as_many_queries_for_many(client, world):
    def count():
        client.get("/arrangementer/mine/")
        with CaptureQueriesContext(connection) as captured:
            page = client.get("/arrangementer/mine/").text
        return len(captured), page

    make_event(world["viewer"], title="Møde 0")
    client.force_login(world["alice"])
    few, _page = count()
    for n in range(1, 30):
        make_event(world["viewer"], title=f"Møde {n}")
    many, page = count()
    assert many == few
    assert page.count('href="/arrangementer/') >= 25 and "Viser 1–25 af 30" in page
    assert 'href="?side=2"' in page


def test_a_refused_session_is_summed_up_on_top_linking_to_its_field(client, world):
    client.force_login(world["alice"])
    response = client.post(
        "/arrangementer/ny/",
        {
            "kind": "course",
            "title": "Bogføring for begyndere",
            "description": "To timer om bogføring.",
            "municipality": "751",
            "capacity": "12",
            "price_dkk": "0",
            "sessions-TOTAL_FORMS": "3",
            "sessions-INITIAL_FORMS": "0",
            "sessions-MIN_NUM_FORMS": "1",
            "sessions-MAX_NUM_FORMS": "20",
            "sessions-0-date": "i morgen",
            "sessions-0-starts": "17:00",
            "sessions-0-ends": "19:00",
        },
    )
    summary = error_summary(response.text)
    assert 'href="#id_sessions-0-date"' in summary and "Mødegang 1, dato" in summary
    assert 'id="id_sessions-0-date"' in response.text
    assert (
        'value="Bogføring for begyndere"' in response.text and 'value="i morgen"' in response.text
    )
    assert response.text.index("error-summary") < response.text.index("sessions-TOTAL_FORMS")


def test_the_sign_up_list_download_dates_the_danish_way(client, world):
    event = make_event(world["viewer"])
    client.post(
        f"/arrangementer/{event.pk}/",
        {"name": "Ida", "email": "ida@example.dk", "cvr": world["company"].cvr, "consent": "on"},
    )
    client.force_login(world["alice"])
    rows = client.get(f"/arrangementer/{event.pk}/tilmeldinger.csv").content.decode("utf-8-sig")
    today = date_format(timezone.localdate(), "j. F Y")
    assert f";{today} " in rows.splitlines()[1]
