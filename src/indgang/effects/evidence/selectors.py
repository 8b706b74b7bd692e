"""Reading the measured evidence: the latest per unit and group, its history, and the rows
of the national board's forest plot. Aggregates only (no company's own figures)."""

from __future__ import annotations

from indgang.effects.evidence.models import EvidenceMeasurement, Unit


def latest(unit: str = Unit.OFFER, unit_ids=None, subgroup: str = "") -> list[EvidenceMeasurement]:
    """The latest measurement of each unit (of ``unit_ids`` if given) for ``subgroup``."""
    return latest_and_history(unit, unit_ids, subgroup)[0]


def latest_and_history(
    unit: str = Unit.OFFER, unit_ids=None, subgroup: str = ""
) -> tuple[list[EvidenceMeasurement], dict[str, list[EvidenceMeasurement]]]:
    """``latest``, and every measurement of each of those units, newest first: one query
    for the whole table of offers (not one per offer)."""
    rows = EvidenceMeasurement.objects.filter(unit=unit, subgroup=subgroup)
    if unit_ids is not None:
        rows = rows.filter(unit_id__in=list(unit_ids))
    found: dict[str, list[EvidenceMeasurement]] = {}
    for row in rows.order_by("unit_id", "-measured_at", "-pk"):
        found.setdefault(row.unit_id, []).append(row)
    return [measurements[0] for measurements in found.values()], found


def history(unit: str, unit_id: str, subgroup: str = "") -> list[EvidenceMeasurement]:
    """Every measurement of one unit and group, newest first."""
    return list(
        EvidenceMeasurement.objects.filter(unit=unit, unit_id=unit_id, subgroup=subgroup).order_by(
            "-measured_at", "-pk"
        )
    )


def estimate(measurement: EvidenceMeasurement, outcome: str, horizon: int) -> dict | None:
    for row in measurement.estimates:
        if row["outcome"] == outcome and row["horizon"] == horizon:
            return row
    return None


def forest_rows(measurements, outcome: str, horizon: int) -> list[dict]:
    """One row per unit with an estimate for ``outcome`` ``horizon`` years after the start:
    the estimate, its interval, participants and whether it meets the rules to be shown."""
    rows = []
    for m in measurements:
        found = estimate(m, outcome, horizon)
        rows.append(
            {
                "unit_id": m.unit_id,
                "measurement": m,
                "att": found["att"] if found else None,
                "ci_low": found["ci_low"] if found else None,
                "ci_high": found["ci_high"] if found else None,
                "participants": (found or {}).get("participants") or m.participants,
                "shown": m.shown,
                "reason": m.reason,
            }
        )
    rows.sort(key=lambda r: (r["att"] is None, -(r["att"] or 0)))
    return rows
