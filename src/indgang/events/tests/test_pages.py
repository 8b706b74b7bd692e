"""The pages as people use them: the calendar, signing up by form, the operator's list."""

import html
import re

import pytest
from django.core import mail
from django.core.management import call_command

from indgang.events import public
from indgang.events.models import Event, SignUp
from indgang.events.tests.conftest import at, make_event

pytestmark = pytest.mark.django_db


def test_calendar_shows_the_municipality_then_its_neighbours(client, world):
    make_event(world["viewer"], title="Møde i Aarhus")
    make_event(world["viewer"], title="Møde i Skive", municipality_code="779")
    make_event(world["viewer"], title="Møde i København", municipality_code="101")
    page = client.get("/arrangementer/", {"municipality": "751"}).content.decode()
    here, neighbours = page.split("nabokommuner")
    assert "Møde i Aarhus" in here and "Møde i Skive" in neighbours
    assert "Møde i København" not in page
    everything = client.get("/arrangementer/").content.decode()
    assert "Møde i København" in everything
    assert client.get("/arrangementer/", {"date_from": "x"}).status_code == 200


def test_sign_up_by_form_then_the_operator_records_who_came(client, world):
    event = make_event(world["viewer"], capacity=5, co_hosts=["skive-erhverv"])
    url = f"/arrangementer/{event.pk}/"
    missing = client.post(url, {"name": "Ida", "email": "ida@example.dk", "consent": "on"})
    assert "Angiv dit CVR-nummer" in missing.content.decode()
    done = client.post(
        url,
        {"name": "Ida", "email": "ida@example.dk", "cvr": world["company"].cvr, "consent": "on"},
    )
    assert "Du er tilmeldt" in done.content.decode()
    assert len(mail.outbox) == 1 and mail.outbox[0].attachments

    client.force_login(world["olga"])  # another operator: nothing to see
    assert client.get(f"{url}tilmeldinger/").status_code == 404
    assert client.get(f"/arrangementer/{event.pk}/tilmeldinger.csv").status_code == 404
    client.force_login(world["sam"])  # a co-host sees the sign-ups and exports them
    csv = client.get(f"/arrangementer/{event.pk}/tilmeldinger.csv").content.decode("utf-8-sig")
    assert "ida@example.dk" in csv and "Bak Maskiner ApS" in csv

    Event.objects.filter(pk=event.pk).update(starts_at=at(-1))
    client.force_login(world["alice"])
    ref = SignUp.objects.get().reference
    client.post(f"{url}tilmeldinger/", {"came": [ref]})
    event.refresh_from_db()
    assert event.interaction_id and SignUp.objects.get().attended
    page = client.get(f"{url}tilmeldinger/").content.decode()
    assert f"/maal/tilfredshed/send/{event.interaction_id}/" in page


def test_publish_by_form(client, world):
    client.force_login(world["alice"])
    day = at(14).date().isoformat()
    response = client.post(
        "/arrangementer/ny/",
        {
            "kind": "course",
            "title": "Bogføring for begyndere",
            "description": "To timer om bogføring.",
            "municipality": "751",
            "capacity": "12",
            "price_dkk": "0",
            "themes": ["opstart"],
            "sessions-TOTAL_FORMS": "3",
            "sessions-INITIAL_FORMS": "0",
            "sessions-MIN_NUM_FORMS": "1",
            "sessions-MAX_NUM_FORMS": "20",
            "sessions-0-date": day,
            "sessions-0-starts": "17:00",
            "sessions-0-ends": "16:00",
            "sessions-0-place": "Erhvervshuset",
        },
    )
    assert "En session skal slutte efter" in response.content.decode()
    assert not Event.objects.exists()


def test_reminders_go_once_the_day_before(world):
    from indgang.events import services

    tomorrow = make_event(
        world["viewer"], sessions=[services.SessionData(at(1, 10), at(1, 12), "Aarhus")]
    )
    later = make_event(world["viewer"])
    for e, email in [(tomorrow, "a@example.dk"), (later, "b@example.dk")]:
        services.sign_up(e.pk, name="A", email=email, cvr=None, consent=True)
    mail.outbox.clear()
    call_command("events_send_reminders")
    call_command("events_send_reminders")
    assert [m.to for m in mail.outbox] == [["a@example.dk"]]


def test_coming_events_and_personal_data(world):
    from indgang.events import services

    make_event(world["viewer"], title="Start her")
    make_event(world["viewer"], title="Eksport", themes=["eksport"], municipality_code="779")
    found = public.coming_events(["opstart"], "751", 5)
    assert [e["title"] for e in found] == ["Start her"]
    assert [e["match"] for e in public.coming_events([], "751", 5)] == ["municipality", "neighbour"]

    e = Event.objects.get(title="Start her")
    services.sign_up(e.pk, name="Ida", email="ida@example.dk", cvr=None, consent=True)
    assert public.signup_personal_data("IDA@example.dk")[0]["name"] == "Ida"
    assert public.anonymise_expired_signups(at(300).date()) == 0
    assert public.anonymise_expired_signups(at(400).date()) == 1
    assert public.signup_personal_data("ida@example.dk") == []
    services.sign_up(e.pk, name="Ida", email="ida@example.dk", cvr=None, consent=True)
    assert public.erase_signups("ida@example.dk") == 1
    assert SignUp.objects.filter(name="Ida").count() == 0


def test_a_long_calendar_pages_and_the_whole_region_is_one_link_away(client, world):
    for i in range(27):
        make_event(world["viewer"], title=f"Kursus nr. {i:02d}")
    for i in range(12):
        make_event(world["viewer"], title=f"Nabomøde {i:02d}", municipality_code="779")
    first = client.get("/arrangementer/", {"municipality": "751"}).content.decode()
    assert "27 arrangementer" in first and "Viser 1–25 af 27" in first
    assert "Kursus nr. 00" in first and "Kursus nr. 26" not in first
    assert first.count("Nabomøde") == 10  # the first ten neighbours' events
    second = client.get("/arrangementer/", {"municipality": "751", "side": "2"}).content.decode()
    assert "Kursus nr. 26" in second and "Kursus nr. 00" not in second

    link = re.search(r'href="\?([^"]+)" data-testid="whole-region"', first)
    assert link and "Se alle 12 arrangementer i hele regionen" in first
    region = client.get("/arrangementer/?" + html.unescape(link.group(1))).content.decode()
    assert "39 arrangementer" in region  # Aarhus and Skive are both in Midtjylland


def test_the_calendar_counts_places_per_page_not_per_event(client, world, settings):
    """The places left are counted for the page's events in one query: more events with
    more sign-ups make no more queries (an N+1 here was a second per page nationally)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from indgang.events import services

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

    def events_with_signups(n):
        for i in range(n):
            event = make_event(world["viewer"], title=f"Møde {i}", capacity=3)
            for k in range(2):
                services.sign_up(
                    event.pk, name="Ida", email=f"ida{i}-{k}@example.dk", cvr=None, consent=True
                )

    def counted():
        with CaptureQueriesContext(connection) as captured:
            page = client.get("/arrangementer/", {"municipality": "751"})
        return len(captured.captured_queries), page.content.decode()

    events_with_signups(2)
    client.get("/arrangementer/")
    few, _ = counted()
    events_with_signups(6)
    many, page = counted()
    assert many == few
    assert page.count("1 ledig plads") == 8  # 3 places, 2 taken, on every event
