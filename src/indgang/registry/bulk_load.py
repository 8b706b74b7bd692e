"""Database settings and index handling for loading the register in bulk.

Inserting a row into ``registry_company`` on PostgreSQL maintains seven B-tree indexes, the
GIN trigram index of the name search and two foreign-key checks (each a query of its own):
at a first load of Denmark's 800,000 companies that was most of the time. So when an import
inserts at least as many rows as a table already holds (the first load, or a register that
doubles) and at least 50,000, the table's non-unique indexes, its foreign keys and the
unique constraints no foreign key depends on are dropped, the rows inserted, then each
index is built again in one sort (a duplicate would fail the unique ones) and each foreign
key checked in one query, as PostgreSQL's manual advises ("Populating a Database"). The
primary key stays. It all happens inside the import's transaction: other sessions wait for
the table (ACCESS EXCLUSIVE) until it commits, and a failed import leaves every index and
constraint as it was. Ordinary imports, adding a few rows to a full register, leave them
alone. SQLite does the same with its secondary indexes and with the triggers that keep the
full-text index of the names, which is then rebuilt in one pass.
"""

from contextlib import contextmanager

from django.db import DatabaseError, connection, transaction

# Fewer new rows than this are inserted through the indexes as they stand.
BULK_LOAD_MIN = 50_000
# Memory for the sorts that build the indexes and for the hash joins of the merge.
MAINTENANCE_WORK_MEM = "256MB"
WORK_MEM = "64MB"
TEMP_BUFFERS = "256MB"
SQLITE_CACHE_KB = 262_144


def _postgres() -> bool:
    return connection.vendor == "postgresql"


@contextmanager
def session():
    """Around an import, inside its transaction: memory for its statements.

    PostgreSQL: ``work_mem`` and ``maintenance_work_mem`` for this transaction only, and
    ``temp_buffers`` for the staging tables (it can only be raised before the session's
    first temporary table; a connection that has had one keeps what it has). SQLite: a
    page cache of up to 256 MB for the register's indexes and the staging tables (Django's
    connections keep SQLite's 2 MB otherwise), set back afterwards.
    """
    with connection.cursor() as cursor:
        if _postgres():
            cursor.execute(f"SET LOCAL work_mem = '{WORK_MEM}'")
            cursor.execute(f"SET LOCAL maintenance_work_mem = '{MAINTENANCE_WORK_MEM}'")
            try:
                with transaction.atomic():
                    cursor.execute(f"SET temp_buffers = '{TEMP_BUFFERS}'")
            except DatabaseError:
                pass
            yield
            return
        sizes = {}
        for schema in ("main", "temp"):
            cursor.execute(f"PRAGMA {schema}.cache_size")
            sizes[schema] = int(cursor.fetchone()[0])
            cursor.execute(f"PRAGMA {schema}.cache_size = {-SQLITE_CACHE_KB}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for schema, size in sizes.items():
                cursor.execute(f"PRAGMA {schema}.cache_size = {size}")


def _stored_rows(table: str) -> float:
    """The rows in ``table``: PostgreSQL's estimate (kept current by the imports' ANALYZE;
    0 for a table never analysed), SQLite's count."""
    with connection.cursor() as cursor:
        if _postgres():
            cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [table])
        else:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
        return max(cursor.fetchone()[0], 0)


@contextmanager
def inserting(table: str, new_rows: int, *, rebuild: list[str] = ()):
    """Around an INSERT of about ``new_rows`` rows into ``table``. ``rebuild``: SQLite
    statements that bring what the table's triggers keep (a full-text index) up to date
    after a load that went without them."""
    if new_rows < BULK_LOAD_MIN or new_rows < _stored_rows(table):
        yield
    elif _postgres():
        with _postgres_load(table):
            yield
    else:
        with _sqlite_load(table, rebuild):
            yield


@contextmanager
def _sqlite_load(table: str, rebuild: list[str]):
    """SQLite: the secondary indexes and the triggers (the full-text index's) go, then the
    indexes are built in one sort each and the full-text index in one pass."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE tbl_name = %s "
            "AND type IN ('index', 'trigger') AND sql IS NOT NULL ORDER BY type, name",
            [table],
        )
        dropped = cursor.fetchall()  # not the automatic indexes of unique columns
        for kind, name, _sql in dropped:
            cursor.execute(f"DROP {kind.upper()} {connection.ops.quote_name(name)}")
    yield
    with connection.cursor() as cursor:
        for _kind, _name, sql in dropped:
            cursor.execute(sql)
        for sql in rebuild:
            cursor.execute(sql)


@contextmanager
def _postgres_load(table: str):
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = %s::regclass AND contype = 'f' ORDER BY conname",
            [table],
        )
        foreign_keys = cursor.fetchall()
        # Unique constraints no foreign key leans on (the CVR number, the P-number, a
        # company's year): rebuilt in one sort too; a duplicate would fail the rebuild.
        cursor.execute(
            "SELECT u.conname, pg_get_constraintdef(u.oid) FROM pg_constraint u "
            "WHERE u.conrelid = %s::regclass AND u.contype = 'u' AND NOT EXISTS "
            "(SELECT 1 FROM pg_constraint f WHERE f.contype = 'f' AND f.conindid = u.conindid) "
            "ORDER BY u.conname",
            [table],
        )
        uniques = cursor.fetchall()
        cursor.execute(
            "SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i "
            "JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = %s::regclass "
            "AND NOT i.indisunique AND NOT i.indisprimary ORDER BY c.relname",
            [table],
        )
        indexes = cursor.fetchall()
        # A deferred check still pending in this transaction would forbid the ALTER TABLE:
        # run the pending ones now (the constraints are all initially deferred again after).
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for name, _definition in foreign_keys + uniques:
            cursor.execute(f"ALTER TABLE {quote(table)} DROP CONSTRAINT {quote(name)}")
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {quote(name)}")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    yield
    with connection.cursor() as cursor:
        for _name, definition in indexes:
            cursor.execute(definition)
        for name, definition in uniques + foreign_keys:
            cursor.execute(f"ALTER TABLE {quote(table)} ADD CONSTRAINT {quote(name)} {definition}")


def drop_pattern_indexes(apps, schema_editor) -> None:
    """PostgreSQL: Django gives every unique text column a second index for LIKE 'abc%'
    (``varchar_pattern_ops``). Nothing looks a CVR number or a P-number up by its start, and
    each index costs the import time: they go (a migration that alters the column may add
    them again; this can then run again)."""
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE indexdef LIKE '%%varchar_pattern_ops%%' "
            "AND ((tablename = 'registry_company' AND indexdef LIKE '%%(cvr %%') "
            "OR (tablename = 'registry_productionunit' AND indexdef LIKE '%%(p_number %%'))"
        )
        names = [row[0] for row in cursor.fetchall()]
    for name in names:
        schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(name)}")
