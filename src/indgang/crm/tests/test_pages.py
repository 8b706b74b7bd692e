"""The CRM's pages, as consultants, managers and administrators use them."""

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from indgang.audit.models import AccessLogEntry
from indgang.crm import services
from indgang.crm.models import (
    CompanySegment,
    ContactPerson,
    Interaction,
    Notification,
    Referral,
    ReferralStatus,
)
from indgang.crm.permissions import Viewer
from indgang.organisations.models import Level, OrganisationType, Role
from indgang.organisations.tests.factories import MembershipFactory, OrganisationFactory
from indgang.registry.models import Company

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    eh = OrganisationFactory(
        id="eh-test",
        name="Erhvervshus Test",
        type=OrganisationType.ERHVERVSHUS,
        level=Level.DECENTRAL,
    )
    local = OrganisationFactory(id="lokal-test", name="Lokal Erhvervsservice Test")
    company = Company.objects.create(cvr="10000009", name="Smedjen ApS", municipality_id="751")
    people = {
        "eh_consultant": MembershipFactory(organisation=eh, role=Role.CONSULTANT).person,
        "eh_manager": MembershipFactory(organisation=eh, role=Role.MANAGER).person,
        "eh_admin": MembershipFactory(organisation=eh, role=Role.ADMIN).person,
        "local_consultant": MembershipFactory(organisation=local, role=Role.CONSULTANT).person,
        "local_manager": MembershipFactory(organisation=local, role=Role.MANAGER).person,
    }
    return {"eh": eh, "local": local, "company": company, **people}


def viewer(person):
    membership = person.memberships.get()
    return Viewer(person, membership.organisation_id, membership.role)


def test_a_consultant_logs_a_one_to_one_session_with_three_fields(client, world):
    client.force_login(world["eh_consultant"])
    url = reverse("crm:log_interaction", args=["10000009"])
    page = client.get(url)
    assert page.status_code == 200
    assert 'type="date"' in page.text
    response = client.post(
        url,
        {
            "type": "one_to_one",
            "date": timezone.localdate().isoformat(),
            "note": "Talte om messe i Hamborg",
            "legal_basis": "public_task",
            "themes": ["eksport"],
        },
    )
    interaction = Interaction.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("crm:interaction", args=[interaction.pk])
    assert interaction.organisation_id == "eh-test"
    assert interaction.consultant == world["eh_consultant"]
    detail = client.get(response.url)
    assert "Talte om messe i Hamborg" in detail.text
    assert "Eksport" in detail.text


def test_a_future_date_far_ahead_is_refused_with_the_field_named(client, world):
    client.force_login(world["eh_consultant"])
    response = client.post(
        reverse("crm:log_interaction", args=["10000009"]),
        {
            "type": "one_to_one",
            "date": (timezone.localdate() + timedelta(days=800)).isoformat(),
            "legal_basis": "public_task",
        },
    )
    assert response.status_code == 200
    assert "Datoen ligger mere end et år ude i fremtiden." in response.text
    assert not Interaction.objects.exists()


def test_another_operator_sees_who_was_in_contact_but_not_the_note(client, world):
    services.log_interaction(
        viewer(world["eh_consultant"]),
        services.InteractionData(
            type="one_to_one",
            date=timezone.localdate(),
            company=world["company"],
            note="Hemmelig vurdering af ledelsen",
            themes=("finansiering",),
        ),
    )
    client.force_login(world["local_consultant"])
    page = client.get(reverse("crm:company", args=["10000009"]))
    assert page.status_code == 200
    assert "Erhvervshus Test" in page.text  # the timeline: who
    assert "1:1-vejledning" in page.text  # what kind
    assert "Finansiering" in page.text  # about what
    assert "Hemmelig vurdering" not in page.text
    interaction = Interaction.objects.get()
    assert client.get(reverse("crm:interaction", args=[interaction.pk])).status_code == 404


