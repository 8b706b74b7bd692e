"""Reads of reference data, cached per process (the tables change only by migration)."""

from functools import cache

from indgang.reference.models import DB07Group, DB07Section, Municipality, Region


@cache
def municipality_region_codes() -> dict[str, str]:
    """{"101": "1084", ...} for every municipality."""
    return dict(Municipality.objects.values_list("code", "region_id"))


def municipalities():
    return Municipality.objects.select_related("region", "erhvervshus_area").order_by("name")


def regions():
    return Region.objects.order_by("code")


def db07_sections():
    return DB07Section.objects.order_by("code")


def db07_section_for_code(db07_code: str) -> str | None:
    """The section letter for a DB07 code of 2 to 6 digits ("620100" -> "J")."""
    group = (db07_code or "")[:2]
    return _group_sections().get(group)


@cache
def _group_sections() -> dict[str, str]:
    return dict(DB07Group.objects.values_list("code", "section_id"))


def db07_group_sections() -> dict[str, str]:
    """{"62": "J", ...}: the section of every DB07 group (read now, not cached)."""
    return dict(DB07Group.objects.values_list("code", "section_id"))


def region_codes() -> set[str]:
    return set(Region.objects.values_list("code", flat=True))


def municipality_codes() -> set[str]:
    return set(Municipality.objects.values_list("code", flat=True))


def db07_section_codes() -> set[str]:
    return set(DB07Section.objects.values_list("code", flat=True))


def region_labels() -> dict[str, str]:
    """{code: name in the active language} for every region, in code order."""
    return {r.pk: r.label for r in Region.objects.all()}


def municipality_labels() -> dict[str, str]:
    """{code: name in the active language} for every municipality, in name order."""
    return {m.pk: m.label for m in Municipality.objects.all()}


def db07_section_labels() -> dict[str, str]:
    """{letter: name in the active language} for every DB07 section, in letter order."""
    return {s.pk: s.label for s in DB07Section.objects.all()}
