"""Referring a company in Debian's chromium: choosing the receiver brings its offers into
the offer field (htmx), and only its offers."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from indgang.catalog.tests.factories import make_offer
from indgang.crm.models import Referral
from indgang.organisations.models import Level, OrganisationType, Role
from indgang.organisations.tests.factories import PASSWORD, MembershipFactory, OrganisationFactory
from indgang.registry.models import Company

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("reference_data")]


def test_choosing_the_receiver_lists_its_offers(live_server, page):
    eh = OrganisationFactory(
        id="eh-test",
        name="Erhvervshus Test",
        type=OrganisationType.ERHVERVSHUS,
        level=Level.DECENTRAL,
    )
    OrganisationFactory(id="lokal-test", name="Lokal Erhvervsservice Test")
    OrganisationFactory(id="lokal-anden", name="Anden Erhvervsservice")
    make_offer(id="lokal-lokaler", operator_id="lokal-test", level="lokal", title="Lokaler")
    make_offer(id="anden-mentor", operator_id="lokal-anden", level="lokal", title="Mentor")
    consultant = MembershipFactory(organisation=eh, role=Role.CONSULTANT).person
    Company.objects.create(cvr="10000009", name="Smedjen ApS", municipality_id="751")

    page.goto(f"{live_server.url}/konto/login/")
    page.get_by_label("E-mail").fill(consultant.email)
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    page.get_by_test_id("current-user").wait_for(state="attached")

    page.goto(live_server.url + reverse("crm:refer", args=["10000009"]))
    offer = page.get_by_label("Et bestemt tilbud")
    assert offer.locator("option").all_inner_texts() == ["---------"]
    page.get_by_label("Henvis til operatøren").select_option("lokal-test")
    expect(page.locator("#id_offer option")).to_have_count(2)
    titles = page.get_by_label("Et bestemt tilbud").locator("option").all_inner_texts()
    assert titles == ["---------", "Lokaler"]
    page.get_by_label("Et bestemt tilbud").select_option("lokal-lokaler")
    page.get_by_label("Hvorfor du henviser virksomheden").fill("Har brug for lokaler")
    page.get_by_role("button", name="Send henvisningen").click()
    page.get_by_test_id("status").wait_for()
    assert Referral.objects.get().offer_id == "lokal-lokaler"
