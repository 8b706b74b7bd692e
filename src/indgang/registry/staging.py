# ruff: noqa: S608 - the SQL below names only this module's own tables and columns; every
# value is bound as a parameter or streamed through COPY.
"""Writing a register import in bulk: stage the cleaned rows, then merge them in a few
statements.

While the import reads and checks its file, every good row goes into a temporary staging
table in the import's one transaction: PostgreSQL's ``COPY`` (psycopg 3's
``cursor.copy``), SQLite's ``executemany`` in batches of 10,000. Nothing in the register
changes until the whole file has been read. Then set-based statements compare the staged
rows with the stored ones and write only the differences (inserted, updated, moved or
deleted rows), so re-importing an unchanged file reads the register once and writes
nothing to it. New rows get their ids in the order of the file (the staging tables are
read in the order they were written). A file with bad rows is rolled back with its staging tables: nothing changes.

States of a staged company: NULL not stored yet, 0 stored and the same, 1 stored and
changed, 3 the same but its production units changed.
"""

import json
from contextlib import ExitStack, contextmanager

from django.db import connection

from indgang.registry.bulk_load import inserting
from indgang.registry.importers import COMPANY_FIELDS, FIGURE_FIELDS, CompanyRecord, FiguresRecord
from indgang.registry.models import (
    Company,
    ProductionUnit,
    YearlyFigures,
    build_search_name,
    words_of_names,
)
from indgang.registry.search_index import SQLITE_REBUILD

SQLITE_BATCH = 10_000
COMPANIES = Company._meta.db_table
UNITS = ProductionUnit._meta.db_table
FIGURES = YearlyFigures._meta.db_table
STAGE = "registry_stage_company"
STAGE_UNITS = "registry_stage_unit"
STAGE_FIGURES = "registry_stage_figures"

# The staged columns of a company, in the order ``CompanyStage.rows`` writes them.
COMPANY_COLUMNS = ["line", "cvr", *COMPANY_FIELDS, "search_name", "has_units"]
UNIT_COLUMNS = ["n", "line", "cvr", "p_number", "municipality_id"]
FIGURE_COLUMNS = ["line", "company_id", "year", *FIGURE_FIELDS]


def _type(model, column: str) -> str:
    for field in model._meta.concrete_fields:
        if field.column == column:
            return field.db_type(connection)
    raise KeyError(column)


def _postgres() -> bool:
    return connection.vendor == "postgresql"


def _differs(left: str, right: str) -> str:
    """SQL that is true when two values differ, NULL counting as a value."""
    operator = "IS DISTINCT FROM" if _postgres() else "IS NOT"
    return f"{left} {operator} {right}"


def _any_differs(columns: list[str], left: str, right: str) -> str:
    return " OR ".join(_differs(f"{left}.{c}", f"{right}.{c}") for c in columns)


