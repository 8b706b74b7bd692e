"""From need to contact request with a keyboard alone, in Debian's chromium."""

import pytest
from django.core.management import call_command

from indgang.crm.models import ContactRequest
from indgang.guide.tests.conftest import SHARED

pytestmark = [
    pytest.mark.browser,
    pytest.mark.usefixtures("reference_data"),
    pytest.mark.skipif(not SHARED.exists(), reason=f"the shared catalog is not at {SHARED}"),
]


def tab_to(page, selector: str, limit: int = 200) -> None:
    """Press Tab until the element is focused: proves it is reachable by keyboard."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} cannot be reached with Tab")


def test_need_to_contact_request_by_keyboard(live_server, page, artifacts):
    call_command("import_catalog", str(SHARED / "offers.json"), verbosity=0)
    page.goto(f"{live_server.url}/find-tilbud/")
    tab_to(page, "#id_municipality")
    page.keyboard.type("Aarhus")
    tab_to(page, "#id_employees")
    page.keyboard.type("25")
    tab_to(page, "#id_text")
    page.keyboard.type("Vi vil gerne sælge til Tyskland, men mangler penge til en messe")
    tab_to(page, "button[type=submit].button-primary")
    page.keyboard.press("Enter")

    page.get_by_test_id("result-count").wait_for()
    page.screenshot(path=str(artifacts / "guide-results.png"), full_page=True)
    tab_to(page, "input[name=offers]")
    offer_id = page.evaluate("document.activeElement.value")
    page.keyboard.press("Space")
    tab_to(page, "#id_contact_name")
    page.keyboard.type("Karen Hansen")
    page.keyboard.press("Tab")
    page.keyboard.type("karen@eksempel.dk")
    tab_to(page, "#id_consent")
    page.keyboard.press("Space")
    tab_to(page, "#contact button[type=submit]")
    page.keyboard.press("Enter")

    page.get_by_test_id("sent-to").wait_for()
    request = ContactRequest.objects.get()
    assert list(request.offers.values_list("pk", flat=True)) == [offer_id]
    assert request.contact_name == "Karen Hansen" and request.profile["municipality_code"] == "751"


def test_a_company_on_a_phone_goes_from_an_offer_to_its_receipt_by_touch(
    live_server, phone, artifacts
):
    """From the catalog's offer page to the receipt, at 390 px with touch alone: every
    button and box is tapped, and nothing scrolls sideways."""
    call_command("import_catalog", str(SHARED / "offers.json"), verbosity=0)
    phone.goto(f"{live_server.url}/tilbud/ehm-eksport/")
    fits_the_screen(phone, artifacts / "guide-on-phone-offer.png")
    phone.get_by_test_id("contact-me").tap()

    phone.get_by_test_id("asked-offer").wait_for()
    phone.get_by_label("Kommune").select_option(label="Aarhus")
    phone.get_by_label("Antal ansatte").tap()
    phone.get_by_label("Antal ansatte").fill("25")
    phone.get_by_label("Hvad har I brug for hjælp til?").fill("Vi vil sælge til Tyskland")
    phone.get_by_label("Eksport", exact=True).tap()
    fits_the_screen(phone, artifacts / "guide-on-phone-start.png")
    phone.get_by_role("button", name="Vis tilbud").tap()

    phone.get_by_test_id("result-count").wait_for()
    fits_the_screen(phone, artifacts / "guide-on-phone-results.png")
    asked = phone.locator("#offer-ehm-eksport")
    assert asked.is_checked()  # the offer it came from is ticked already
    phone.get_by_test_id("show-more").get_by_role("button").tap()
    phone.locator("#result-11").wait_for()
    other = phone.locator("#results input[name=offers]").nth(10)
    other_id = other.get_attribute("value")
    other.tap()
    assert other.is_checked() and asked.is_checked()
    phone.get_by_label("Dit navn").tap()
    phone.get_by_label("Dit navn").fill("Mads Jensen")
    phone.get_by_label("E-mail", exact=True).fill("mads@eksempel.dk")
    phone.get_by_label("Jeg giver mit samtykke").tap()
    phone.get_by_role("button", name="Send min henvendelse").tap()

    phone.get_by_test_id("reference").first.wait_for()
    fits_the_screen(phone, artifacts / "guide-on-phone-receipt.png")
    requests = list(ContactRequest.objects.order_by("pk"))
    references = [r.inner_text() for r in phone.get_by_test_id("reference").all()]
    assert references == [f"IND-{r.pk:06d}" for r in requests]
    assert {o for r in requests for o in r.offers.values_list("pk", flat=True)} == {
        "ehm-eksport",
        other_id,
    }
    assert requests[0].profile["municipality_code"] == "751"
    assert requests[0].profile["employees"] == 25
    phone.reload()  # the receipt is still there, and nothing is sent twice
    assert [r.inner_text() for r in phone.get_by_test_id("reference").all()] == references
    assert ContactRequest.objects.count() == len(requests)


def fits_the_screen(page, screenshot) -> None:
    """No sideways scrolling on the phone's 390 px, and a screenshot to look at.

    (On a mobile page ``window.innerWidth`` grows with a too-wide page; the width is fixed.)
    """
    page.screenshot(path=str(screenshot), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390 + 1, screenshot.name
