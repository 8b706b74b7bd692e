"""Reading register files: each source yields ``(line, raw row)``, streaming, so a file of
any size is read in little memory. Companies: CSV or the CVR register's JSON lines; yearly
figures: CSV or Parquet. Line numbers count the header as line 1."""

import csv
import json
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from django.utils.translation import gettext as _

from indgang.registry.import_checks import csv_error, not_utf8
from indgang.registry.synthetic import COMPANY_COLUMNS, FIGURE_COLUMNS


class FileFormatError(Exception):
    """A file that cannot be read at all (unknown ending, missing columns, not JSON)."""


# A source is a callable returning a fresh iterator of (line number, raw row).
Source = Callable[[], Iterator[tuple[int, dict]]]


def _csv_rows(path: Path, required: list[str]) -> Iterator[tuple[int, dict]]:
    """Rows as csv.DictReader gives them (blank lines skipped, extra fields under None,
    missing ones None), a third faster."""
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle)
        done = 0  # the last line read whole: an error is on the line after it
        try:
            fieldnames = next(reader, [])
            done = reader.line_num
            missing = [c for c in required if c not in fieldnames]
            if missing:
                raise FileFormatError(
                    _("The file lacks the columns: %(columns)s") % {"columns": ", ".join(missing)}
                )
            width = len(fieldnames)
            for row in reader:
                done = reader.line_num
                if len(row) == width:
                    yield done, dict(zip(fieldnames, row, strict=True))
                elif row:
                    record = dict(zip(fieldnames, row, strict=False))
                    if len(row) > width:
                        record[None] = row[width:]
                    else:
                        record.update(dict.fromkeys(fieldnames[len(row) :]))
                    yield done, record
        except UnicodeDecodeError:
            raise FileFormatError(not_utf8(path)) from None
        except csv.Error as exc:
            raise FileFormatError(csv_error(done + 1, exc)) from None


def _jsonl_rows(path: Path) -> Iterator[tuple[int, dict]]:
    with path.open(encoding="utf-8") as handle:
        number = 0
        try:
            for number, text in enumerate(handle, start=1):  # noqa: B007 - read after a failure
                if not text.strip():
                    continue
                yield number, _json_line(text)
        except UnicodeDecodeError:
            raise FileFormatError(not_utf8(path)) from None


def _json_line(text: str) -> dict:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        return {"_error": _("not valid JSON (%(error)s)") % {"error": exc.msg}}
    except RecursionError:
        return {"_error": _("the JSON is nested too deeply")}
    if not isinstance(document, dict):
        return {"_error": _("the line is not a JSON object")}
    return {"_vrvirksomhed": document}


def _parquet_rows(path: Path) -> Iterator[tuple[int, dict]]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        parquet = pq.ParquetFile(path)
    except (pa.ArrowException, OSError) as exc:
        raise FileFormatError(
            _("%(name)s is not a readable Parquet file (%(error)s)")
            % {"name": path.name, "error": exc}
        ) from None
    missing = [c for c in FIGURE_COLUMNS if c not in parquet.schema_arrow.names]
    if missing:
        raise FileFormatError(
            _("The file lacks the columns: %(columns)s") % {"columns": ", ".join(missing)}
        )
    # Line numbers count the header as line 1, as in a CSV file, so errors read alike.
    number = 1
    batches = parquet.iter_batches(batch_size=65536, columns=FIGURE_COLUMNS)
    while True:
        try:
            batch = next(batches)
        except StopIteration:
            return
        except (pa.ArrowException, OSError) as exc:
            raise FileFormatError(
                _("row %(line)d and after: the Parquet file cannot be read (%(error)s)")
                % {"line": number + 1, "error": exc}
            ) from None
        for row in batch.to_pylist():
            number += 1
            yield number, row


def company_source(path: Path | str) -> Source:
    path = Path(path)
    suffix = path.name.lower()
    if suffix.endswith(".csv"):
        return lambda: _csv_rows(path, COMPANY_COLUMNS)
    if suffix.endswith((".jsonl", ".ndjson", ".json")):
        return lambda: _jsonl_rows(path)
    raise FileFormatError(
        _("Cannot read %(name)s: use a .csv or .jsonl file.") % {"name": path.name}
    )


def figures_source(path: Path | str) -> Source:
    path = Path(path)
    suffix = path.name.lower()
    if suffix.endswith(".csv"):
        return lambda: _csv_rows(path, FIGURE_COLUMNS)
    if suffix.endswith((".parquet", ".pq")):
        return lambda: _parquet_rows(path)
    raise FileFormatError(
        _("Cannot read %(name)s: use a .csv or .parquet file.") % {"name": path.name}
    )


def rows_source(rows: Iterable[dict]) -> Source:
    """A source over rows already in memory (the synthetic register); line 2 is the first."""
    rows = list(rows)
    return lambda: ((number, row) for number, row in enumerate(rows, start=2))
