"""An existing database upgrades to the sub-domain layout (decision 0013) and loses nothing.

The database is built at the layout before the reshape (the contact request still in the
guide's migration state), filled with the demo, then migrated to the newest state; every
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
    old = migrate(BEFORE_RESHAPE)
    assert old.get_model("guide", "ContactRequest")._meta.db_table == "guide_contactrequest"
    try:
        call_command("demo", verbosity=0)
        before = row_counts()
    finally:
        new = migrate()
    after = row_counts()
    # django_migrations gains the reshape's own migrations; every other table is unchanged.
    assert after.pop("django_migrations") > before.pop("django_migrations")
    assert after == before
    assert before["guide_contactrequest"] > 0 and before["crm_referral"] > 0
    ContactRequest = new.get_model("crm", "ContactRequest")
    assert ContactRequest.objects.count() == before["guide_contactrequest"]
    assert (
        ContactRequest.objects.filter(referral__isnull=False).count()
        == (before["guide_contactrequest"])
    )
