"""One demo for every test that only reads it (loaded with ``-p indgang.demo.pytest_plugin``).

Loading the demo takes about ten seconds; a dozen tests across the apps read it (the demo's
own checks, the crawler, the catalog's documents). A test asks for the fixture ``demo``
instead of running ``indgang demo`` itself: the demo is then loaded once, committed, and each
such test runs in a transaction that is rolled back, so what one test changes, the next does
not see.

So that no other test finds the demo's rows, the tests that ask for it run together, as the
last of the tests that use the database inside a transaction (pytest-django already runs
those before the tests that commit), and the database is emptied right after the last of
them, as a committing test's end empties it.

Tests that commit (a live server, a browser) cannot share it this way: they load what they
need themselves.
"""

import io

import pytest

FIXTURE = "demo"


def _uses_the_demo(item) -> bool:
    return FIXTURE in getattr(item, "fixturenames", ())


def _commits(item) -> bool:
    """As pytest-django orders tests: one that commits, or one that uses no database."""
    names = getattr(item, "fixturenames", ())
    marker = item.get_closest_marker("django_db")
    in_a_transaction = marker is not None or "db" in names
    transactional = (
        "transactional_db" in names
        or "live_server" in names
        or (
            marker is not None
            and (marker.kwargs.get("transaction") or (marker.args[:1] == (True,)))
        )
    )
    return transactional or not in_a_transaction


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Move the demo's readers to the end of the in-a-transaction tests (after
    pytest-django's own ordering, which this keeps)."""
    readers = [item for item in items if _uses_the_demo(item)]
    if not readers:
        return
    others = [item for item in items if not _uses_the_demo(item)]
    at = next((i for i, item in enumerate(others) if _commits(item)), len(others))
    items[:] = others[:at] + readers + others[at:]


@pytest.fixture(scope="session")
def _demo_loaded(django_db_setup, django_db_blocker) -> str:
    from django.core.management import call_command
    from django.test import override_settings
    from django.utils import translation

    out = io.StringIO()
    with (
        django_db_blocker.unblock(),
        translation.override("da"),  # as the command runs, whatever a test left active
        override_settings(
            DEMO_COMPANIES=400,
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        ),
    ):
        call_command("demo", stdout=out)
    return out.getvalue()


@pytest.fixture
def demo(_demo_loaded, db) -> str:
    """The loaded demo; the value is what ``indgang demo`` printed (the logins among it)."""
    if _state["emptied"]:
        pytest.fail("the demo was emptied before this test: run its readers together")
    return _demo_loaded


_state = {"emptied": False}


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    yield  # the test's own transaction is rolled back first
    # After the run's last test the test database is already gone (its session fixture
    # ends with that test's teardown): nothing to empty then.
    if _uses_the_demo(item) and nextitem is not None and not _uses_the_demo(nextitem):
        from django.core.management import call_command
        from pytest_django.plugin import blocking_manager_key

        with item.config.stash[blocking_manager_key].unblock():
            call_command("flush", interactive=False, verbosity=0)
        _state["emptied"] = True
