"""Two people signing up at the same moment never overfill an event (on either database).

On PostgreSQL the threads share the test database. Django's SQLite test database lives in
memory with a shared cache, where a second writer fails at once ("table is locked") instead
of waiting, unlike the file database the project runs on (WAL, ``BEGIN IMMEDIATE``, decision
0002). So on SQLite the test copies the test database into a file and the threads work there.
"""

import sqlite3
import threading

import pytest
from django.db import connection, connections

from indgang.events.models import SignUp, Status
from indgang.events.services import sign_up
from indgang.events.tests.conftest import make_event

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def threads_database(transactional_db, tmp_path):
    if connection.vendor != "sqlite":
        yield
        return
    connection.ensure_connection()
    target = sqlite3.connect(tmp_path / "threads.sqlite3")
    connection.connection.backup(target)
    target.close()
    name = connection.settings_dict["NAME"]
    # New connections (the threads') open the file; this thread's stays on the memory one.
    connection.settings_dict["NAME"] = str(tmp_path / "threads.sqlite3")
    try:
        yield
    finally:
        connection.settings_dict["NAME"] = name


def in_thread(function, *args, barrier=None, errors=None):
    def run():
        try:
            if barrier:
                barrier.wait()
            function(*args)
        except Exception as exc:  # noqa: BLE001 - the test reports every error
            errors.append(exc)
        finally:
            connections.close_all()

    return threading.Thread(target=run)


def test_concurrent_sign_ups_never_exceed_capacity(reference_data, world, threads_database):
    errors, box = [], {}

    def setup():
        box["event"] = make_event(world["viewer"], capacity=3)

    t = in_thread(setup, errors=errors)
    t.start()
    t.join()
    barrier = threading.Barrier(8)

    def one(n):
        sign_up(box["event"].pk, name=f"P{n}", email=f"p{n}@example.dk", cvr=None, consent=True)

    threads = [in_thread(one, n, barrier=barrier, errors=errors) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    def count():
        box["statuses"] = sorted(
            SignUp.objects.filter(event_id=box["event"].pk).values_list("status", flat=True)
        )

    t = in_thread(count, errors=errors)
    t.start()
    t.join()
    assert errors == []
    assert box["statuses"] == [Status.CONFIRMED] * 3 + [Status.WAITLISTED] * 5
