import pytest

from indgang.organisations.models import Role
from indgang.organisations.tests.factories import PASSWORD, MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def test_log_in_with_email_and_see_person_and_organisation(client):
    membership = MembershipFactory(
        role=Role.CONSULTANT, person__full_name="Mette Kjær", organisation__name="Erhvervshus Fyn"
    )
    response = client.post(
        "/konto/login/", {"username": membership.person.email, "password": PASSWORD}, follow=True
    )
    html = response.content.decode()
    assert "Mette Kjær" in html and "Erhvervshus Fyn" in html and "Konsulent" in html
    assert 'lang="da"' in html


def test_wrong_password_is_refused_in_danish(client):
    person = MembershipFactory().person
    response = client.post("/konto/login/", {"username": person.email, "password": "forkert"})
    assert response.status_code == 200
    assert "korrekt e-mail og adgangskode" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_switch_between_own_organisations_only(client):
    first = MembershipFactory(organisation__name="Alfa Erhverv", role=Role.CONSULTANT)
    second = MembershipFactory(
        person=first.person, organisation__name="Beta Erhverv", role=Role.MANAGER
    )
    foreign = OrganisationFactory(name="Gamma Erhverv")
    client.force_login(first.person)
    assert 'data-testid="current-organisation">Alfa Erhverv' in client.get("/").content.decode()

    client.post("/organisationer/skift/", {"organisation": second.organisation_id, "next": "/"})
    assert 'data-testid="current-organisation">Beta Erhverv' in client.get("/").content.decode()

    assert client.post("/organisationer/skift/", {"organisation": foreign.id}).status_code == 403
    assert 'data-testid="current-organisation">Beta Erhverv' in client.get("/").content.decode()


def test_english_is_one_click_away(client):
    assert "Log ind" in client.get("/").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get("/").content.decode()
    assert 'lang="en"' in html and "Log in" in html


def test_my_organisations_lists_memberships(client):
    membership = MembershipFactory(organisation__name="Alfa Erhverv", role=Role.ADMIN)
    client.force_login(membership.person)
    html = client.get("/organisationer/").content.decode()
    assert "Alfa Erhverv" in html and "Administrer medlemmer" in html


def test_danish_even_for_an_english_browser_until_english_is_chosen(client):
    html = client.get("/", headers={"Accept-Language": "en-GB,en;q=0.9"}).content.decode()
    assert 'lang="da"' in html and "Log ind" in html
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert 'lang="en"' in client.get("/", headers={"Accept-Language": "da"}).content.decode()


def test_only_the_national_boards_analysts_read_across_organisations():
    from indgang.organisations.permissions import is_national_analyst

    board = OrganisationFactory(is_national_board=True)
    analyst = MembershipFactory(organisation=board, role=Role.ANALYST).person
    board_consultant = MembershipFactory(organisation=board, role=Role.CONSULTANT).person
    local_analyst = MembershipFactory(role=Role.ANALYST).person
    assert is_national_analyst(analyst)
    assert not is_national_analyst(board_consultant)
    assert not is_national_analyst(local_analyst)
