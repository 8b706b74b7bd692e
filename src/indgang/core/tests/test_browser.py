"""A new user's first visit, in Debian's chromium: log in as each demo role."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from indgang.organisations.models import Role
from indgang.organisations.tests.factories import PASSWORD, MembershipFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("reference_data")]


def demo_output(capsys) -> str:
    call_command("demo")
    return capsys.readouterr().out


def logins_in(output: str) -> dict[str, str]:
    return dict(re.findall(r"^\s+(\S+@indgang\.demo)\s+(\S+)\s", output, re.MULTILINE))


def test_each_demo_role_logs_in_and_sees_who_and_where(live_server, page, capsys, artifacts):
    output = demo_output(capsys)
    logins = logins_in(output)
    # The logins are printed with the role and organisation as the header shows them.
    assert "Demo-logins (vises kun nu; alle data er fiktive):" in output
    lines = {line.split()[0]: line for line in output.splitlines() if "@indgang.demo" in line}
    assert lines["konsulent@indgang.demo"].endswith(
        "Konsulent, Erhvervshus Midtjylland (også Konsulent, Aarhus Kommune – Erhvervsservice)"
    )
    assert lines["analytiker@indgang.demo"].endswith(
        "Analytiker, Danmarks Erhvervsfremmebestyrelse"
    )
    expected = {
        "konsulent@indgang.demo": ("Mette Kjær", "Erhvervshus Midtjylland", "Konsulent"),
        "leder@indgang.demo": ("Jens Holm", "Erhvervshus Midtjylland", "Leder"),
        "admin@indgang.demo": ("Sara Nielsen", "Erhvervshus Midtjylland", "Administrator"),
        "lokal@indgang.demo": ("Ali Hassan", "Aarhus Kommune – Erhvervsservice", "Konsulent"),
        "analytiker@indgang.demo": (
            "Peter Sørensen",
            "Danmarks Erhvervsfremmebestyrelse",
            "Analytiker",
        ),
    }
    for email, (name, organisation, role) in expected.items():
        page.goto(f"{live_server.url}/konto/login/")
        page.get_by_label("E-mail").fill(email)
        page.get_by_label("Adgangskode").fill(logins[email])
        page.get_by_role("button", name="Log ind").click()
        header = page.get_by_test_id("current-user")
        header.wait_for()
        text = header.inner_text()
        assert name in text and organisation in text and role in text, text
        page.screenshot(path=str(artifacts / f"start-{email.split('@')[0]}.png"), full_page=True)
        page.get_by_role("button", name="Log ud").click()
        page.get_by_role("link", name="Log ind").first.wait_for()


def test_keyboard_user_reaches_content_first_and_can_log_in(live_server, page):
    # The demo's operators and people are enough here (the whole demo takes ten seconds).
    from indgang.demo import organisations as organisations_demo
    from indgang.demo.output import DemoOutput
    from indgang.organisations.models import Person

    organisations_demo.load(DemoOutput())
    admin = Person.objects.get(email="admin@indgang.demo")
    admin.set_password(PASSWORD)
    admin.save()
    page.goto(f"{live_server.url}/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.outerHTML")
    assert "Spring til indholdet" in focused, focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"
    # The login form starts in the email field.
    page.goto(f"{live_server.url}/konto/login/")
    # Chromium moves focus to an autofocus field at its next rendering step,
    # which can come after the load event: wait for it rather than type into nothing.
    expect(page.get_by_label("E-mail")).to_be_focused()
    page.keyboard.type("admin@indgang.demo")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.get_by_test_id("current-user").wait_for()
    # The admin manages members from the menu, by keyboard too.
    page.get_by_role("link", name="Mine organisationer").first.focus()
    page.keyboard.press("Enter")
    page.get_by_role("link", name="Administrer medlemmer").first.wait_for()
    page.get_by_role("link", name="Administrer medlemmer").first.click()
    assert page.get_by_test_id("members").inner_text().count("(demo)") >= 5


def test_on_a_phone_the_menu_button_opens_the_menu_login_and_language(live_server, phone):
    """The design system's mobile header: one button opens a drawer with the menu, the
    login and the language; Escape closes it and gives the focus back to the button."""
    phone.goto(f"{live_server.url}/")
    menu = phone.get_by_role("button", name="Menu")
    expect(menu).to_be_visible()
    expect(phone.get_by_role("link", name="Log ind", exact=True)).to_be_hidden()
    menu.tap()
    drawer = phone.get_by_role("dialog", name="Menu")
    expect(drawer).to_be_visible()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(drawer.get_by_role("link", name="Find tilbud")).to_be_visible()
    expect(drawer.get_by_role("link", name="Log ind", exact=True)).to_be_visible()
    expect(drawer.get_by_role("button", name="English")).to_be_visible()
    phone.keyboard.press("Escape")
    expect(drawer).to_be_hidden()
    expect(menu).to_be_focused()
    # In the drawer, a link leads on (and the drawer closes behind it).
    menu.tap()
    drawer.get_by_role("link", name="Find tilbud").tap()
    phone.wait_for_url(f"{live_server.url}/find-tilbud/")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390


def test_on_a_phone_someone_with_two_organisations_switches_and_logs_out(live_server, phone):
    first = MembershipFactory(organisation__name="Alfa Erhverv", role=Role.CONSULTANT)
    MembershipFactory(person=first.person, organisation__name="Beta Erhverv", role=Role.MANAGER)
    phone.goto(f"{live_server.url}/konto/login/")
    phone.get_by_label("E-mail").fill(first.person.email)
    phone.get_by_label("Adgangskode").fill(PASSWORD)
    phone.locator("main").get_by_role("button", name="Log ind").tap()
    phone.get_by_role("button", name="Menu").tap()
    drawer = phone.get_by_role("dialog", name="Menu")
    expect(drawer.get_by_text("Alfa Erhverv", exact=True)).to_be_visible()
    drawer.get_by_label("Arbejder som").select_option(label="Beta Erhverv (Leder)")
    expect(phone.get_by_test_id("current-organisation")).to_have_text("Beta Erhverv")
    phone.get_by_role("button", name="Menu").tap()
    phone.get_by_role("dialog", name="Menu").get_by_role("button", name="Log ud").tap()
    expect(phone.get_by_role("button", name="Menu")).to_be_visible()
    phone.get_by_role("button", name="Menu").tap()
    expect(
        phone.get_by_role("dialog", name="Menu").get_by_role("link", name="Log ind", exact=True)
    ).to_be_visible()


def test_a_form_with_errors_opens_on_its_error_summary(live_server, page):
    """The design system's error summary: at the top of the form, it has the focus when
    the page loads, and each line leads to its field."""
    page.goto(f"{live_server.url}/konto/password_reset/")
    page.get_by_label("E-mail").fill("ikke-en-adresse")
    page.locator("main").get_by_role("button").click()
    summary = page.get_by_test_id("error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("E-mail")
    summary.get_by_role("link").first.click()
    expect(page.get_by_label("E-mail")).to_be_focused()
