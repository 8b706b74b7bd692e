"""The report's details, folded away on the page and in the PDF's appendix: the estimates per
group next to Callaway-Sant'Anna's for the same group, and Callaway-Sant'Anna's event
study with its simultaneous bands, pre-trend test and sensitivity per outcome."""

from __future__ import annotations

from django.utils.translation import gettext as _

from indgang.effects import labels
from indgang.effects.engine.quality import PRETREND_ALPHA, is_significant
from indgang.effects.wording import by_outcome, fmt, interval


def _key(group) -> str:
    return "all" if group == "all" else next(iter(group))


def _cs_by_group(document: dict) -> dict:
    """(group as text, outcome) -> that group's Callaway-Sant'Anna entry."""
    return {
        (repr(entry["group"]), entry["outcome"]): entry
        for entry in document.get("callaway_santanna_groups", [])
    }


def group_sections(document: dict, rows: list[dict], names, minimum: int) -> list[dict]:
    """Per kind of group (offer, operator, ...): the groups with an estimate, each row with
    Callaway-Sant'Anna's estimate for the same group and years, and the names of the groups
    too small to show in one line (rather than a row of dashes each)."""
    cs = _cs_by_group(document)
    sections: dict[str, dict] = {}
    for row in rows:
        group = row["raw"]["group"]
        if group == "all":
            continue
        key = _key(group)
        section = sections.setdefault(
            key, {"key": key, "title": str(labels.GROUP_KEYS.get(key, key)), "rows": []}
        )
        entry = cs.get((repr(group), row["outcome"])) or {}
        dynamic = {r["event_time"]: r for r in entry.get("dynamic", [])}
        other = dynamic.get(row["horizon"]) or {}
        decimals = 2 if row["outcome"] == "employees_fte" else 0
        section["rows"].append(
            row
            | {
                "name": row["group"].split(": ", 1)[-1],
                "cs_att": fmt(other.get("att"), decimals),
                "cs_ci": interval(other.get("ci_low"), other.get("ci_high"), decimals),
                "cs_clear": bool(other) and is_significant(other, minimum),
                "cs_pretrend": fmt((entry.get("pretrend") or {}).get("p_value"), 3),
            }
        )
    out = []
    for section in sections.values():
        shown = {row["name"] for row in section["rows"] if not row["suppressed"]}
        names = {row["name"] for row in section["rows"]}
        section["small"] = sorted(names - shown)  # no estimate at all: named in one line
        section["rows"] = [row for row in section["rows"] if row["name"] in shown]
        section["n_groups"] = len(names)
        out.append(section)
    return out


def callaway_santanna(document: dict) -> list[dict]:
    """Per outcome: the pre-trend test, the event study with pointwise intervals and the
    simultaneous band, the sensitivity bounds and the overall effect."""
    out = []
    for outcome, cs in by_outcome(document):
        decimals = 2 if outcome == "employees_fte" else 0
        pretrend = cs.get("pretrend") or {}
        p_value = pretrend.get("p_value")
        simple = (cs.get("overall") or {}).get("simple") or {}
        out.append(
            {
                "outcome": outcome,
                "title": labels.outcome(outcome),
                "method": str(labels.CS_METHODS.get(cs.get("est_method"), cs.get("est_method"))),
                "covariates": bool(cs.get("covariates")),
                "pretrend": {
                    "statistic": fmt(pretrend.get("statistic"), 2),
                    "df": pretrend.get("df") or 0,
                    "p_value": fmt(p_value, 3),
                    "rejected": p_value is not None and p_value < PRETREND_ALPHA,
                    "tested": p_value is not None,
                },
                "critical_value": fmt(cs.get("critical_value"), 2),
                "overall": {
                    "att": fmt(simple.get("att"), decimals),
                    "ci": interval(simple.get("ci_low"), simple.get("ci_high"), decimals),
                },
                "dynamic": [
                    {
                        "event_time": row["event_time"],
                        "att": fmt(row.get("att"), decimals),
                        "ci": interval(row.get("ci_low"), row.get("ci_high"), decimals),
                        "band": interval(row.get("band_low"), row.get("band_high"), decimals),
                        "before": row["event_time"] < 0,
                    }
                    for row in cs.get("dynamic", [])
                ],
                "sensitivity": [
                    {
                        "event_time": row["event_time"],
                        "att": fmt(row["att"], decimals),
                        "bound": fmt(row["max_pre_violation"], decimals),
                        "ci": interval(row["ci_low"], row["ci_high"], decimals),
                        "breakdown": fmt(row.get("breakdown_m"), 2),
                    }
                    for row in cs.get("sensitivity", [])
                ],
            }
        )
    return out


def group_cs_header() -> list[str]:
    return [
        _("Group"),
        _("Outcome"),
        _("Years since the start"),
        _("Effect per company"),
        _("95 % interval, low"),
        _("95 % interval, high"),
        _("Simultaneous band, low"),
        _("Simultaneous band, high"),
        _("Participants"),
        _("Pre-trend test, p"),
    ]
