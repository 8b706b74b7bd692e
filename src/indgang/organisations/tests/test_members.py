"""An organisation's admin manages its members; nobody else can, not even by guessing URLs."""

import re

import pytest
from django.core import mail

from indgang.organisations.models import Membership, Person, Role
from indgang.organisations.tests.factories import PASSWORD, MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    return OrganisationFactory(id="eh-test", name="Erhvervshus Test")


@pytest.fixture
def admin(client, org):
    membership = MembershipFactory(organisation=org, role=Role.ADMIN, person__full_name="Ada Admin")
    return membership.person


def login(client, person):
    assert client.login(email=person.email, password=PASSWORD)


def test_admin_sees_and_adds_members(client, org, admin, django_capture_on_commit_callbacks):
    MembershipFactory(organisation=org, person__full_name="Karl Konsulent")
    login(client, admin)
    page = client.get("/organisationer/eh-test/medlemmer/")
    assert page.status_code == 200
    assert "Karl Konsulent" in page.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/organisationer/eh-test/medlemmer/",
            {"full_name": "Nina Ny", "email": "Nina@Example.dk", "role": "manager"},
            follow=True,
        )
    assert "Nina Ny blev tilføjet" in response.content.decode()
    nina = Person.objects.get(email="nina@example.dk")
    assert Membership.objects.get(person=nina, organisation=org).role == Role.MANAGER
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["nina@example.dk"]
    assert "/konto/reset/" in mail.outbox[0].body


def test_a_person_with_a_login_is_told_they_were_added(
    client, org, admin, django_capture_on_commit_callbacks
):
    elsewhere = MembershipFactory(person__full_name="Ole Anden", role=Role.CONSULTANT).person
    login(client, admin)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/organisationer/eh-test/medlemmer/",
            {"full_name": "Ole", "email": elsewhere.email, "role": "consultant"},
        )
    assert Membership.objects.filter(person=elsewhere, organisation=org).exists()
    [notice] = mail.outbox
    assert notice.to == [elsewhere.email]
    assert "Erhvervshus Test" in notice.subject
    assert "Ada Admin" in notice.body and admin.email in notice.body and "Konsulent" in notice.body


def test_adding_an_existing_member_names_the_problem(client, org, admin):
    login(client, admin)
    response = client.post(
        "/organisationer/eh-test/medlemmer/",
        {"full_name": "Ada", "email": admin.email, "role": "consultant"},
    )
    assert response.status_code == 200
    assert f"{admin.email} er allerede medlem af Erhvervshus Test" in response.content.decode()


def test_bad_input_names_the_field(client, org, admin):
    login(client, admin)
    response = client.post(
        "/organisationer/eh-test/medlemmer/",
        {"full_name": "", "email": "ikke-en-mail", "role": "boss"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Indtast en gyldig e-mail-adresse" in html
    assert "Fulde navn" in html and "Rolle" in html
    assert Membership.objects.filter(organisation=org).count() == 1


def test_admin_changes_a_role_and_removes_a_member(client, org, admin):
    other = MembershipFactory(organisation=org, role=Role.CONSULTANT)
    login(client, admin)
    client.post(
        f"/organisationer/eh-test/medlemmer/{other.pk}/rolle/", {f"m{other.pk}-role": "manager"}
    )
    other.refresh_from_db()
    assert other.role == Role.MANAGER
    client.post(f"/organisationer/eh-test/medlemmer/{other.pk}/fjern/")
    assert not Membership.objects.filter(pk=other.pk).exists()


def test_the_last_admin_cannot_leave_or_be_demoted(client, org, admin):
    membership = admin.memberships.get()
    login(client, admin)
    response = client.post(
        f"/organisationer/eh-test/medlemmer/{membership.pk}/rolle/",
        {f"m{membership.pk}-role": "consultant"},
        follow=True,
    )
    assert "mindst én administrator" in response.content.decode()
    response = client.post(f"/organisationer/eh-test/medlemmer/{membership.pk}/fjern/", follow=True)
    assert "mindst én administrator" in response.content.decode()
    membership.refresh_from_db()
    assert membership.role == Role.ADMIN


@pytest.mark.parametrize("role", [Role.CONSULTANT, Role.MANAGER, Role.ANALYST])
def test_members_who_are_not_admins_cannot_manage(client, org, role):
    person = MembershipFactory(organisation=org, role=role).person
    target = MembershipFactory(organisation=org, role=Role.CONSULTANT)
    login(client, person)
    assert client.get("/organisationer/eh-test/medlemmer/").status_code == 404
    client.post(
        f"/organisationer/eh-test/medlemmer/{target.pk}/rolle/", {f"m{target.pk}-role": "admin"}
    )
    client.post(f"/organisationer/eh-test/medlemmer/{target.pk}/fjern/")
    target.refresh_from_db()
    assert target.role == Role.CONSULTANT


def test_an_admin_of_another_organisation_sees_nothing(client, org, admin):
    victim = MembershipFactory(organisation=org, role=Role.CONSULTANT)
    outsider = MembershipFactory(role=Role.ADMIN).person
    login(client, outsider)
    assert client.get("/organisationer/eh-test/medlemmer/").status_code == 404
    assert client.get("/organisationer/does-not-exist/medlemmer/").status_code == 404
    # Guessing the membership id under the outsider's own organisation does not work either.
    own = outsider.memberships.get().organisation_id
    for url in [
        f"/organisationer/{own}/medlemmer/{victim.pk}/rolle/",
        f"/organisationer/eh-test/medlemmer/{victim.pk}/rolle/",
    ]:
        assert client.post(url, {f"m{victim.pk}-role": "admin"}).status_code == 404
    for url in [
        f"/organisationer/{own}/medlemmer/{victim.pk}/fjern/",
        f"/organisationer/eh-test/medlemmer/{victim.pk}/fjern/",
    ]:
        assert client.post(url).status_code == 404
    victim.refresh_from_db()
    assert victim.role == Role.CONSULTANT


def test_anonymous_visitors_are_sent_to_log_in(client, org):
    response = client.get("/organisationer/eh-test/medlemmer/")
    assert response.status_code == 302 and response["Location"].startswith("/konto/login/")


def test_invited_member_chooses_a_password_and_logs_in(
    client, org, admin, django_capture_on_commit_callbacks
):
    login(client, admin)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/organisationer/eh-test/medlemmer/",
            {"full_name": "Nina Ny", "email": "nina@example.dk", "role": "consultant"},
        )
    client.logout()
    link = re.search(r"https?://[^/]+(/konto/reset/\S+)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    assert "Vælg en adgangskode" in form_page.content.decode()
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Solsikke-Mark-2026", "new_password2": "Solsikke-Mark-2026"},
        follow=True,
    )
    assert "Adgangskoden er gemt" in done.content.decode()
    assert client.login(email="nina@example.dk", password="Solsikke-Mark-2026")


def test_unknown_pages_show_a_danish_404(client):
    response = client.get("/organisationer/findes-ikke/medlemmer/")
    assert response.status_code == 302  # anonymous: to the login page first
    client.force_login(MembershipFactory().person)
    response = client.get("/organisationer/findes-ikke/medlemmer/")
    assert response.status_code == 404
    assert "Siden findes ikke" in response.content.decode()
