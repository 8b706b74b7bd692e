"""The command's files: the panel and the participations in, RESULT.json out.

Plain Python (no Django), so the command stays thin and the same reading can serve a
notebook. Files are CSV or Parquet by their ending; empty cells are missing values. The
engine validates the values (``engine.read_panel``, ``engine.read_participations``); this
module reads the files and says where a problem is, as a line number of the file:

- a CSV file is read fast with Polars; only if something is wrong is it read once more with
  the ``csv`` module, which knows the line each record starts on (a quoted value may span
  lines) and also finds rows with too many fields, which Polars cannot place;
- a Parquet file has no lines: its rows are numbered as if it were a CSV file with a header
  line (data row 1 is "line 2"), as the register's own importer does, so errors read alike.

Every problem of both files is reported before anything runs (the first
``engine.panel.MAX_REPORTED_PROBLEMS`` of each file, and how many more there are).
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from indgang.effects.engine import (
    EffectConfig,
    EffectResult,
    InputValidationError,
    read_panel,
    read_participations,
)

RESULT_FORMAT = "indgang-effects/1"
# The settings a run takes from outside (the command's options, the start form); the rest
# of EffectConfig keeps its defaults.
OPTIONS = (
    "outcomes",
    "horizons",
    "method",
    "group_by",
    "ci_method",
    "control_group",
    "seed",
    "covariates",
    "register_covariates",
    "id_column",
    "exact",
    "n_neighbours",
    "caliper",
    "replace",
    "min_participants",
    "cs_method",
    "anticipation",
    "base_period",
)
CSV_ENDINGS = (".csv",)
PARQUET_ENDINGS = (".parquet", ".pq")


class InputFilesError(Exception):
    """One or both input files are bad; ``messages`` holds every problem, one line each."""

    def __init__(self, messages: list[str]):
        super().__init__("\n".join(messages))
        self.messages = messages


@dataclass
class _Table:
    """A file's rows as a frame of the values as written, and the line of each row."""

    frame: pd.DataFrame
    lines: np.ndarray | None  # None: line = row + 2 (no line breaks inside values)


def _fast_csv(path: Path) -> _Table:
    import polars as pl

    frame = pl.read_csv(path, infer_schema=False, encoding="utf8").to_pandas()
    frame.columns = [str(name).strip() for name in frame.columns]
    blank = frame.isna().all(axis=1).to_numpy()
    if blank.any():  # empty lines carry nothing; the exact reader skips them as well
        return _exact_csv(path, [])
    return _Table(frame.reset_index(drop=True), None)


def _exact_csv(path: Path, messages: list[str]) -> _Table:
    """Read with the ``csv`` module, noting each record's first line; a row with more
    fields than the header goes to ``messages``."""
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        if header is None:
            return _Table(pd.DataFrame(), np.zeros(0, dtype=np.int64))
        header = [name.strip() for name in header]
        records, lines = [], []
        start = reader.line_num + 1
        for record in reader:
            if any(field.strip() for field in record):
                if len(record) > len(header):
                    messages.append(
                        f"{path.name} line {start}: {len(record)} fields, "
                        f"the header has {len(header)}"
                    )
                else:
                    record = record + [""] * (len(header) - len(record))
                    records.append(record)
                    lines.append(start)
            start = reader.line_num + 1
    frame = pd.DataFrame(records, columns=header, dtype=object)
    return _Table(frame, np.asarray(lines, dtype=np.int64))


def _parquet(path: Path) -> _Table:
    frame = pd.read_parquet(path)
    frame.columns = [str(name).strip() for name in frame.columns]
    return _Table(frame.reset_index(drop=True), None)


def _line(table: _Table, row: int) -> int:
    return int(table.lines[row]) if table.lines is not None else row + 2


def _problem_messages(name: str, table: _Table, error: InputValidationError) -> list[str]:
    messages = [
        f"{name}: {problem.text}"
        if problem.row is None
        else f"{name} line {_line(table, problem.row)}: {problem.text}"
        for problem in error.problems
    ]
    if error.total > len(error.problems):
        messages.append(
            f"{name}: ... and {error.total - len(error.problems):,} more problems "
            "(correct these and run again to see them)"
        )
    return messages