def test_with_a_sharing_consent_other_operators_read_the_notes_and_each_read_is_logged(
    client, world
):
    eh = viewer(world["eh_consultant"])
    services.log_interaction(
        eh,
        services.InteractionData(
            type="one_to_one", date=timezone.localdate(), company=world["company"], note="Delt note"
        ),
    )
    services.add_contact_person(eh, world["company"], name="Mette Smed", email="mette@smedjen.dk")
    client.force_login(world["eh_consultant"])
    response = client.post(
        reverse("crm:give_consent", args=["10000009"]),
        {"given_by": "Mette Smed, direktør", "confirm": "on"},
    )
    assert response.status_code == 302
    client.force_login(world["local_consultant"])
    page = client.get(reverse("crm:company", args=["10000009"]))
    assert "Delt note" in page.text
    assert "mette@smedjen.dk" in page.text
    logged = AccessLogEntry.objects.filter(
        person=world["local_consultant"], owner_organisation_id="eh-test", action="read"
    )
    assert set(logged.values_list("record_type", flat=True)) == {"interaction", "contactperson"}
    # Withdrawn, the notes are hidden again.
    consent = world["company"].consents.get()
    client.post(reverse("crm:withdraw_consent", args=[consent.pk]))
    assert "Delt note" not in client.get(reverse("crm:company", args=["10000009"])).text


def test_the_second_of_two_simultaneous_edits_is_told_the_record_changed(client, world):
    contact = services.add_contact_person(
        viewer(world["eh_consultant"]), world["company"], name="Ole Olsen"
    )
    url = reverse("crm:edit_contact", args=[contact.pk])
    form = {"version": contact.version, "name": "Ole Olsen", "legal_basis": "public_task"}
    client.force_login(world["eh_consultant"])
    first = client.post(url, {**form, "title": "Direktør"})
    assert first.status_code == 302
    second = client.post(url, {**form, "title": "Ejer"})
    assert second.status_code == 409
    assert "En anden har ændret posten" in second.text
    contact.refresh_from_db()
    assert contact.title == "Direktør"


def test_a_referral_runs_from_sent_to_completed_and_the_sender_is_told(client, world):
    client.force_login(world["eh_consultant"])
    response = client.post(
        reverse("crm:refer", args=["10000009"]),
        {
            "to_organisation": "lokal-test",
            "reason": "Har brug for lokale lokaler",
            "company_wants": "Et møde",
            "themes": ["lokaler"],
        },
    )
    referral = Referral.objects.get()
    assert response.status_code == 302
    assert referral.status == ReferralStatus.SENT
    client.force_login(world["local_consultant"])
    home = client.get(reverse("crm:home"))
    assert "Smedjen ApS" in home.text  # waiting for me
    status_url = reverse("crm:referral_status", args=[referral.pk])
    client.post(status_url, {"status": "accepted", "version": referral.version})
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED
    assert Notification.objects.filter(
        person=world["eh_consultant"], referral=referral, kind="status_changed"
    ).exists()
    helped = services.log_interaction(
        viewer(world["local_consultant"]),
        services.InteractionData(
            type="one_to_one", date=timezone.localdate(), company=world["company"]
        ),
    )
    client.post(
        status_url, {"status": "completed", "version": referral.version, "interaction": helped.pk}
    )
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.COMPLETED
    assert referral.completed_interaction == helped
    # The sender follows it on the referral page.
    client.force_login(world["eh_consultant"])
    page = client.get(reverse("crm:referral", args=[referral.pk]))
    assert "Gennemført" in page.text
    # ...but cannot answer it in the receiver's place.
    assert 'name="status"' not in page.text


def test_declining_needs_a_reason(client, world):
    referral = services.refer_company(
        viewer(world["eh_consultant"]),
        company=world["company"],
        to_organisation=world["local"],
        reason="Lokaler",
    )
    client.force_login(world["local_consultant"])
    url = reverse("crm:referral_status", args=[referral.pk])
    client.post(url, {"status": "declined", "version": referral.version})
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SENT
    client.post(
        url,
        {"status": "declined", "version": referral.version, "decline_reason": "Ikke vores område"},
    )
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.DECLINED
    assert referral.decline_reason == "Ikke vores område"


