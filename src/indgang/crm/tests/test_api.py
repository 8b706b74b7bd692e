"""The CRM API (issue 6, item 8): what an operator's own system can do, and the errors it
gets back. Who may see what is attacked in ``test_access_attack.py``."""

import datetime as dt
import json
import re

import pytest
from django.utils import timezone, translation

from indgang.audit.models import AccessLogEntry, Action
from indgang.crm import services
from indgang.crm.models import (
    CompanySegment,
    ContactPerson,
    Interaction,
    Notification,
    Referral,
    Segment,
)
from indgang.crm.tests.factories import (
    CompanyFactory,
    CompanySegmentFactory,
    ContactPersonFactory,
    EntrepreneurFactory,
    InteractionFactory,
    NeedsAssessmentFactory,
    OperatorFactory,
    PersonFactory,
    ReferralFactory,
    staff,
)
from indgang.organisations.models import Role
from indgang.organisations.services import create_api_token

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """The people here log in with force_login or tokens: skip the slow password hash."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


BASE = "/api/v1/crm"


class Api:
    """A client for one person, by session or bearer token."""

    def __init__(self, client, person=None, token=None):
        self.client = client
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}
        if person is not None:
            client.force_login(person)

    def get(self, path, **query):
        return self.client.get(BASE + path, query, headers=self.headers)

    def send(self, method, path, body=None, raw=None):
        data = raw if raw is not None else json.dumps(body if body is not None else {})
        return self.client.generic(
            method, BASE + path, data, content_type="application/json", headers=self.headers
        )

    def post(self, path, body=None):
        return self.send("POST", path, body)

    def patch(self, path, body):
        return self.send("PATCH", path, body)

    def put(self, path, body):
        return self.send("PUT", path, body)


def fields(response) -> set[str]:
    return {e["field"] for e in response.json()["errors"]}


@pytest.fixture
def a():
    return OperatorFactory(id="eh-api-a", name="Erhvervshus API A")


@pytest.fixture
def c():
    return OperatorFactory(id="eh-api-c", name="Erhvervshus API C")


@pytest.fixture
def alice(a):
    return staff(a, Role.CONSULTANT, full_name="Alice Konsulent")


@pytest.fixture
def x():
    return CompanyFactory(name="Xylofon ApS")


@pytest.fixture
def api(client, alice):
    return Api(client, alice.person)


# --- Authentication ----------------------------------------------------------------------


def test_a_bearer_token_carries_the_persons_permissions(client, alice, x):
    key = create_api_token(person=alice.person, name="Eget CRM")
    api = Api(client, token=key)
    created = api.post(f"/companies/{x.cvr}/contacts", {"name": "Karen Kontakt"})
    assert created.status_code == 201, created.content
    assert created.json()["organisation_id"] == "eh-api-a"
    listed = api.get(f"/companies/{x.cvr}/contacts")
    assert [c["name"] for c in listed.json()] == ["Karen Kontakt"]
    entry = AccessLogEntry.objects.filter(action=Action.READ, record_type="contactperson").get()
    assert (entry.person, entry.channel, entry.cvr) == (alice.person, "api", x.cvr)

    assert Api(client, token="wrong").get(f"/companies/{x.cvr}/contacts").status_code == 401


def test_no_login_is_401_and_no_membership_is_403(client, x):
    response = Api(client).get(f"/companies/{x.cvr}/timeline")
    assert response.status_code == 401
    assert set(response.json()) == {"detail", "errors"}
    outsider = PersonFactory()
    response = Api(client, outsider).get(f"/companies/{x.cvr}/timeline")
    assert response.status_code == 403
    key = create_api_token(person=outsider, name="x")
    client.logout()
    assert Api(client, token=key).get("/interactions").status_code == 403


def test_every_operation_is_documented_with_a_summary(client):
    schema = client.get("/api/v1/openapi.json").json()
    ops = {
        (method.upper(), path.removeprefix("/api/v1"))
        for path, methods in schema["paths"].items()
        if path.startswith("/api/v1/crm/")
        for method in methods
    }
    assert {
        ("GET", "/crm/companies/{cvr}/timeline"),
        ("GET", "/crm/companies/{cvr}/contacts"),
        ("POST", "/crm/companies/{cvr}/contacts"),
        ("GET", "/crm/contacts/{contact_id}"),
        ("PATCH", "/crm/contacts/{contact_id}"),
        ("GET", "/crm/interactions"),
        ("POST", "/crm/interactions"),
        ("GET", "/crm/interactions/{interaction_id}"),
        ("PATCH", "/crm/interactions/{interaction_id}"),
        ("GET", "/crm/companies/{cvr}/needs-assessments"),
        ("POST", "/crm/companies/{cvr}/needs-assessments"),
        ("GET", "/crm/needs-assessments/{assessment_id}"),
        ("PATCH", "/crm/needs-assessments/{assessment_id}"),
        ("GET", "/crm/entrepreneurs"),
        ("POST", "/crm/entrepreneurs"),
        ("GET", "/crm/entrepreneurs/{entrepreneur_id}"),
        ("PATCH", "/crm/entrepreneurs/{entrepreneur_id}"),
        ("POST", "/crm/entrepreneurs/{entrepreneur_id}/link"),
        ("GET", "/crm/referrals"),
        ("POST", "/crm/referrals"),
        ("GET", "/crm/referrals/{referral_id}"),
        ("POST", "/crm/referrals/{referral_id}/status"),
        ("GET", "/crm/companies/{cvr}/consents"),
        ("POST", "/crm/companies/{cvr}/consents"),
        ("POST", "/crm/consents/{consent_id}/withdraw"),
        ("PUT", "/crm/companies/{cvr}/segment"),
        ("GET", "/crm/worklists"),
    } <= ops
    for path, methods in schema["paths"].items():
        if path.startswith("/api/v1/crm/"):
            for method, operation in methods.items():
                assert operation.get("summary"), f"{method} {path} has no summary"
                assert "crm" in operation["tags"]


# --- Contact persons and optimistic locking -------------------------------------------------


def test_contact_persons_are_added_read_and_changed(api, x):
    created = api.post(
        f"/companies/{x.cvr}/contacts",
        {"name": "Karen Kontakt", "title": "CFO", "email": "karen@xylofon.dk", "phone": "12345678"},
    )
    assert created.status_code == 201
    contact = created.json()
    assert contact["company_cvr"] == x.cvr and contact["version"] == 1

    changed = api.patch(f"/contacts/{contact['id']}", {"version": 1, "title": "CEO"})
    assert changed.status_code == 200
    assert changed.json()["title"] == "CEO" and changed.json()["version"] == 2
    assert changed.json()["email"] == "karen@xylofon.dk"  # untouched fields stay
    assert api.get(f"/contacts/{contact['id']}").json()["title"] == "CEO"


def test_a_stale_version_is_409_and_nothing_is_written(api, alice, x):
    contact = ContactPersonFactory(organisation=alice.organisation, company=x, name="Før")
    first = api.patch(f"/contacts/{contact.pk}", {"version": 1, "name": "Første"})
    assert first.status_code == 200
    second = api.patch(f"/contacts/{contact.pk}", {"version": 1, "name": "Anden"})
    assert second.status_code == 409
    with translation.override("da"):
        assert second.json()["detail"] == services.Conflict().messages[0]
    contact.refresh_from_db()
    assert (contact.name, contact.version) == ("Første", 2)


def test_contact_errors_name_the_field(api, x):
    response = api.post(f"/companies/{x.cvr}/contacts", {"name": "", "email": "not-an-email"})
    assert response.status_code == 422
    assert fields(response) == {"name", "email"}
    response = api.post(f"/companies/{x.cvr}/contacts", {"name": "A" * 201})
    assert fields(response) == {"name"}
    response = api.post(f"/companies/{x.cvr}/contacts", {"name": "Nul\x00tegn"})
    assert response.status_code == 422 and fields(response) == {"name"}
    response = api.post(f"/companies/{x.cvr}/contacts", {"title": "Ingen navn"})
    assert fields(response) == {"name"}
    assert api.post("/companies/12345678/contacts", {"name": "Ukendt"}).status_code == 404
    contact = api.post(f"/companies/{x.cvr}/contacts", {"name": "Ok"}).json()
    response = api.patch(f"/contacts/{contact['id']}", {"name": "Uden version"})
    assert response.status_code == 422 and fields(response) == {"version"}
    response = api.patch(f"/contacts/{contact['id']}", {"version": 1, "email": "nope"})
    assert fields(response) == {"email"}
    assert ContactPerson.objects.get(pk=contact["id"]).email == ""


# --- Interactions -------------------------------------------------------------------------


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


# --- Needs assessments ---------------------------------------------------------------------


def test_needs_assessment_with_growth_mapping(api, x):
    response = api.post(
        f"/companies/{x.cvr}/needs-assessments",
        {
            "date": "2026-03-01",
            "expressed_themes": ["eksport"],
            "observed_themes": ["ledelse"],
            "expressed_note": "Vil eksportere.",
            "growth_mapping": {
                "financing": {"rating": 2, "note": "Gæld"},
                "management": {"rating": 4},
            },
            "digital_maturity": 3,
            "export_maturity": 1,
            "next_step": "Eksportforløb",
        },
    )
    assert response.status_code == 201, response.content
    made = response.json()
    assert made["growth_mapping"]["financing"] == {"rating": 2, "note": "Gæld"}
    assert (made["digital_maturity"], made["observed_themes"]) == (3, ["ledelse"])
    listed = api.get(f"/companies/{x.cvr}/needs-assessments").json()
    assert [a["id"] for a in listed] == [made["id"]]

    changed = api.patch(
        f"/needs-assessments/{made['id']}",
        {"version": 1, "digital_maturity": None, "next_step": "Lån"},
    )
    assert changed.status_code == 200
    assert (changed.json()["digital_maturity"], changed.json()["next_step"]) == (None, "Lån")
    assert changed.json()["export_maturity"] == 1


def test_needs_assessment_errors_name_the_field(api, alice, x):
    url = f"/companies/{x.cvr}/needs-assessments"
    response = api.post(
        url, {"date": "2026-03-01", "growth_mapping": {"financing": {"rating": 9}, "luck": {}}}
    )
    assert response.status_code == 422
    assert fields(response) == {"growth_mapping.financing.rating", "growth_mapping.luck"}
    response = api.post(url, {"date": "2026-03-01", "digital_maturity": 7})
    assert fields(response) == {"digital_maturity"}
    response = api.post(url, {"growth_mapping": {"financing": {"rating": "høj"}}})
    assert fields(response) == {"date", "growth_mapping.financing.rating"}
    response = api.post(url, {"date": "2026-03-01", "growth_mapping": {"financing": 5}})
    assert response.status_code == 422 and fields(response) == {"growth_mapping.financing"}
    assessment = NeedsAssessmentFactory(organisation=alice.organisation, company=x)
    response = api.patch(f"/needs-assessments/{assessment.pk}", {"version": 3, "next_step": "x"})
    assert response.status_code == 409


# --- Entrepreneurs -------------------------------------------------------------------------


def test_entrepreneurs_are_added_and_linked_to_their_company(api, alice, x):
    response = api.post(
        "/entrepreneurs",
        {
            "name": "Ida Idé",
            "email": "ida@example.dk",
            "idea": "Cykler",
            "municipality_code": "101",
        },
    )
    assert response.status_code == 201, response.content
    ida = response.json()
    assert (ida["municipality_code"], ida["company_cvr"]) == ("101", None)
    EntrepreneurFactory(organisation=alice.organisation, name="Bo Bager")
    EntrepreneurFactory(name="Ida Andensteds")  # another operator's
    page = api.get("/entrepreneurs", q="ida").json()
    assert [e["name"] for e in page["items"]] == ["Ida Idé"] and page["total"] == 1
    assert api.get("/entrepreneurs").json()["total"] == 2

    interaction = InteractionFactory(
        organisation=alice.organisation, company=None, entrepreneur_id=ida["id"]
    )
    linked = api.post(f"/entrepreneurs/{ida['id']}/link", {"cvr": x.cvr, "version": 1})
    assert linked.status_code == 200, linked.content
    assert linked.json()["company_cvr"] == x.cvr and linked.json()["linked_at"]
    interaction.refresh_from_db()
    assert (interaction.company_id, interaction.entrepreneur_id) == (None, ida["id"])
    timeline = api.get(f"/companies/{x.cvr}/timeline").json()
    assert interaction.pk in {e["record_id"] for e in timeline["entries"]}

    other = CompanyFactory()
    again = api.post(f"/entrepreneurs/{ida['id']}/link", {"cvr": other.cvr, "version": 2})
    assert again.status_code == 422 and fields(again) == {"cvr"}
    unknown = api.post(f"/entrepreneurs/{ida['id']}/link", {"cvr": "99999999", "version": 2})
    assert unknown.status_code == 422 and fields(unknown) == {"cvr"}
    stale = api.post(f"/entrepreneurs/{ida['id']}/link", {"cvr": x.cvr, "version": 1})
    assert stale.status_code == 409

    changed = api.patch(f"/entrepreneurs/{ida['id']}", {"version": 2, "municipality_code": ""})
    assert changed.status_code == 200 and changed.json()["municipality_code"] is None
    bad = api.patch(f"/entrepreneurs/{ida['id']}", {"version": 3, "municipality_code": "999"})
    assert bad.status_code == 422 and fields(bad) == {"municipality_code"}


# --- Referrals -----------------------------------------------------------------------------


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


# --- Consents, segment, worklists ----------------------------------------------------------


def test_consents_are_given_and_withdrawn(api, x):
    response = api.post(f"/companies/{x.cvr}/consents", {"given_by": "Direktør Dorte"})
    assert response.status_code == 201
    consent = response.json()
    assert consent["in_force"] and consent["given_by"] == "Direktør Dorte"
    with translation.override("da"):
        assert consent["text"] == services.sharing_consent_text()
    assert api.get(f"/companies/{x.cvr}/timeline").json()["sharing_consent"] is True
    assert api.post(f"/companies/{x.cvr}/consents", {"given_by": " "}).status_code == 422
    withdrawn = api.post(f"/consents/{consent['id']}/withdraw")
    assert withdrawn.status_code == 200 and withdrawn.json()["in_force"] is False
    assert api.get(f"/companies/{x.cvr}/consents").json()[0]["withdrawn_at"]
    assert api.get(f"/companies/{x.cvr}/timeline").json()["sharing_consent"] is False
    assert api.post("/consents/999999/withdraw").status_code == 404


def test_managers_place_companies_in_the_funnel(client, a, alice, x):
    manager = staff(a, Role.MANAGER)
    consultant_api = Api(client, alice.person)
    response = consultant_api.put(f"/companies/{x.cvr}/segment", {"segment": "key_account"})
    assert response.status_code == 403
    api = Api(client, manager.person)
    response = api.put(
        f"/companies/{x.cvr}/segment",
        {"segment": "key_account", "key_account_owner_email": alice.person.email},
    )
    assert response.status_code == 200, response.content
    assert response.json()["key_account_owner_email"] == alice.person.email
    moved = api.put(
        f"/companies/{x.cvr}/segment",
        {"segment": "portfolio", "key_account_owner_email": alice.person.email, "version": 1},
    )
    assert moved.status_code == 200 and moved.json()["version"] == 2
    stale = api.put(f"/companies/{x.cvr}/segment", {"segment": "portfolio", "version": 1})
    assert stale.status_code == 409
    outsider = staff(OperatorFactory())
    wrong = api.put(
        f"/companies/{x.cvr}/segment",
        {"segment": "portfolio", "key_account_owner_email": outsider.person.email},
    )
    assert wrong.status_code == 422 and fields(wrong) == {"key_account_owner_email"}
    bad = api.put(f"/companies/{x.cvr}/segment", {"segment": "vip"})
    assert bad.status_code == 422 and fields(bad) == {"segment"}
    segment = CompanySegment.objects.get()
    assert (segment.segment, segment.key_account_owner) == (Segment.PORTFOLIO, alice.person)
    timeline = Api(client, alice.person).get(f"/companies/{x.cvr}/timeline").json()
    assert timeline["my_segment"]["segment"] == "portfolio"
    assert timeline["key_accounts"][0]["key_account_owner_name"] == "Alice Konsulent"


def test_worklists(api, alice, x):
    quiet = CompanyFactory(name="Stille ApS")
    talked = CompanyFactory(name="Snakket ApS")
    CompanySegmentFactory(organisation=alice.organisation, company=x, segment="prioritised")
    CompanySegmentFactory(
        organisation=alice.organisation,
        company=quiet,
        segment="key_account",
        key_account_owner=alice.person,
    )
    CompanySegmentFactory(organisation=alice.organisation, company=talked, segment="prioritised")
    InteractionFactory(organisation=alice.organisation, company=talked)
    InteractionFactory(
        organisation=alice.organisation,
        company=quiet,
        type="phone",
        date=timezone.localdate() - dt.timedelta(days=400),
    )
    lists = api.get("/worklists").json()
    assert [c["name"] for c in lists["prioritised_without_talk"]["items"]] == [
        "Stille ApS",
        "Xylofon ApS",
    ]
    quiet_list = lists["my_companies_without_contact"]
    assert quiet_list["total"] == 1 and quiet_list["items"][0]["cvr"] == quiet.cvr
    assert quiet_list["items"][0]["last_contact"]


def test_analysts_cannot_write(client, x):
    analyst = staff(role=Role.ANALYST)
    api = Api(client, analyst.person)
    assert api.post(f"/companies/{x.cvr}/contacts", {"name": "N"}).status_code == 403
    assert api.post("/entrepreneurs", {"name": "N"}).status_code == 403
    assert api.get("/interactions").json()["total"] == 0
    assert not ContactPerson.objects.exists()


# --- Nothing a client sends gives a 500 ---------------------------------------------------


JUNK = [
    "",
    "not json",
    "[]",
    "5",
    "null",
    '"text"',
    "{",
    json.dumps({"version": "x", "cvr": 5, "date": "yesterday", "type": None}),
    json.dumps({"version": 2**80, "contact_ids": [2**80], "entrepreneur_id": -1}),
    json.dumps({"version": 1, "name": "\x00", "note": "\x00", "reason": "\x00"}),
    json.dumps({"growth_mapping": [], "themes": "eksport", "participant_cvrs": "x"}),
    json.dumps({"growth_mapping": {"financing": None}, "date": "2026-02-30"}),
    json.dumps({"status": "completed", "version": 1, "interaction_id": 2**40}),
    json.dumps({"segment": "key_account", "key_account_owner_email": "x" * 300}),
    json.dumps({"given_by": "x", "given_at": "0000-00-00T00:00"}),
]


def test_no_body_or_id_gives_a_server_error(client, a, x):
    """Junk bodies, out-of-range ids and odd CVRs against every operation, as a manager
    of the operator holding the records (the person who gets furthest)."""
    contact = ContactPersonFactory(organisation=a, company=x)
    interaction = InteractionFactory(organisation=a, company=x)
    referral = ReferralFactory(to_organisation=a, company=x)
    api = Api(client, staff(a, Role.MANAGER).person)
    schema = client.get("/api/v1/openapi.json").json()
    ids = [contact.pk, interaction.pk, referral.pk, 2**31, 2**63 + 5]
    for path, methods in schema["paths"].items():
        if not path.startswith("/api/v1/crm/"):
            continue
        for method in methods:
            for value in ids:
                url = re.sub(r"{\w+_id}", str(value), path.removeprefix("/api/v1/crm"))
                url = url.replace("{cvr}", x.cvr if value == ids[0] else "abc%00")
                if method == "get":
                    response = api.get(url, limit="x", date_from="2026-13-01", offset=-1)
                    assert response.status_code < 500, (method, url)
                    continue
                for junk in JUNK:
                    response = api.send(method.upper(), url, raw=junk)
                    assert response.status_code < 500, (method, url, junk, response.content)
