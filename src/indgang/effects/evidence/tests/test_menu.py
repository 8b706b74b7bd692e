"""The menu offers the evidence page to those who steer: operators' managers and the
national board; a consultant reaches the page (its operator's offers) but not by the menu."""

import pytest

from indgang.organisations.models import Role
from indgang.organisations.tests.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db
LINK = 'href="/effekter/evidens/"'


@pytest.mark.parametrize(
    ("role", "board", "in_menu"),
    [
        (Role.MANAGER, False, True),
        (Role.ADMIN, False, True),
        (Role.ANALYST, True, True),
        (Role.CONSULTANT, True, True),
        (Role.CONSULTANT, False, False),
    ],
)
def test_the_evidence_page_is_in_the_menu_of_managers_and_the_board(client, role, board, in_menu):
    organisation = OrganisationFactory(is_national_board=board)
    client.force_login(MembershipFactory(organisation=organisation, role=role).person)
    assert (LINK in client.get("/").content.decode()) is in_menu
    assert client.get("/effekter/evidens/").status_code == 200


def test_anonymous_visitors_have_no_such_menu_item(client):
    assert LINK not in client.get("/").content.decode()
