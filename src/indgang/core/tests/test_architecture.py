"""The shape of the code base: no source file grows past what a reader takes in at once."""

from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2]  # src/indgang
MAX_LINES = 600


def _source_files():
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).parts
        if "migrations" in parts or "tests" in parts:
            continue
        yield path


def test_no_source_file_is_longer_than_600_lines():
    too_long = []
    for path in _source_files():
        with path.open(encoding="utf-8") as handle:
            lines = sum(1 for _line in handle)
        if lines > MAX_LINES:
            too_long.append(f"{path.relative_to(PACKAGE.parent)}: {lines} lines")
    assert not too_long, f"Longer than {MAX_LINES} lines (split them by topic):\n" + "\n".join(
        too_long
    )


def test_the_check_sees_the_source_files():
    files = {path.relative_to(PACKAGE).as_posix() for path in _source_files()}
    assert "settings.py" in files and "catalog/overlap.py" in files
    assert not any("/migrations/" in f or "/tests/" in f for f in files)
