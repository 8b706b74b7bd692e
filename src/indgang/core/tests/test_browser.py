"""A new user's first visit, in Debian's chromium: log in as each demo role."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("reference_data")]


def demo_logins(capsys) -> dict[str, str]:
    call_command("demo")
    output = capsys.readouterr().out
    return dict(re.findall(r"^\s+(\S+@indgang\.demo)\s+(\S+)\s", output, re.MULTILINE))


def test_each_demo_role_logs_in_and_sees_who_and_where(live_server, page, capsys, artifacts):
    logins = demo_logins(capsys)
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


def test_keyboard_user_reaches_content_first_and_can_log_in(live_server, page, capsys):
    password = demo_logins(capsys)["admin@indgang.demo"]
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
    page.keyboard.type(password)
    page.keyboard.press("Enter")
    page.get_by_test_id("current-user").wait_for()
    # The admin manages members from the menu, by keyboard too.
    page.get_by_role("link", name="Mine organisationer").first.focus()
    page.keyboard.press("Enter")
    page.get_by_role("link", name="Administrer medlemmer").first.wait_for()
    page.get_by_role("link", name="Administrer medlemmer").first.click()
    assert page.get_by_test_id("members").inner_text().count("(demo)") >= 5
