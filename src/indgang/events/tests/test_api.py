"""The events API as a client uses it: publish, list, sign up, cancel, record who came."""

import datetime as dt

import pytest
from django.core import mail

from indgang.catalog.tests.factories import make_offer, operator
from indgang.crm.public import interactions, participation_rows
from indgang.events.models import Event
from indgang.events.tests.conftest import BASE, at, fields, make_event, person, post

pytestmark = pytest.mark.django_db


def event_body(**changes):
    return {
        "title": "Eksportkursus",
        "description": "Tre aftener om eksport.",
        "sessions": [
            {"starts_at": at(10).isoformat(), "ends_at": at(10, 20).isoformat(), "place": "Skive"},
            {"starts_at": at(17).isoformat(), "ends_at": at(17, 20).isoformat(), "place": "Skive"},
        ],
        "municipality_code": "779",
        "capacity": 20,
        "price_dkk": 500,
        "themes": ["eksport"],
        "co_hosts": ["aarhus-erhverv"],
        "kind": "course_series",
        **changes,
    }


def test_staff_publish_and_the_public_finds_it_by_municipality_and_co_host(client, world):
    assert post(client, "", event_body()).status_code == 401
    client.force_login(world["sam"])
    response = post(client, "", event_body())
    assert response.status_code == 201
    event_id = response.json()["id"]
    client.logout()

    listed = client.get(BASE, {"municipality_code": "779"}).json()
    assert [e["id"] for e in listed["items"]] == [event_id]
    assert listed["items"][0]["sessions"][1]["place"] == "Skive"
    # Aarhus co-hosts it: it is in Aarhus' calendar too, marked so
    aarhus = client.get(BASE, {"municipality_code": "751"}).json()["items"]
    assert [(e["id"], e["match"]) for e in aarhus] == [(event_id, "co_host")]
    # Copenhagen does not co-host and is in another region
    assert (
        client.get(BASE, {"municipality_code": "101", "include_neighbours": True}).json()["total"]
        == 0
    )
    # Viborg (same region as Skive) sees it as a neighbour's event
    viborg = client.get(BASE, {"municipality_code": "791", "include_neighbours": True}).json()
    assert [e["match"] for e in viborg["items"]] == ["neighbour"]
    assert client.get(BASE, {"theme": "opstart"}).json()["total"] == 0
    day = (dt.date.today() + dt.timedelta(days=10)).isoformat()
    assert client.get(BASE, {"date_from": day, "date_to": day}).json()["total"] == 1
    assert client.get(BASE, {"date_from": "igår"}).status_code == 422
    assert "/api/v1/events/{event_id}/signups" in client.get("/api/v1/openapi.json").json()["paths"]


def test_bad_event_input_names_the_field(client, world):
    client.force_login(world["sam"])
    wrong_order = event_body(
        sessions=[
            {"starts_at": at(3, 20).isoformat(), "ends_at": at(3, 18).isoformat(), "place": "x"}
        ]
    )
    assert "sessions.0.ends_at" in fields(post(client, "", wrong_order))
    assert "municipality_code" in fields(post(client, "", event_body(municipality_code="999")))
    assert "co_hosts" in fields(post(client, "", event_body(co_hosts=["nope"])))
    assert "capacity" in fields(post(client, "", event_body(capacity=0)))
    assert "sessions" in fields(post(client, "", event_body(sessions=[])))
    assert Event.objects.count() == 0