def test_a_manager_places_a_company_in_the_funnel_and_the_worklist_follows(client, world):
    client.force_login(world["eh_manager"])
    response = client.post(
        reverse("crm:segment", args=["10000009"]),
        {"segment": "prioritised", "key_account_owner": world["eh_consultant"].pk},
    )
    assert response.status_code == 302
    assert CompanySegment.objects.get().segment == "prioritised"
    client.force_login(world["eh_consultant"])
    home = client.get(reverse("crm:home"))
    # Prioritised and never offered a talk; my key account and never contacted.
    assert 'data-testid="prioritised"' in home.text and 'data-testid="quiet"' in home.text
    assert "Smedjen ApS" in home.text
    services.log_interaction(
        viewer(world["eh_consultant"]),
        services.InteractionData(
            type="one_to_one", date=timezone.localdate(), company=world["company"]
        ),
    )
    home = client.get(reverse("crm:home")).text
    assert 'data-testid="prioritised"' not in home and 'data-testid="quiet"' not in home
    # A consultant cannot set the funnel.
    assert (
        client.post(
            reverse("crm:segment", args=["10000009"]), {"segment": "key_account"}
        ).status_code
        == 404
    )


def test_an_entrepreneur_is_linked_to_the_company_they_found_and_keeps_their_history(client, world):
    client.force_login(world["local_consultant"])
    response = client.post(
        reverse("crm:entrepreneurs"),
        {"name": "Sara Iværksætter", "idea": "Cykelværksted", "legal_basis": "consent"},
    )
    assert response.status_code == 302
    entrepreneur_url = response.url
    pk = int(entrepreneur_url.rstrip("/").split("/")[-1])
    client.post(
        reverse("crm:entrepreneur_interaction", args=[pk]),
        {
            "type": "one_to_one",
            "date": timezone.localdate().isoformat(),
            "note": "Startvejledning",
            "legal_basis": "consent",
        },
    )
    client.post(entrepreneur_url, {"cvr": "10000009", "version": 1})
    page = client.get(entrepreneur_url)
    assert "Smedjen ApS" in page.text
    interaction = Interaction.objects.get()
    assert interaction.entrepreneur_id == pk and interaction.company_id is None
    # The company's timeline now shows the entrepreneur's session.
    timeline = client.get(reverse("crm:company", args=["10000009"])).text
    assert "Lokal Erhvervsservice Test" in timeline


def test_the_data_protection_officer_exports_and_erases_a_person(client, world):
    eh = viewer(world["eh_consultant"])
    contact = services.add_contact_person(
        eh, world["company"], name="Mette Smed", email="mette@smedjen.dk", phone="12345678"
    )
    client.force_login(world["eh_consultant"])
    assert client.get(reverse("crm:person_data")).status_code == 404
    client.force_login(world["eh_admin"])
    exported = client.post(reverse("crm:person_data"), {"email": "mette@smedjen.dk", "export": "1"})
    data = json.loads(exported.content)
    assert data["contact_persons"][0]["phone"] == "12345678"
    erased = client.post(reverse("crm:person_data"), {"email": "mette@smedjen.dk", "erase": "1"})
    assert "1 post anonymiseret." in erased.text
    contact.refresh_from_db()
    assert contact.email == "" and contact.name != "Mette Smed"
    log = client.get(reverse("crm:access_log"), {"cvr": "10000009"})
    assert "Anonymiseret" in log.text and "Udtrukket" in log.text


