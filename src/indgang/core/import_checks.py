"""Checks every import command makes on what it reads, before a record is cleaned: the file
is UTF-8 (else the first line that is not), Python's CSV reader did not give up (a field
longer than :data:`FIELD_LIMIT`), JSON is not nested too deeply, and no text holds a NUL
byte (PostgreSQL cannot store one, so SQLite refuses it too, with the same message). Each
failure is a message naming the line or the field, never a traceback (decision 0017).

Shared by the register's, the catalog's and the CRM's imports.
"""

import csv
from collections.abc import Iterator
from pathlib import Path

from django.utils.translation import gettext as _

# The longest text field any import takes: Python's CSV reader's default limit, so a CSV
# and a JSON file are held to the same.
FIELD_LIMIT = 131_072


def csv_error(line: int, exc: csv.Error) -> str:
    """The message for a CSV file Python's reader gives up on, naming the line."""
    if "field larger than field limit" in str(exc):
        reason = _("a field is longer than %(limit)d characters") % {
            "limit": csv.field_size_limit()
        }
    else:
        reason = str(exc)
    return _("line %(line)d: %(error)s") % {"line": line, "error": reason}


def not_utf8_line(path: Path) -> int:
    """The first line of the file that is not UTF-8."""
    line = 1
    with Path(path).open("rb") as handle:
        for line, data in enumerate(handle, start=1):  # noqa: B007 - the line is the answer
            try:
                data.decode("utf-8")
            except UnicodeDecodeError:
                break
    return line


def not_utf8(path: Path) -> str:
    """The message for a file that is not UTF-8, naming its first line that is not."""
    return _("line %(line)d: the file is not UTF-8 (save it as UTF-8 and import it again)") % {
        "line": not_utf8_line(path)
    }


def nul_reason() -> str:
    """Why a text with a NUL byte is refused (after the field's name)."""
    return _("a NUL byte is not allowed")


def nul_message(column: str) -> str:
    return _("%(column)s: a NUL byte is not allowed") % {"column": column}


def nul_places(value) -> Iterator[tuple]:
    """The place (a tuple of keys and list indices) of each text holding a NUL byte, in
    keys and values alike, however deep; without recursion, so any depth JSON can parse
    is walked."""
    stack = [((), value)]
    while stack:
        place, item = stack.pop()
        if isinstance(item, str):
            if "\x00" in item:
                yield place
        elif isinstance(item, dict):
            entries = list(item.items())
            for key, inner in reversed(entries):
                if isinstance(key, str) and "\x00" in key:
                    yield (*place, key)
                stack.append(((*place, key), inner))
        elif isinstance(item, list | tuple):
            stack.extend(((*place, i), inner) for i, inner in reversed(list(enumerate(item))))


def nul_column(row: dict) -> str | None:
    """The first column of a row whose name or value holds a NUL byte."""
    for place in nul_places(row):
        return str(place[0]) if place else ""
    return None


def too_deep_line(text: str, limit: int = 200) -> int | None:
    """The line where JSON nesting first goes deeper than ``limit`` (None if it never does).
    Strings are skipped, so brackets inside them do not count."""
    depth = 0
    line = 1
    in_string = escaped = False
    for char in text:
        if char == "\n":
            line += 1
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > limit:
                return line
        elif char in "]}":
            depth -= 1
    return None


def nested_too_deeply(line: int | None = None) -> str:
    if line is None:
        return _("the JSON is nested too deeply")
    return _("line %(line)d: the JSON is nested too deeply") % {"line": line}
