"""The CRM API as a whole: authentication, documentation, stale versions, read-only roles,
and no server error from any body. Each sub-domain's ``tests/test_api.py`` covers its own
operations; who may see what is attacked in ``test_access_attack.py``."""

import json
import re

import pytest
from django.utils import translation

from indgang.audit.models import AccessLogEntry, Action
from indgang.crm.models import (
    ContactPerson,
)
from indgang.crm.tests.factories import (
    ContactPersonFactory,
    InteractionFactory,
    PersonFactory,
    ReferralFactory,
    staff,
)
from indgang.crm.tests.support import Api
from indgang.crm.writing import Conflict
from indgang.organisations.models import Role
from indgang.organisations.services import create_api_token

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_passwords")]


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


def test_a_stale_version_is_409_and_nothing_is_written(api, alice, x):
    contact = ContactPersonFactory(organisation=alice.organisation, company=x, name="Før")
    first = api.patch(f"/contacts/{contact.pk}", {"version": 1, "name": "Første"})
    assert first.status_code == 200
    second = api.patch(f"/contacts/{contact.pk}", {"version": 1, "name": "Anden"})
    assert second.status_code == 409
    with translation.override("da"):
        assert second.json()["detail"] == Conflict().messages[0]
    contact.refresh_from_db()
    assert (contact.name, contact.version) == ("Første", 2)


def test_analysts_cannot_write(client, x):
    analyst = staff(role=Role.ANALYST)
    api = Api(client, analyst.person)
    assert api.post(f"/companies/{x.cvr}/contacts", {"name": "N"}).status_code == 403
    assert api.post("/entrepreneurs", {"name": "N"}).status_code == 403
    assert api.get("/interactions").json()["total"] == 0
    assert not ContactPerson.objects.exists()


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
