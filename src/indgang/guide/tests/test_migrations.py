"""Requests handled in the guide's old list keep that answer once the list is gone."""

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("guide", "0001_initial"), ("crm", "0002_external_id_and_blank_consultant")]
AFTER = [("guide", "0002_contact_request_status_lives_on_the_referral")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_a_request_marked_handled_moves_its_referral_to_received():
    apps = migrate(BEFORE)
    try:
        Organisation = apps.get_model("organisations", "Organisation")
        Person = apps.get_model("organisations", "Person")
        ContactRequest = apps.get_model("guide", "ContactRequest")
        Referral = apps.get_model("crm", "Referral")
        operator = Organisation.objects.create(id="eh-test", name="Erhvervshus Test")
        staff = Person.objects.create(email="mette@eh.dk", full_name="Mette")
        handled_at = datetime(2026, 11, 2, 9, 30, tzinfo=UTC)
        referrals = {}
        for name, status in [("Karen", "handled"), ("Ole", "new")]:
            request = ContactRequest.objects.create(
                operator=operator,
                contact_name=name,
                email=f"{name.lower()}@eksempel.dk",
                consent_text="Jeg giver mit samtykke",
                consent_given_at=handled_at,
                status=status,
                handled_at=handled_at if status == "handled" else None,
                handled_by=staff if status == "handled" else None,
            )
            referrals[name] = Referral.objects.create(
                organisation=operator,
                legal_basis="consent",
                from_company=True,
                to_organisation=operator,
                contact_request=request,
            ).pk
    finally:
        apps = migrate(AFTER)
    Referral = apps.get_model("crm", "Referral")
    karen = Referral.objects.get(pk=referrals["Karen"])
    assert (karen.status, karen.status_changed_at, karen.version) == ("received", handled_at, 2)
    event = karen.events.get()
    assert (event.status, event.by_id, event.at) == ("received", staff.pk, handled_at)
    assert "behandlet" in event.note
    assert Referral.objects.get(pk=referrals["Ole"]).status == "sent"
    assert not karen.events.exclude(status="received").exists()
