"""Backup and restore of the whole database, for an operator's IT (decision 0019).

SQLite: the online backup API copies a consistent snapshot while the app runs, and the same
API writes it back. PostgreSQL: ``pg_dump`` in its custom format, and ``pg_restore``
(the PostgreSQL client tools must be installed where the command runs). A restore goes
only into an empty database (one that holds nothing but what ``indgang migrate`` puts
there) unless it is forced, and a file of the wrong kind is refused before anything is
touched.
"""

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db import connection
from django.utils.translation import gettext as _

# Tables ``indgang migrate`` fills by itself: a database holding rows only here is empty.
MIGRATION_TABLES = {"django_migrations", "django_content_type", "auth_permission"}
MIGRATION_PREFIXES = ("reference_",)
SQLITE_HEADER = b"SQLite format 3\x00"
PG_DUMP_HEADER = b"PGDMP"


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why, in the user's words."""


def _pg_environment() -> tuple[list[str], dict]:
    settings = connection.settings_dict
    arguments = ["--dbname", settings["NAME"]]
    if settings.get("HOST"):
        arguments += ["--host", settings["HOST"]]
    if settings.get("PORT"):
        arguments += ["--port", str(settings["PORT"])]
    if settings.get("USER"):
        arguments += ["--username", settings["USER"]]
    env = {**os.environ}
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = settings["PASSWORD"]
    return arguments, env


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            _("%(tool)s is not installed: install the PostgreSQL client tools.") % {"tool": name}
        )
    return found


def backup(path: Path) -> None:
    """Write a consistent copy of the database to ``path``."""
    path = Path(path)
    if not path.parent.is_dir():
        raise BackupError(_("The folder %(folder)s does not exist.") % {"folder": path.parent})
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        target = sqlite3.connect(path)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
    elif connection.vendor == "postgresql":
        arguments, env = _pg_environment()
        command = [_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(path)]
        done = subprocess.run(command + arguments, env=env, capture_output=True, text=True)
        if done.returncode != 0:
            raise BackupError(done.stderr.strip() or "pg_dump failed")
    else:
        raise BackupError(_("Backups are made of SQLite and PostgreSQL databases only."))


def holds_data() -> list[str]:
    """The tables with rows beyond what ``indgang migrate`` puts in a new database."""
    tables = connection.introspection.django_table_names(only_existing=True)
    with connection.cursor() as cursor:
        full = []
        for table in sorted(tables):
            if table in MIGRATION_TABLES or table.startswith(MIGRATION_PREFIXES):
                continue
            # Table names come from the database's own catalogue.
            cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(table)} LIMIT 1")  # noqa: S608
            if cursor.fetchone():
                full.append(table)
    return full


def restore(path: Path, *, force: bool = False) -> None:
    """Replace the database's content with the backup at ``path``."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(_("No such file: %(path)s") % {"path": path})
    with path.open("rb") as file:
        header = file.read(16)
    connection.ensure_connection()
    expected = SQLITE_HEADER if connection.vendor == "sqlite" else PG_DUMP_HEADER
    if not header.startswith(expected):
        raise BackupError(
            _("%(path)s is not a backup of a %(vendor)s database made by indgang backup.")
            % {"path": path, "vendor": connection.display_name}
        )
    full = holds_data()
    if full and not force:
        raise BackupError(
            _(
                "The database is not empty (%(tables)s and more): restore into a new database, "
                "or give --force to replace what it holds."
            )
            % {"tables": ", ".join(full[:3])}
        )
    if connection.vendor == "sqlite":
        source = sqlite3.connect(path)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
    else:
        arguments, env = _pg_environment()
        command = [_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--exit-on-error"]
        connection.close()  # pg_restore drops and recreates the tables this connection reads
        done = subprocess.run(
            command + arguments + [str(path)], env=env, capture_output=True, text=True
        )
        if done.returncode != 0:
            raise BackupError(done.stderr.strip() or "pg_restore failed")