def test_a_contact_request_from_the_one_entry_arrives_as_a_referral_from_the_company(client, world):
    from indgang.guide.services import request_contact

    world["local"].municipalities_served.add("751")
    world["local"].type = OrganisationType.LOKAL_ERHVERVSSERVICE
    world["local"].save()
    request_contact(
        offer_ids=[],
        unsure=True,
        contact={"contact_name": "Per Hansen", "email": "per@smedjen.dk"},
        facts={"cvr": "10000009", "name": "Smedjen ApS", "municipality_code": "751"},
        needs=["eksport"],
        needs_text="Vi vil sælge til Tyskland",
        consent=True,
    )
    referral = Referral.objects.get()
    assert referral.from_company and referral.to_organisation == world["local"]
    assert referral.company == world["company"]
    client.force_login(world["local_consultant"])
    page = client.get(reverse("crm:referral", args=[referral.pk]))
    assert "Vi vil sælge til Tyskland" in page.text and "per@smedjen.dk" in page.text
    client.force_login(world["eh_consultant"])
    assert client.get(reverse("crm:referral", args=[referral.pk])).status_code == 404


def test_a_contact_request_without_a_cvr_number_can_be_completed(client, world):
    from indgang.guide.services import request_contact

    world["local"].municipalities_served.add("751")
    world["local"].type = OrganisationType.LOKAL_ERHVERVSSERVICE
    world["local"].save()
    request_contact(
        offer_ids=[],
        unsure=True,
        contact={"contact_name": "Sofie Berg", "email": "sofie@eksempel.dk"},
        facts={"municipality_code": "751", "not_started": True},
        needs=[],
        needs_text="Jeg vil starte et bageri",
        consent=True,
    )
    referral = Referral.objects.get()
    consultant = viewer(world["local_consultant"])
    client.force_login(world["local_consultant"])
    page = reverse("crm:referral", args=[referral.pk])
    status_url = reverse("crm:referral_status", args=[referral.pk])
    client.post(status_url, {"status": "accepted", "version": referral.version})
    referral.refresh_from_db()
    # Nothing logged yet: the page says what to do first.
    assert 'data-testid="log-first"' in client.get(page).text
    sofie = services.create_entrepreneur(consultant, name="Sofie Berg", municipality_id="751")
    helped = services.log_interaction(
        consultant,
        services.InteractionData(type="one_to_one", date=timezone.localdate(), entrepreneur=sofie),
    )
    # Neither a meeting from before she asked nor another operator's is offered.
    services.log_interaction(
        consultant,
        services.InteractionData(
            type="phone", date=timezone.localdate() - timedelta(days=10), company=world["company"]
        ),
    )
    services.log_interaction(
        viewer(world["eh_consultant"]),
        services.InteractionData(type="phone", date=timezone.localdate(), company=world["company"]),
    )
    html = client.get(page).text
    assert f'<option value="{helped.pk}">' in html and "Sofie Berg</option>" in html
    assert html.count("<option") == 1
    client.post(
        status_url, {"status": "completed", "version": referral.version, "interaction": helped.pk}
    )
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.COMPLETED
    assert referral.completed_interaction == helped


def test_pages_need_a_login_and_a_membership(client, world):
    url = reverse("crm:company", args=["10000009"])
    assert client.get(url).status_code == 302
    from indgang.organisations.tests.factories import PersonFactory

    client.force_login(PersonFactory())
    assert client.get(url).status_code == 404
    assert client.get(reverse("crm:home")).status_code == 404


def test_an_analyst_sees_the_timeline_but_no_notes(client, world):
    board = OrganisationFactory(id="board", is_national_board=True)
    analyst = MembershipFactory(organisation=board, role=Role.ANALYST).person
    services.log_interaction(
        viewer(world["eh_consultant"]),
        services.InteractionData(
            type="phone", date=timezone.localdate(), company=world["company"], note="Fortroligt"
        ),
    )
    services.give_consent(viewer(world["eh_consultant"]), world["company"], given_by="Direktøren")
    ContactPerson.objects.create(
        company=world["company"], organisation=world["eh"], name="Skjult Person"
    )
    client.force_login(analyst)
    page = client.get(reverse("crm:company", args=["10000009"]))
    assert page.status_code == 200
    assert "Telefonopkald" in page.text
    assert "Fortroligt" not in page.text and "Skjult Person" not in page.text
