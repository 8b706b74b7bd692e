# ruff: noqa: S608 - DDL from this module's own constants; no value comes from outside.
"""The database-specific name-search indexes (see docs/decisions/0005-company-name-search.md).

SQLite: FTS5 tables with the trigram tokenizer over ``registry_company.search_name`` and
over the words of the names (``registry_nameword.word``), kept in step by triggers.
PostgreSQL: the pg_trgm extension and GIN trigram indexes on the same two columns.

A later migration that makes SQLite rebuild ``registry_company`` or ``registry_nameword``
drops the triggers and must call :func:`install` and :func:`install_words` again.
"""

FTS_TABLE = "registry_company_fts"
WORDS_FTS_TABLE = "registry_nameword_fts"


def _fts(table: str, content: str, column: str, options: str = "") -> list[str]:
    """An external-content FTS5 trigram table over ``content.column`` and its triggers."""
    return [
        f"""CREATE VIRTUAL TABLE IF NOT EXISTS {table} USING fts5(
            {column}, content='{content}', content_rowid='id', tokenize='trigram'{options}
        )""",
        f"""CREATE TRIGGER IF NOT EXISTS {table}_ai AFTER INSERT ON {content}
        BEGIN
            INSERT INTO {table}(rowid, {column}) VALUES (new.id, new.{column});
        END""",
        f"""CREATE TRIGGER IF NOT EXISTS {table}_ad AFTER DELETE ON {content}
        BEGIN
            INSERT INTO {table}({table}, rowid, {column}) VALUES ('delete', old.id, old.{column});
        END""",
        f"""CREATE TRIGGER IF NOT EXISTS {table}_au AFTER UPDATE OF {column} ON {content}
        BEGIN
            INSERT INTO {table}({table}, rowid, {column}) VALUES ('delete', old.id, old.{column});
            INSERT INTO {table}(rowid, {column}) VALUES (new.id, new.{column});
        END""",
        f"INSERT INTO {table}({table}) VALUES ('rebuild')",
    ]


def _fts_remove(table: str) -> list[str]:
    return [
        *(f"DROP TRIGGER IF EXISTS {table}_{kind}" for kind in ("ai", "ad", "au")),
        f"DROP TABLE IF EXISTS {table}",
    ]


# The names are only matched, never ranked (bm25 needs each row's size): columnsize=0
# spares the import a row of bookkeeping per company.
SQLITE_INSTALL = _fts(FTS_TABLE, "registry_company", "search_name", ", columnsize=0")
SQLITE_REMOVE = _fts_remove(FTS_TABLE)
SQLITE_REBUILD = SQLITE_INSTALL[-1]  # after a load without the triggers
SQLITE_WORDS_INSTALL = _fts(WORDS_FTS_TABLE, "registry_nameword", "word")
SQLITE_WORDS_REMOVE = _fts_remove(WORDS_FTS_TABLE)

# GIN, not GiST (the first choice): at 800,000 companies GiST answered LIKE '%word%' in up
# to 300 ms and its nearest-neighbour ordering in up to 1.7 s, and cost a third of a first
# import's time to maintain; GIN answers LIKE through exact trigram lists and is built in a
# third of the time. The typo-tolerant stage no longer needs nearest neighbours among the
# names: it looks the words up among the words of the names (``registry_nameword``).
POSTGRES_INSTALL = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "DROP INDEX IF EXISTS registry_company_search_trgm",  # the GiST index of before
    "CREATE INDEX IF NOT EXISTS registry_company_search_gin "
    "ON registry_company USING gin (search_name gin_trgm_ops)",
]
POSTGRES_REMOVE = ["DROP INDEX IF EXISTS registry_company_search_gin"]
POSTGRES_WORDS_INSTALL = [
    "CREATE INDEX IF NOT EXISTS registry_nameword_word_gin "
    "ON registry_nameword USING gin (word gin_trgm_ops)",
]
POSTGRES_WORDS_REMOVE = ["DROP INDEX IF EXISTS registry_nameword_word_gin"]


def _run(schema_editor, statements) -> None:
    for sql in statements:
        schema_editor.execute(sql)


def install(apps, schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        _run(schema_editor, SQLITE_INSTALL)
    elif vendor == "postgresql":
        _run(schema_editor, POSTGRES_INSTALL)


def reinstall(apps, schema_editor) -> None:
    """SQLite: the names' FTS table again, as ``install`` makes it now (its triggers are
    gone after a migration remade ``registry_company``). PostgreSQL: GIN for GiST."""
    if schema_editor.connection.vendor == "sqlite":
        _run(schema_editor, SQLITE_REMOVE)
    install(apps, schema_editor)


def remove(apps, schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        _run(schema_editor, SQLITE_REMOVE)
    elif vendor == "postgresql":
        _run(schema_editor, POSTGRES_REMOVE)


def install_words(apps, schema_editor) -> None:
    """The index of the names' words, then the words of the names already stored."""
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        _run(schema_editor, SQLITE_WORDS_INSTALL)
    elif vendor == "postgresql":
        _run(schema_editor, POSTGRES_WORDS_INSTALL)
    from indgang.registry.models import FORM_WORDS, name_words

    company = apps.get_model("registry", "Company")
    word = apps.get_model("registry", "NameWord")
    words: set[str] = set()
    for search_name in company.objects.values_list("search_name", flat=True).iterator(10_000):
        words.update(name_words(search_name))
    word.objects.bulk_create(
        [word(word=w[:300]) for w in sorted(words - FORM_WORDS)],
        batch_size=5_000,
        ignore_conflicts=True,
    )


def remove_words(apps, schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        _run(schema_editor, SQLITE_WORDS_REMOVE)
    elif vendor == "postgresql":
        _run(schema_editor, POSTGRES_WORDS_REMOVE)
