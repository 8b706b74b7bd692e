import pytest
from django.core.management import call_command

from indgang.organisations.models import ApiToken
from indgang.organisations.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def test_the_api_wants_a_login_or_a_token(client):
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert set(response.json()) == {"detail", "errors"}


def test_session_and_bearer_token_give_the_same_person(client, capsys):
    membership = MembershipFactory(organisation__id="eh-fyn", role="manager")
    client.force_login(membership.person)
    by_session = client.get("/api/v1/me").json()
    client.logout()

    call_command("create_api_token", membership.person.email, name="CRM-integration")
    key = capsys.readouterr().out.strip()
    by_token = client.get("/api/v1/me", headers={"Authorization": f"Bearer {key}"}).json()
    assert by_token == by_session
    assert by_token["memberships"] == [
        {
            "organisation_id": "eh-fyn",
            "organisation_name": membership.organisation.name,
            "role": "manager",
        }
    ]
    token = ApiToken.objects.get()
    assert token.key_hash != key and token.last_used_at is not None


def test_wrong_or_revoked_tokens_are_refused(client, capsys):
    person = MembershipFactory().person
    call_command("create_api_token", person.email)
    key = capsys.readouterr().out.strip()
    assert client.get("/api/v1/me", headers={"Authorization": "Bearer nope"}).status_code == 401
    ApiToken.objects.update(revoked_at="2026-01-01T00:00:00Z")
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {key}"}).status_code == 401


def test_openapi_schema_is_published(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["info"]["title"] == "Indgang API"
    assert "/api/v1/me" in schema["paths"]
