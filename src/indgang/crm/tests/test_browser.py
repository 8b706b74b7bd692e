"""A consultant on a phone logs a one-to-one session from the company file, in Debian's
chromium: open the file, one button, a note, save."""

import pytest
from django.urls import reverse

from indgang.crm.models import Interaction
from indgang.organisations.models import Role
from indgang.organisations.tests.factories import (
    PASSWORD,
    MembershipFactory,
    OrganisationFactory,
)
from indgang.registry.models import Company

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("reference_data")]


def test_logging_a_session_on_a_phone_is_a_few_taps(live_server, phone, artifacts):
    operator = OrganisationFactory(id="eh-phone", name="Erhvervshus Telefon")
    consultant = MembershipFactory(organisation=operator, role=Role.CONSULTANT).person
    Company.objects.create(cvr="10000009", name="Smedjen ApS", municipality_id="751")

    phone.goto(f"{live_server.url}/konto/login/")
    phone.get_by_label("E-mail").fill(consultant.email)
    phone.get_by_label("Adgangskode").fill(PASSWORD)
    phone.get_by_role("button", name="Log ind").click()
    phone.get_by_test_id("current-user").wait_for(state="attached")  # hidden on phones

    phone.goto(live_server.url + reverse("crm:company", args=["10000009"]))
    phone.get_by_role("link", name="Registrér en aktivitet").click()
    # Type (1:1-vejledning) and date (today) are filled in; the note is all that is left.
    assert phone.get_by_label("Type").input_value() == "one_to_one"
    assert phone.get_by_label("Dato").input_value()
    phone.get_by_label("Eksport").check()
    phone.get_by_label("Notat").fill("Aftalt at søge eksportforløb")
    phone.screenshot(path=str(artifacts / "crm-log-on-phone.png"), full_page=True)
    phone.get_by_role("button", name="Gem").click()
    phone.get_by_text("Aktiviteten er registreret.").wait_for()

    interaction = Interaction.objects.get()
    assert interaction.note == "Aftalt at søge eksportforløb"
    assert [t.code for t in interaction.themes.all()] == ["eksport"]
    # The page fits the phone's width: no sideways scrolling.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390 + 1
