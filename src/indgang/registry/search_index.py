"""The database-specific name-search index (see docs/decisions/0005-company-name-search.md).

SQLite: an FTS5 table with the trigram tokenizer over ``registry_company.search_name``,
kept in step by triggers. PostgreSQL: the pg_trgm extension and a GiST trigram index.
A later migration that makes SQLite rebuild ``registry_company`` drops the triggers and must
call :func:`install` again.
"""

FTS_TABLE = "registry_company_fts"

SQLITE_INSTALL = [
    """CREATE VIRTUAL TABLE IF NOT EXISTS registry_company_fts USING fts5(
        search_name, content='registry_company', content_rowid='id', tokenize='trigram'
    )""",
    """CREATE TRIGGER IF NOT EXISTS registry_company_fts_ai AFTER INSERT ON registry_company
    BEGIN
        INSERT INTO registry_company_fts(rowid, search_name) VALUES (new.id, new.search_name);
    END""",
    """CREATE TRIGGER IF NOT EXISTS registry_company_fts_ad AFTER DELETE ON registry_company
    BEGIN
        INSERT INTO registry_company_fts(registry_company_fts, rowid, search_name)
        VALUES ('delete', old.id, old.search_name);
    END""",
    """CREATE TRIGGER IF NOT EXISTS registry_company_fts_au
    AFTER UPDATE OF search_name ON registry_company
    BEGIN
        INSERT INTO registry_company_fts(registry_company_fts, rowid, search_name)
        VALUES ('delete', old.id, old.search_name);
        INSERT INTO registry_company_fts(rowid, search_name) VALUES (new.id, new.search_name);
    END""",
    "INSERT INTO registry_company_fts(registry_company_fts) VALUES ('rebuild')",
]
SQLITE_REMOVE = [
    "DROP TRIGGER IF EXISTS registry_company_fts_ai",
    "DROP TRIGGER IF EXISTS registry_company_fts_ad",
    "DROP TRIGGER IF EXISTS registry_company_fts_au",
    "DROP TABLE IF EXISTS registry_company_fts",
]
POSTGRES_INSTALL = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    # GiST, not GIN: it answers both LIKE '%word%' and the nearest-neighbour ordering
    # (ORDER BY query <<-> search_name LIMIT n) that the typo-tolerant stage needs.
    "CREATE INDEX IF NOT EXISTS registry_company_search_trgm "
    "ON registry_company USING gist (search_name gist_trgm_ops)",
]
POSTGRES_REMOVE = ["DROP INDEX IF EXISTS registry_company_search_trgm"]


def _run(schema_editor, statements) -> None:
    for sql in statements:
        schema_editor.execute(sql)


def install(apps, schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        _run(schema_editor, SQLITE_INSTALL)
    elif vendor == "postgresql":
        _run(schema_editor, POSTGRES_INSTALL)


def remove(apps, schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        _run(schema_editor, SQLITE_REMOVE)
    elif vendor == "postgresql":
        _run(schema_editor, POSTGRES_REMOVE)
