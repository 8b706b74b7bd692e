"""Interactions: logging, participants, editing, through the API, as an operator's own system uses it."""

import pytest

from indgang.crm.models import (
    Interaction,
)
from indgang.crm.tests.factories import (
    CompanyFactory,
    ContactPersonFactory,
    EntrepreneurFactory,
    InteractionFactory,
)
from indgang.crm.tests.support import fields

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_passwords")]


def test_logging_a_one_to_one_session_and_listing_it(api, alice, x):
    contact = ContactPersonFactory(organisation=alice.organisation, company=x)
    response = api.post(
        "/interactions",
        {
            "type": "one_to_one",
            "date": "2026-03-02",
            "cvr": x.cvr,
            "themes": ["eksport", "finansiering"],
            "contact_ids": [contact.pk],
            "note": "Vil til Tyskland.",
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["company_cvr"] == x.cvr and body["note"] == "Vil til Tyskland."
    assert sorted(body["themes"]) == ["eksport", "finansiering"]
    assert body["contacts"] == [{"id": contact.pk, "name": contact.name}]
    assert body["consultant_email"] == alice.person.email

    InteractionFactory(organisation=alice.organisation, company=x, type="phone", date="2025-01-10")
    InteractionFactory(organisation=alice.organisation, type="email", date="2026-01-10")
    InteractionFactory(type="phone", company=x, date="2026-02-01")  # another operator's

    page = api.get("/interactions").json()
    assert page["total"] == 3 and len(page["items"]) == 3
    assert "note" not in page["items"][0]
    assert api.get("/interactions", type="phone").json()["total"] == 1
    assert api.get("/interactions", cvr=x.cvr).json()["total"] == 2
    assert (
        api.get("/interactions", date_from="2026-01-01", date_to="2026-01-31").json()["total"] == 1
    )
    second = api.get("/interactions", limit=1, offset=1).json()
    assert second["total"] == 3 and [i["date"] for i in second["items"]] == ["2026-01-10"]
    response = api.get("/interactions", type="dance", limit=0)
    assert response.status_code == 422 and fields(response) == {"type", "limit"}


def test_events_take_participants(api, alice, x):
    y = CompanyFactory()
    entrepreneur = EntrepreneurFactory(organisation=alice.organisation)
    response = api.post("/interactions", {"type": "event", "date": "2026-03-02", "title": "Messe"})
    assert response.status_code == 422 and fields(response) == {"participant_cvrs"}
    response = api.post(
        "/interactions",
        {
            "type": "event",
            "date": "2026-03-02",
            "participant_cvrs": [x.cvr, y.cvr],
            "participant_entrepreneur_ids": [entrepreneur.pk],
        },
    )
    assert response.status_code == 201, response.content
    participants = response.json()["participants"]
    assert {p["company_cvr"] for p in participants} == {x.cvr, y.cvr, None}
    assert entrepreneur.name in {p["entrepreneur_name"] for p in participants}


def test_interaction_errors_name_the_field(api, alice, x):
    other_company_contact = ContactPersonFactory(organisation=alice.organisation)
    cases = [
        ({"type": "one_to_one", "date": "2026-03-02"}, {"cvr"}),
        ({"type": "one_to_one", "date": "2026-03-02", "cvr": "20000000"}, {"cvr"}),
        ({"type": "one_to_one", "date": "2026-03-02", "cvr": x.cvr, "themes": ["x"]}, {"themes"}),
        (
            {"type": "one_to_one", "date": "2026-03-02", "cvr": x.cvr, "offer_id": "no"},
            {"offer_id"},
        ),
        (
            {
                "type": "one_to_one",
                "date": "2026-03-02",
                "cvr": x.cvr,
                "contact_ids": [other_company_contact.pk],
            },
            {"contact_ids"},
        ),
        ({"type": "one_to_one", "date": "2099-01-01", "cvr": x.cvr}, {"date"}),
        ({"type": "séance", "date": "2. marts", "cvr": x.cvr}, {"type", "date"}),
        (
            {"type": "one_to_one", "date": "2026-03-02", "entrepreneur_id": 2_000_000},
            {"entrepreneur_id"},
        ),
    ]
    for body, expected in cases:
        response = api.post("/interactions", body)
        assert response.status_code == 422, body
        assert fields(response) == expected, (body, response.json())
    assert not Interaction.objects.exists()


def test_another_operators_draft_offer_is_unknown_but_ones_own_is_not(api, alice, c, x):
    from indgang.catalog.tests.factories import make_offer

    make_offer(id="c-udkast", operator_id=c.pk, title="C's udkast", status="udkast")
    make_offer(
        id="a-udkast", operator_id=alice.organisation.pk, title="A's udkast", status="udkast"
    )
    body = {"type": "one_to_one", "date": "2026-03-02", "cvr": x.cvr}
    # the same answer as for an id that does not exist: a draft's existence is not told
    refused = api.post("/interactions", {**body, "offer_id": "c-udkast"})
    missing = api.post("/interactions", {**body, "offer_id": "findes-ikke"})
    assert refused.status_code == missing.status_code == 422
    assert refused.json()["errors"] == missing.json()["errors"]
    assert api.post("/interactions", {**body, "offer_id": "a-udkast"}).status_code == 201


def test_changing_an_interaction(api, alice, x):
    interaction = InteractionFactory(organisation=alice.organisation, company=x, note="Før")
    contact = ContactPersonFactory(organisation=alice.organisation, company=x)
    response = api.patch(
        f"/interactions/{interaction.pk}",
        {"version": 1, "note": "Efter", "themes": ["innovation"], "contact_ids": [contact.pk]},
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["note"], body["themes"], body["version"]) == ("Efter", ["innovation"], 2)
    assert [c["id"] for c in body["contacts"]] == [contact.pk]
    stale = api.patch(f"/interactions/{interaction.pk}", {"version": 1, "note": "Gammel"})
    assert stale.status_code == 409
    far = api.patch(f"/interactions/{interaction.pk}", {"version": 2, "date": "2099-01-01"})
    assert far.status_code == 422 and fields(far) == {"date"}
    foreign = ContactPersonFactory(organisation=alice.organisation)
    wrong = api.patch(
        f"/interactions/{interaction.pk}", {"version": 2, "contact_ids": [foreign.pk]}
    )
    assert wrong.status_code == 422 and fields(wrong) == {"contact_ids"}
    # null on a field that cannot be empty leaves it alone
    kept = api.patch(f"/interactions/{interaction.pk}", {"version": 2, "note": None})
    assert kept.status_code == 200 and kept.json()["note"] == "Efter"
