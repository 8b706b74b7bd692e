"""Backup and restore round-trip the demo database, on SQLite and on PostgreSQL."""

import hashlib

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import translation


def fingerprint() -> dict[str, tuple[int, str]]:
    """Each table's row count and a checksum of its rows, in a stable order."""
    result = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            columns = len(connection.introspection.get_table_description(cursor, table))
            order = ", ".join(str(n) for n in range(1, columns + 1))
            name = connection.ops.quote_name(table)
            # Table names come from the database's own catalogue.
            cursor.execute(f"SELECT * FROM {name} ORDER BY {order}")  # noqa: S608
            rows = cursor.fetchall()
            result[table] = (len(rows), hashlib.sha256(repr(rows).encode()).hexdigest())
    return result


@pytest.mark.django_db(transaction=True)
def test_the_demo_database_round_trips_through_a_backup(reference_data, tmp_path):
    call_command("demo", verbosity=0)
    before = fingerprint()
    assert before["crm_interaction"][0] > 0 and before["registry_company"][0] > 0
    backup = tmp_path / "indgang.backup"
    call_command("backup", str(backup), verbosity=0)

    with pytest.raises(CommandError, match="not empty"), translation.override("en"):
        call_command("restore", str(backup))
    call_command("flush", interactive=False, verbosity=0)
    call_command("restore", str(backup), verbosity=0)
    assert fingerprint() == before

    # Forced, it replaces what the database holds.
    call_command("restore", str(backup), force=True, verbosity=0)
    assert fingerprint() == before


@pytest.mark.django_db
def test_restore_refuses_what_is_not_a_backup(tmp_path):
    stranger = tmp_path / "notes.txt"
    stranger.write_text("not a backup")
    with translation.override("en"):
        with pytest.raises(CommandError, match="not a backup"):
            call_command("restore", str(stranger))
        with pytest.raises(CommandError, match="No such file"):
            call_command("restore", str(tmp_path / "missing.backup"))
        with pytest.raises(CommandError, match="does not exist"):
            call_command("backup", str(tmp_path / "no-folder" / "x.backup"))
