"""An existing database upgrades to the sub-domain layout (decision 0013) and loses nothing.

A database with the demo is taken back to the layout before the reshape (the contact
request still in the guide's migration state), then migrated to the newest state; every
table keeps every row.
"""

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE_RESHAPE = [
    ("crm", "0002_external_id_and_blank_consultant"),
    ("guide", "0002_contact_request_status_lives_on_the_referral"),
]


def migrate(targets=None):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def row_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        counts = {}
        for table in connection.introspection.table_names(cursor):
            # Table names come from the database's own catalogue.
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
    return counts


@pytest.mark.django_db(transaction=True)
def test_a_demo_database_of_the_old_layout_migrates_with_every_row(reference_data):
    # The demo, loaded by today's code, then the database taken back to the layout before
    # the reshape (the contact request still in the guide's migration state)...
    call_command("demo", verbosity=0)
    old = migrate(BEFORE_RESHAPE)
    assert old.get_model("guide", "ContactRequest")._meta.db_table == "guide_contactrequest"
    before = row_counts()
    # ...and migrated forward again: every table keeps every row.
    new = migrate()
    after = row_counts()
    assert after.pop("django_migrations") > before.pop("django_migrations")
    # Tables that later migrations add come back empty; every other keeps its rows.
    added = {table: after.pop(table) for table in set(after) - set(before)}
    assert set(added.values()) <= {0}
    assert after == before
    assert before["guide_contactrequest"] > 0 and before["crm_referral"] > 0
    ContactRequest = new.get_model("crm", "ContactRequest")
    assert ContactRequest.objects.count() == before["guide_contactrequest"]
    assert (
        ContactRequest.objects.filter(referral__isnull=False).count()
        == (before["guide_contactrequest"])
    )