def test_sign_up_waiting_list_cancel_and_move_up(client, world):
    event = make_event(world["viewer"], capacity=1)
    first = post(client, f"{event.pk}/signups", person(1, cvr=world["company"].cvr))
    assert first.status_code == 201, first.content
    assert first.json()["status"] == "confirmed"
    second = post(client, f"{event.pk}/signups", person(2))
    assert second.json()["status"] == "waitlisted"
    again = post(client, f"{event.pk}/signups", person(1, email="P1@example.dk"))
    assert again.status_code == 422 and fields(again) == {"email"}

    confirmation = mail.outbox[0]
    assert confirmation.to == ["p1@example.dk"]
    assert first.json()["cancel_url"] in confirmation.body
    name, ics, mimetype = confirmation.attachments[0]
    ics = ics.decode() if isinstance(ics, bytes) else ics
    assert mimetype == "text/calendar" and "BEGIN:VEVENT" in ics and event.title in ics

    mail.outbox.clear()
    cancel_url = first.json()["cancel_url"]
    assert client.get(cancel_url).status_code == 200  # a link checker's GET changes nothing
    assert client.post(cancel_url).status_code == 200
    assert [m.to for m in mail.outbox] == [["p2@example.dk"]]  # moved up and told
    assert client.post(cancel_url).status_code == 200  # twice: nothing more happens
    assert len(mail.outbox) == 1
    statuses = {s["email"]: s["status"] for s in signups_as(client, world["alice"], event)}
    assert statuses == {"p1@example.dk": "cancelled", "p2@example.dk": "confirmed"}
    # Reading the sign-ups (names and emails) is in the host's access log.
    from indgang.audit.models import AccessLogEntry

    logged = AccessLogEntry.objects.filter(
        record_type="signup", action="read", owner_organisation_id=event.organisation_id
    )
    assert logged.count() == 2 and set(logged.values_list("channel", flat=True)) == {"api"}
    assert client.post(cancel_url + "x").status_code == 404


def signups_as(client, user, event):
    client.force_login(user)
    response = client.get(f"{BASE}{event.pk}/signups")
    client.logout()
    assert response.status_code == 200
    return response.json()


def test_bad_sign_up_names_the_field_and_closed_events_refuse(client, world):
    event = make_event(world["viewer"])
    for body, field in [
        (person(1, consent=False), "consent"),
        (person(1, cvr="12345678"), "cvr"),
        (person(1, email="ikke-en-adresse"), "email"),
        (person(1, name=""), "name"),
        ({"name": "x"}, "email"),
    ]:
        response = post(client, f"{event.pk}/signups", body)
        assert response.status_code == 422 and field in fields(response), body
    Event.objects.filter(pk=event.pk).update(signup_deadline=at(-1))
    assert "event" in fields(post(client, f"{event.pk}/signups", person(1)))
    assert post(client, "999999/signups", person(1)).status_code == 404


def test_sign_up_is_rate_limited(client, world, settings):
    settings.EVENTS_SIGNUP_RATE = "2/m"
    event = make_event(world["viewer"], capacity=10)
    codes = [post(client, f"{event.pk}/signups", person(n)).status_code for n in range(3)]
    assert codes == [201, 201, 429]


def test_attendance_becomes_crm_participation(client, world):
    operator()
    offer = make_offer()
    event = make_event(world["viewer"], co_hosts=["skive-erhverv"], offer_id=offer.pk)
    company = post(client, f"{event.pk}/signups", person(1, cvr=world["company"].cvr)).json()
    starter = post(client, f"{event.pk}/signups", person(2)).json()
    path = f"{event.pk}/attendance"
    client.force_login(world["alice"])
    assert "event" in fields(post(client, path, {"references": [company["reference"]]}))
    Event.objects.filter(pk=event.pk).update(starts_at=at(-1))

    bad = post(client, path, {"references": [company["reference"], "NOPE"]})
    assert bad.status_code == 422 and fields(bad) == {"references.1"}
    response = post(client, path, {"references": [company["reference"], starter["reference"]]})
    assert response.status_code == 200, response.content
    interaction_id = response.json()["interaction_id"]
    interaction = interactions().get(pk=interaction_id)
    assert interaction.organisation_id == "aarhus-erhverv" and interaction.type == "event"
    # the effect measurement reads the company's participation in the course's offer
    assert {(r["cvr"], r["offer_id"]) for r in participation_rows()} == {
        (world["company"].cvr, offer.pk)
    }
    assert interaction.participants.filter(company=world["company"]).exists()
    assert interaction.participants.filter(entrepreneur__email="p2@example.dk").exists()
    # recording again updates the same interaction, as a new version (the goals' counts
    # follow the interactions' versions)
    again = post(client, path, {"references": [company["reference"]]}).json()
    assert again["interaction_id"] == interaction_id
    assert interaction.participants.count() == 1
    assert interactions().get(pk=interaction_id).version == interaction.version + 1

    # a co-host sees the sign-ups; an unrelated operator does not even see the event
    client.force_login(world["sam"])
    assert client.get(f"{BASE}{event.pk}/signups").status_code == 200
    client.force_login(world["olga"])
    assert client.get(f"{BASE}{event.pk}/signups").status_code == 404
    assert post(client, path, {"references": []}).status_code == 404
