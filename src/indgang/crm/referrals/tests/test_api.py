"""Referrals (henvisninger) and contact requests from the one entry, through the API, as an operator's own system uses it."""

import pytest

from indgang.crm.models import (
    Notification,
    Referral,
)
from indgang.crm.tests.factories import (
    InteractionFactory,
    OperatorFactory,
    ReferralFactory,
    staff,
)
from indgang.crm.tests.support import Api, fields
from indgang.organisations.models import Role

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_passwords")]


def test_a_referral_from_sent_to_completed(client, a, c, alice, x):
    carl = staff(c, Role.CONSULTANT, full_name="Carl Modtager")
    alice_api = Api(client, alice.person)
    response = alice_api.post(
        "/referrals",
        {
            "cvr": x.cvr,
            "to_organisation_id": c.pk,
            "to_person_email": carl.person.email,
            "themes": ["finansiering"],
            "reason": "Har brug for lån.",
            "company_wants": "Et møde.",
        },
    )
    assert response.status_code == 201, response.content
    referral = response.json()
    assert (referral["status"], referral["to_person_email"]) == ("sent", carl.person.email)
    assert alice_api.get("/referrals", direction="out").json()["total"] == 1
    assert alice_api.get("/referrals", direction="in").json()["total"] == 0

    carl_api = Api(client, carl.person)
    incoming = carl_api.get("/referrals", direction="in", status="sent").json()
    assert [r["id"] for r in incoming["items"]] == [referral["id"]]
    assert "reason" not in incoming["items"][0]
    detail = carl_api.get(f"/referrals/{referral['id']}").json()
    assert detail["reason"] == "Har brug for lån."
    assert detail["next_statuses"] == ["received", "accepted", "declined"]
    waiting = carl_api.get("/worklists").json()["referrals_waiting_for_me"]
    assert [r["id"] for r in waiting["items"]] == [referral["id"]]

    url = f"/referrals/{referral['id']}/status"
    assert carl_api.post(url, {"status": "received", "version": 1}).status_code == 200
    stale = carl_api.post(url, {"status": "accepted", "version": 1})
    assert stale.status_code == 409
    assert carl_api.post(url, {"status": "accepted", "version": 2}).status_code == 200
    no_interaction = carl_api.post(url, {"status": "completed", "version": 3})
    assert no_interaction.status_code == 422 and fields(no_interaction) == {"interaction_id"}
    helped = InteractionFactory(organisation=c, company=x)
    done = carl_api.post(url, {"status": "completed", "version": 3, "interaction_id": helped.pk})
    assert done.status_code == 200, done.content
    body = done.json()
    assert body["completed_interaction_id"] == helped.pk
    assert [e["status"] for e in body["events"]] == ["sent", "received", "accepted", "completed"]
    assert body["next_statuses"] == []
    # The sender follows it and was told each time.
    assert Api(client, alice.person).get(f"/referrals/{referral['id']}").json()["status"] == (
        "completed"
    )
    assert Notification.objects.filter(person=alice.person, kind="status_changed").count() == 3


def test_referral_errors_name_the_field(client, a, c, alice, x):
    api = Api(client, alice.person)
    stranger = staff(OperatorFactory())
    cases = [
        ({"cvr": x.cvr, "to_organisation_id": c.pk}, {"reason"}),
        ({"cvr": x.cvr, "to_organisation_id": a.pk, "reason": "x"}, {"to_organisation_id"}),
        ({"cvr": x.cvr, "to_organisation_id": "nobody", "reason": "x"}, {"to_organisation_id"}),
        ({"to_organisation_id": c.pk, "reason": "x"}, {"cvr"}),
        (
            {"cvr": x.cvr, "to_organisation_id": c.pk, "private_adviser": "Revisor", "reason": "x"},
            {"to_organisation_id"},
        ),
        (
            {
                "cvr": x.cvr,
                "to_organisation_id": c.pk,
                "to_person_email": stranger.person.email,
                "reason": "x",
            },
            {"to_person_email"},
        ),
        (
            {
                "cvr": x.cvr,
                "to_organisation_id": c.pk,
                "to_person_email": "ghost@example.dk",
                "reason": "x",
            },
            {"to_person_email"},
        ),
    ]
    for body, expected in cases:
        response = api.post("/referrals", body)
        assert response.status_code == 422, body
        assert fields(response) == expected, (body, response.json())
    assert not Referral.objects.exists()

    adviser = api.post(
        "/referrals", {"cvr": x.cvr, "private_adviser": "Revisor Hansen", "reason": "Regnskab"}
    )
    assert adviser.status_code == 201 and adviser.json()["status"] == "completed"

    referral = ReferralFactory(organisation=a, to_organisation=c, company=x)
    carl = staff(c)
    carl_api = Api(client, carl.person)
    url = f"/referrals/{referral.pk}/status"
    response = carl_api.post(url, {"status": "declined", "version": 1})
    assert response.status_code == 422 and fields(response) == {"decline_reason"}
    response = carl_api.post(url, {"status": "completed", "version": 1})
    assert response.status_code == 422 and fields(response) == {"status"}
    response = carl_api.post(url, {"status": "lost", "version": 1})
    assert response.status_code == 422 and fields(response) == {"status"}
    declined = carl_api.post(url, {"status": "declined", "version": 1, "decline_reason": "Fuldt"})
    assert declined.status_code == 200 and declined.json()["decline_reason"] == "Fuldt"


def test_sent_and_received_referrals_page_newest_first(client, a, c, alice):
    """The list of referrals sent and received pages through both in one order, newest
    first, each once (also one the organisation sent to itself)."""
    import datetime as dt

    from django.utils import timezone

    start = timezone.now() - dt.timedelta(days=30)
    made = []
    for _ in range(7):
        sent = ReferralFactory(organisation=a, to_organisation=c)
        received = ReferralFactory(organisation=c, to_organisation=a)
        made += [sent, received]
    made.append(ReferralFactory(organisation=a, to_organisation=a))
    ReferralFactory(organisation=c, to_organisation=OperatorFactory())  # not a's
    for day, referral in enumerate(made):
        Referral.objects.filter(pk=referral.pk).update(created_at=start + dt.timedelta(days=day))
    newest_first = [r.pk for r in reversed(made)]

    api = Api(client, alice.person)
    pages = [api.get("/referrals", limit=4, offset=offset).json() for offset in (0, 4, 8, 12)]
    assert {p["total"] for p in pages} == {15}
    assert [r["id"] for p in pages for r in p["items"]] == newest_first