def _execute(sql: str, params=()) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def _scalar(sql: str, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


def _create(table: str, columns: list[tuple[str, str]]):
    _execute(f"DROP TABLE IF EXISTS {table}")
    _execute(f"CREATE TEMPORARY TABLE {table} ({', '.join(f'{n} {t}' for n, t in columns)})")


class _Writer:
    """Rows into one staging table: a COPY stream on PostgreSQL, batches on SQLite.
    ``write(row)`` takes a tuple; ``count()`` says how many rows the table holds."""

    def __init__(self, table: str, columns: list[str], stack: ExitStack):
        self.table = table
        if _postgres():
            cursor = stack.enter_context(connection.connection.cursor())
            copy = stack.enter_context(
                cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN")
            )
            self.write = copy.write_row
            return
        sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
        batch: list[tuple] = []
        append, executemany = batch.append, connection.connection.executemany

        def write(row: tuple) -> None:
            append(row)
            if len(batch) >= SQLITE_BATCH:
                executemany(sql, batch)
                batch.clear()

        def flush() -> None:
            if batch:
                executemany(sql, batch)
                batch.clear()

        self.write = write
        stack.callback(flush)

    def count(self) -> int:
        return _scalar(f"SELECT COUNT(*) FROM {self.table}")


@contextmanager
def _writer(table: str, columns: list[str]):
    with ExitStack() as stack:
        yield _Writer(table, columns, stack)


def _index(table: str, column: str) -> None:
    """SQLite looks the staged rows up one by one and needs an index; PostgreSQL hashes
    them, and would only spend time building one."""
    if not _postgres():
        _execute(f"CREATE INDEX {table}_{column} ON {table} ({column})")


def _analyze(*tables: str) -> None:
    """PostgreSQL's statistics, for the planner (it never analyses a temporary table by
    itself, and autovacuum sees a grown table only after the commit, if at all)."""
    if _postgres():
        for table in tables:
            _execute(f"ANALYZE {table}")


# --- Companies -----------------------------------------------------------------------------


class CompanyStage:
    def __init__(self):
        postgres = _postgres()
        types = {c: _type(Company, c) for c in ["cvr", *COMPANY_FIELDS, "search_name"]}
        # SQLite: "integer PRIMARY KEY" is the row id itself, free to fill and to join on.
        # PostgreSQL joins the staging tables by hashing; an index would only slow the COPY.
        line = "bigint" if postgres else "integer PRIMARY KEY"
        _create(
            STAGE,
            [
                ("line", line),
                *types.items(),
                ("has_units", "boolean" if postgres else "integer"),
                ("company_id", "bigint"),
                ("state", "smallint"),
            ],
        )
        _create(
            STAGE_UNITS,
            [
                ("n", line),
                ("line", "bigint"),
                ("cvr", _type(Company, "cvr")),
                ("p_number", _type(ProductionUnit, "p_number")),
                ("municipality_id", _type(ProductionUnit, "municipality_id")),
            ],
        )
        self.postgres = postgres
        self.staged = 0
        self.units = 0

    @contextmanager
    def rows(self, units):
        """A function taking (line, record) for each good row, while the file is read;
        ``units(line, record)`` takes the rows that list production units."""
        postgres = self.postgres
        dumps = json.dumps

        with _writer(STAGE, COMPANY_COLUMNS) as writer:
            write = writer.write

            def add(line: int, record: CompanyRecord) -> None:
                secondary = record.secondary_names
                if record.production_units:
                    units(line, record)
                founded, closed = record.founded_date, record.closed_date
                if not postgres:  # SQLite keeps dates as ISO text, as Django writes them
                    founded = founded and founded.isoformat()
                    closed = closed and closed.isoformat()
                write(
                    (
                        line,
                        record.cvr,
                        record.name,
                        dumps(secondary) if secondary else "[]",
                        record.municipality_id,
                        record.db07_code,
                        record.db07_section_id,
                        record.company_form,
                        founded,
                        closed,
                        record.status,
                        record.employees_band,
                        build_search_name(record.name, secondary),
                        record.production_units is not None,
                    )
                )

            yield add
        self.staged = writer.count()

    def add_units(self, units) -> None:
        """``units``: (line, CVR number, P-number, municipality code) of every unit the good
        rows list."""
        with _writer(STAGE_UNITS, UNIT_COLUMNS) as writer:
            for n, row in enumerate(units):
                writer.write((n, *row))
        self.units = writer.count()

    def drop_lines(self, lines: list[int]) -> None:
        """Leave out rows found bad after they were staged (a P-number listed before)."""
        for start in range(0, len(lines), 500):
            chunk = lines[start : start + 500]
            marks = ", ".join(["%s"] * len(chunk))
            self.staged -= _execute(f"DELETE FROM {STAGE} WHERE line IN ({marks})", chunk)
            self.units -= _execute(f"DELETE FROM {STAGE_UNITS} WHERE line IN ({marks})", chunk)

    def merge(self, *, fictitious: bool) -> tuple[int, int, int]:
        """Write the staged companies and their units; return (created, updated, unchanged)."""
        _index(STAGE, "cvr")
        compared = _any_differs(COMPANY_FIELDS, COMPANIES, STAGE)
        _execute(
            f"UPDATE {STAGE} SET company_id = {COMPANIES}.id, "
            f"state = CASE WHEN {compared} THEN 1 ELSE 0 END "
            f"FROM {COMPANIES} WHERE {COMPANIES}.cvr = {STAGE}.cvr"
        )
        written = ["search_name", *COMPANY_FIELDS]
        updated = _execute(
            f"UPDATE {COMPANIES} SET {', '.join(f'{c} = s.{c}' for c in written)} "
            f"FROM {STAGE} s WHERE s.state = 1 AND {COMPANIES}.id = s.company_id"
        )
        columns = ", ".join(["cvr", *written])
        new = _scalar(f"SELECT COUNT(*) FROM {STAGE} WHERE company_id IS NULL")
        with inserting(COMPANIES, new, rebuild=[SQLITE_REBUILD]):
            created = _execute(
                f"INSERT INTO {COMPANIES} ({columns}, is_fictitious) "
                f"SELECT {columns}, %s FROM {STAGE} WHERE company_id IS NULL",
                [fictitious],
            )
        if self.units or _scalar(f"SELECT COUNT(*) FROM {STAGE} WHERE has_units = %s", [True]):
            updated += self._merge_units()
        self.new_words = self._words("company_id IS NULL OR state = 1")
        _execute(f"DROP TABLE {STAGE}")
        _execute(f"DROP TABLE {STAGE_UNITS}")
        return created, updated, self.staged - created - updated

    def _words(self, condition: str) -> set[str]:
        """The words of the staged names that are new or changed (a few thousand names at
        a time)."""
        words: set[str] = set()
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT search_name FROM {STAGE} WHERE {condition}")
            while rows := cursor.fetchmany(10_000):
                words |= words_of_names(row[0] for row in rows)
        return words

    def _first_units(self) -> int:
        """No unit is stored yet (a first load): every listed unit is new."""
        with inserting(UNITS, self.units):
            _execute(
                f"INSERT INTO {UNITS} (p_number, company_id, municipality_id) "
                f"SELECT su.p_number, c.id, su.municipality_id FROM {STAGE_UNITS} su "
                f"JOIN {COMPANIES} c ON c.cvr = su.cvr"
            )
        return _execute(
            f"UPDATE {STAGE} SET state = 3 WHERE state = 0 "
            f"AND line IN (SELECT line FROM {STAGE_UNITS})"
        )

    def _merge_units(self) -> int:
        """Make the stored units match the rows that list them: a unit no longer listed by
        its company is deleted, one listed by another company moves to it. Returns how many
        companies that were otherwise the same had their units changed.

        Two reads find every difference (into the temporary tables ``gone``: stored units
        their company no longer lists; ``moved``: listed units that are new, or stored with
        another company or municipality); an unchanged file writes nothing after them.
        """
        if not _scalar(f"SELECT EXISTS (SELECT 1 FROM {UNITS})"):
            return self._first_units()
        _index(STAGE_UNITS, "p_number")
        gone, moved = f"{STAGE}_gone", f"{STAGE}_moved"
        _create(gone, [("id", "bigint"), ("company_id", "bigint")])
        _create(
            moved,
            [
                ("id", "bigint"),
                ("p_number", _type(ProductionUnit, "p_number")),
                ("company_id", "bigint"),
                ("municipality_id", _type(ProductionUnit, "municipality_id")),
                ("old_company_id", "bigint"),
                ("n", "bigint"),
            ],
        )
        n_gone = _execute(
            f"INSERT INTO {gone} (id, company_id) SELECT pu.id, pu.company_id "
            f"FROM {STAGE} s JOIN {UNITS} pu ON pu.company_id = s.company_id "
            "WHERE s.has_units = %s AND NOT EXISTS "
            f"(SELECT 1 FROM {STAGE_UNITS} su WHERE su.p_number = pu.p_number)",
            [True],
        )
        n_moved = _execute(
            f"INSERT INTO {moved} (id, p_number, company_id, municipality_id, old_company_id, n) "
            "SELECT pu.id, su.p_number, c.id, su.municipality_id, pu.company_id, su.n "
            f"FROM {STAGE_UNITS} su JOIN {COMPANIES} c ON c.cvr = su.cvr "
            f"LEFT JOIN {UNITS} pu ON pu.p_number = su.p_number "
            "WHERE pu.id IS NULL OR pu.company_id <> c.id "
            "OR pu.municipality_id <> su.municipality_id"
        )
        changed = 0
        if n_gone or n_moved:
            # Companies the same in all else whose units changed: one lost a unit or listed a
            # new one, one gained a unit from another company or lost one to it.
            changed = _execute(
                f"UPDATE {STAGE} SET state = 3 WHERE state = 0 AND company_id IN "
                f"(SELECT company_id FROM {gone} UNION SELECT company_id FROM {moved} "
                f"UNION SELECT old_company_id FROM {moved} WHERE old_company_id IS NOT NULL)"
            )
            _execute(f"DELETE FROM {UNITS} WHERE id IN (SELECT id FROM {gone})")
            _execute(
                f"UPDATE {UNITS} SET company_id = m.company_id, municipality_id = m.municipality_id "
                f"FROM {moved} m WHERE m.id = {UNITS}.id"
            )
            new = _scalar(f"SELECT COUNT(*) FROM {moved} WHERE id IS NULL")
            with inserting(UNITS, new):
                _execute(
                    f"INSERT INTO {UNITS} (p_number, company_id, municipality_id) "
                    f"SELECT p_number, company_id, municipality_id FROM {moved} "
                    "WHERE id IS NULL ORDER BY n"
                )
        _execute(f"DROP TABLE {gone}")
        _execute(f"DROP TABLE {moved}")
        return changed


# --- Yearly figures ------------------------------------------------------------------------


class FiguresStage:
    def __init__(self):
        _create(
            STAGE_FIGURES,
            [
                ("line", "bigint"),
                ("company_id", "bigint"),
                ("year", "smallint"),
                *[(c, _type(YearlyFigures, c)) for c in FIGURE_FIELDS],
            ],
        )
        self.staged = 0

    @contextmanager
    def rows(self):
        with _writer(STAGE_FIGURES, FIGURE_COLUMNS) as writer:
            write = writer.write
            postgres = _postgres()

            def add(line: int, record: FiguresRecord, company_id: int) -> None:
                fte = record.employees_fte
                write(
                    (
                        line,
                        company_id,
                        record.year,
                        fte if postgres or fte is None else str(fte),
                        record.turnover_dkk,
                        record.value_added_dkk,
                        record.exports_dkk,
                        record.wage_bill_dkk,
                    )
                )

            yield add
        self.staged = writer.count()

    def merge(self) -> tuple[int, int, int]:
        """Write the staged figures; return (created, updated, unchanged)."""
        if _postgres():
            created, updated = self._merge_postgres()
        else:
            created, updated = self._merge_sqlite()
        _execute(f"DROP TABLE {STAGE_FIGURES}")
        return created, updated, self.staged - created - updated

    def _merge_postgres(self) -> tuple[int, int]:
        # The staged rows joined once with the stored ones (a hash join), then the changed
        # ones updated and the new ones inserted.
        _analyze(STAGE_FIGURES)
        compared = STAGE_FIGURES + "_compared"
        values = ", ".join(FIGURE_FIELDS)
        differs = f"({', '.join(f'f.{c}' for c in FIGURE_FIELDS)}) IS DISTINCT FROM " + (
            f"({', '.join(f's.{c}' for c in FIGURE_FIELDS)})"
        )
        _execute(f"DROP TABLE IF EXISTS {compared}")
        _execute(
            f"CREATE TEMPORARY TABLE {compared} AS SELECT s.*, f.id AS figures_id, "
            f"{differs} AS changed FROM {STAGE_FIGURES} s LEFT JOIN {FIGURES} f "
            "ON f.company_id = s.company_id AND f.year = s.year"
        )
        updated = _execute(
            f"UPDATE {FIGURES} SET {', '.join(f'{c} = c.{c}' for c in FIGURE_FIELDS)} "
            f"FROM {compared} c WHERE c.changed AND c.figures_id = {FIGURES}.id"
        )
        new = _scalar(f"SELECT COUNT(*) FROM {compared} WHERE figures_id IS NULL")
        with inserting(FIGURES, new):
            created = _execute(
                f"INSERT INTO {FIGURES} (company_id, year, {values}) "
                f"SELECT company_id, year, {values} FROM {compared} "
                "WHERE figures_id IS NULL"
            )
        _execute(f"DROP TABLE {compared}")
        return created, updated

    def _merge_sqlite(self) -> tuple[int, int]:
        # An upsert: the unique index on (company, year) finds the stored row; the WHERE of
        # DO UPDATE leaves an unchanged row untouched. The new rows are those past the
        # largest id before (SQLite's AUTOINCREMENT never reuses one; one writer at a time).
        newest = _scalar(f"SELECT COALESCE(MAX(id), 0) FROM {FIGURES}")
        values = ", ".join(FIGURE_FIELDS)
        written = _execute(
            f"INSERT INTO {FIGURES} (company_id, year, {values}) "
            f"SELECT company_id, year, {values} FROM {STAGE_FIGURES} WHERE true "
            "ON CONFLICT (company_id, year) DO UPDATE SET "
            f"{', '.join(f'{c} = excluded.{c}' for c in FIGURE_FIELDS)} "
            f"WHERE {_any_differs(FIGURE_FIELDS, FIGURES, 'excluded')}"
        )
        created = _scalar(f"SELECT COUNT(*) FROM {FIGURES} WHERE id > %s", [newest])
        return created, written - created


def analyze(*models) -> None:
    """Refresh PostgreSQL's statistics of the tables an import grew (autovacuum would do it
    only after the commit, if at all), for the searches and the next import."""
    _analyze(*(model._meta.db_table for model in models))
