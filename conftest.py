"""Fixtures for the whole suite: plain-HTTP cookies for the live server, and Debian's
chromium driven by Playwright for the browser tests."""

import os
import shutil
from pathlib import Path

import pytest

ARTIFACTS = Path(__file__).resolve().parent / "test-artifacts"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture(autouse=True, scope="session")
def _plain_http_for_the_live_server(request):
    """The live server's middleware reads SECURE_SSL_REDIRECT once, when the session-scoped
    server starts (before any test's own settings): plain HTTP from the start."""
    if request.config.pluginmanager.hasplugin("django"):
        from django.conf import settings

        settings.SECURE_SSL_REDIRECT = False


@pytest.fixture(autouse=True)
def _test_settings(request):
    if not request.config.pluginmanager.hasplugin("django"):
        return  # engine tests run without Django too (-p no:django)
    settings = request.getfixturevalue("settings")
    # The test servers speak plain HTTP; production defaults (secure cookies) stay as they are.
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.SECURE_SSL_REDIRECT = False
    # Tests that load the demo get a small register; the run command's stays full size.
    settings.DEMO_COMPANIES = 400
    # The rate limits' counters outlive a test that runs outside a transaction (the cache
    # table is no model's, so it is not flushed): tests that mean a limit set a low one.
    settings.OFFERS_API_RATE = settings.CONTACT_FORM_RATE = "100000/m"
    settings.CONTACT_FORM_TOTAL_RATE = "100000/m"
    # Goals counted at national size run at once, in the request (goals/counting.py);
    # the tests of the background itself say otherwise.
    settings.BACKGROUND = "inline"
    # Argon2 takes a tenth of a second per hash by design; the suite makes hundreds of
    # people. Passwords stored before (none in a test database) would still verify.
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        *settings.PASSWORD_HASHERS,
    ]


def pytest_collection_modifyitems(items):
    """Every test that drives chromium is a browser test: `-m "not browser"` leaves them out
    (scripts/run-tests does for the PostgreSQL run: what they check is the pages' markup and
    script, the same on either database)."""
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)


@pytest.fixture
def reference_data(transactional_db):
    """Reference rows for tests that run outside a transaction (live server, browser).

    Such tests end with a flush that empties every table, the migration-loaded reference
    data included; this puts it back before the test, whatever ran earlier.
    """
    from django.apps import apps

    from indgang.reference.loading import load
    from indgang.reference.models import Municipality

    if not Municipality.objects.exists():
        load(apps)


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium (Playwright's own browser download cannot work here)."""
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(executable).exists():
        pytest.fail("chromium is not installed: run `make test`, which installs it")
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls made by
    # the tests themselves are still synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _new_page(browser, **options):
    context = browser.new_context(locale="da-DK", **options)
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


@pytest.fixture
def page(browser):
    context, page = _new_page(browser, viewport={"width": 1280, "height": 900})
    yield page
    context.close()


@pytest.fixture
def phone(browser):
    """A page on a phone's screen (390 x 844, touch)."""
    context, page = _new_page(
        browser, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    yield page
    context.close()


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
