"""Static reference codes the engine needs without a database.

The municipality -> region map is read from the project's one source of it,
``indgang/reference/data/municipalities.csv`` (a file, not the database, so the engine
still runs without Django); DB07 sections are A-U.
"""

import csv
from pathlib import Path

MUNICIPALITIES_CSV = (
    Path(__file__).resolve().parents[2] / "reference" / "data" / "municipalities.csv"
)


def _municipality_regions() -> dict[int, int]:
    with MUNICIPALITIES_CSV.open(encoding="utf-8", newline="") as handle:
        return {int(row["code"]): int(row["region_code"]) for row in csv.DictReader(handle)}


MUNICIPALITY_REGION: dict[int, int] = _municipality_regions()

REGION_CODES: tuple[int, ...] = tuple(sorted(set(MUNICIPALITY_REGION.values())))

DB07_SECTIONS: tuple[str, ...] = tuple("ABCDEFGHIJKLMNOPQRSTU")
