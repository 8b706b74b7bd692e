"""Reads the reference CSV files in ``data/``; used by the data migration."""

import csv
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


def rows(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def load(apps) -> None:
    """Create or update every reference row (idempotent)."""
    Region = apps.get_model("reference", "Region")
    Area = apps.get_model("reference", "ErhvervshusArea")
    Municipality = apps.get_model("reference", "Municipality")
    Section = apps.get_model("reference", "DB07Section")
    Group = apps.get_model("reference", "DB07Group")

    for r in rows("regions.csv"):
        Region.objects.update_or_create(
            code=r["code"], defaults={"name": r["name"], "name_en": r["name_en"]}
        )
    for r in rows("erhvervshus_areas.csv"):
        Area.objects.update_or_create(
            code=r["code"], defaults={"name": r["name"], "name_en": r["name_en"]}
        )
    for r in rows("municipalities.csv"):
        Municipality.objects.update_or_create(
            code=r["code"],
            defaults={
                "name": r["name"],
                "name_en": r["name"],
                "region_id": r["region_code"],
                "erhvervshus_area_id": r["erhvervshus"],
                "population": int(r["population"]),
            },
        )
    for r in rows("db07_sections.csv"):
        Section.objects.update_or_create(
            code=r["code"], defaults={"name": r["name"], "name_en": r["name_en"]}
        )
    for r in rows("db07_groups.csv"):
        Group.objects.update_or_create(
            code=r["code"].zfill(2),
            defaults={"name": r["name"], "name_en": r["name_en"], "section_id": r["section"]},
        )