def _read(path: Path, validate: Callable, messages: list[str]):
    """Read and validate one file; problems go to ``messages`` and the result is None."""
    name = path.name
    if not path.is_file():
        messages.append(f"{path}: no such file")
        return None
    ending = path.suffix.lower()
    if ending not in CSV_ENDINGS + PARQUET_ENDINGS:
        messages.append(f"{name}: unknown file type {ending or '(none)'}; use .csv or .parquet")
        return None
    if ending in PARQUET_ENDINGS:
        try:
            table = _parquet(path)
        except Exception as exc:  # pyarrow raises several kinds for a file it cannot read
            messages.append(f"{name}: not a readable Parquet file ({exc})")
            return None
        try:
            return validate(table.frame)
        except InputValidationError as error:
            messages.extend(_problem_messages(name, table, error))
            return None
    try:
        table = _fast_csv(path)
        return validate(table.frame)
    except InputValidationError:
        pass  # read again, slowly, to say on which lines
    except UnicodeDecodeError:
        messages.append(f"{name}: not UTF-8 text; save the file as UTF-8 CSV")
        return None
    except Exception:  # noqa: S110 - Polars could not parse it; the exact reader says where
        pass
    structural: list[str] = []
    try:
        table = _exact_csv(path, structural)
    except UnicodeDecodeError as exc:
        messages.append(f"{name}: not UTF-8 text (byte {exc.start}); save the file as UTF-8 CSV")
        return None
    except csv.Error as exc:
        messages.append(f"{name}: not a readable CSV file ({exc})")
        return None
    messages.extend(structural)
    try:
        value = validate(table.frame)
    except InputValidationError as error:
        messages.extend(_problem_messages(name, table, error))
        return None
    return None if structural else value


def read_inputs(
    panel_path: Path | None, participations_path: Path | None, config: EffectConfig | None = None
):
    """Read and validate the files given (None: not from a file) with the columns
    ``config`` asks for; raise :class:`InputFilesError` with every problem of both files."""
    config = config or EffectConfig()
    messages: list[str] = []
    panel = participations = None

    def panel_reader(frame):
        return read_panel(
            frame,
            id_column=config.id_column,
            outcomes=config.outcomes,
            covariates=config.covariates,
            register=config.register_covariates,
        )

    def participations_reader(frame):
        return read_participations(
            frame, id_column=config.id_column, register=config.register_covariates
        )

    if panel_path is not None:
        panel = _read(Path(panel_path), panel_reader, messages)
    if participations_path is not None:
        participations = _read(Path(participations_path), participations_reader, messages)
    if messages:
        raise InputFilesError(messages)
    return panel, participations


def write_json(path: Path, document: dict) -> None:
    """Write ``document`` to ``path`` whole or not at all (a temporary file, then a rename)."""
    path = Path(path)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with temporary.open("w", encoding="utf-8") as out:
            json.dump(document, out, ensure_ascii=False, indent=2, allow_nan=False)
            out.write("\n")
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def effect_config(options: dict) -> EffectConfig:
    """The engine's settings from plain options (lists or tuples); ValueError if invalid."""
    unknown = set(options) - {*OPTIONS, "n_bootstrap"}
    if unknown:
        raise ValueError(f"unknown options: {', '.join(sorted(unknown))}")
    values = {
        key: tuple(value) if isinstance(value, list | tuple) else value
        for key, value in options.items()
        if value is not None
    }
    if "horizons" in values:
        values["horizons"] = tuple(int(h) for h in values["horizons"])
    if values.get("caliper") == "none":  # no caliper (None alone means the default)
        values["caliper"] = None
    return EffectConfig(**values)


def result_document(result: EffectResult, inputs: dict, created_at: str) -> dict:
    """RESULT.json: the engine's result with what it was run on.

    ``estimates`` holds one object per group, outcome and horizon (``group``, ``outcome``,
    ``horizon``, ``att``, ``att_pct``, ``ci_low``, ``ci_high``, ``n_treated``,
    ``n_controls`` and more), ``balance`` the diagnostics; ``inputs`` says where the panel
    and the participations came from (a file name, or the register and the CRM).
    """
    document = result.to_dict()
    return {
        "format": RESULT_FORMAT,
        "created_at": created_at,
        "method": document["config"]["method"],
        "inputs": inputs,
        **document,
    }
