"""The report of a finished run, as plain data for the page, the PDF and the spreadsheet.

Everything here reads the run's stored result; nothing is recomputed. What a reader sees
first (the findings and whether to trust them) is worded in ``wording``; the method and the
caveats in ``method``. The details (every estimate by year and group, Callaway-Sant'Anna's
event studies, bands, pre-trend tests and sensitivity, the balance) follow here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from indgang.effects import labels, wording
from indgang.effects import report_details as details
from indgang.effects.engine.config import GROUP_KEYS
from indgang.effects.engine.quality import MIN_CELL, MIN_PARTICIPANTS, is_significant
from indgang.effects.messages import with_texts
from indgang.effects.method import CAVEATS, METHOD
from indgang.effects.models import EffectRun
from indgang.effects.wording import fmt, interval


def decimals_for(outcome: str) -> int:
    return labels.DECIMALS.get(outcome, 0)


@dataclass
class Names:
    """Display names of the ids in the result's groups, looked up once."""

    offers: dict[str, str] = field(default_factory=dict)
    operators: dict[str, str] = field(default_factory=dict)
    regions: dict[str, str] = field(default_factory=dict)

    @classmethod
    def lookup(cls, document: dict) -> Names:
        from indgang.catalog.public import offers_known_to
        from indgang.organisations.public import organisation_names
        from indgang.reference.public import region_labels

        wanted: dict[str, set] = {"offer_id": set(), "operator_id": set()}
        for entry in document.get("estimates", []):
            if isinstance(entry["group"], dict):
                for key, value in entry["group"].items():
                    if key in wanted:
                        wanted[key].add(str(value))
        return cls(
            # a report is read across operators: a draft's title stays with its operator
            offers=dict(
                offers_known_to(None).filter(pk__in=wanted["offer_id"]).values_list("pk", "title")
            ),
            operators=organisation_names(wanted["operator_id"]),
            regions=region_labels(),
        )

    def group(self, group) -> str:
        if group == "all":
            return _("All participants")
        key, value = next(iter(group.items()))
        value = str(value)
        if key == "offer_id":
            shown = self.offers.get(value, value)
        elif key == "operator_id":
            shown = self.operators.get(value, value)
        elif key == "region_code":
            shown = self.regions.get(value, value)
        elif key == "level":
            shown = _level(value)
        else:
            shown = value
        return f"{labels.GROUP_KEYS.get(key, key)}: {shown}"


def _level(value: str) -> str:
    from indgang.organisations.public import Level

    return str(dict(Level.choices).get(value, value))


def count(entry: dict, key: str) -> str:
    """A count as it may be shown: below three companies it is withheld (discretion)."""
    if key in entry.get("withheld_counts", []):
        return f"<{MIN_CELL}"
    return fmt(entry.get(key))


def estimate_row(entry: dict, names: Names, minimum: int = MIN_PARTICIPANTS) -> dict:
    decimals = decimals_for(entry["outcome"])
    low, high = entry["ci_low"], entry["ci_high"]
    return {
        "suppressed": bool(entry.get("suppressed")),
        "group": names.group(entry["group"]),
        "is_all": entry["group"] == "all",
        "outcome": entry["outcome"],
        "outcome_label": labels.outcome(entry["outcome"]),
        "horizon": entry["horizon"],
        "att": fmt(entry["att"], decimals),
        "att_pct": fmt(entry.get("att_pct"), 1),
        "ci": interval(low, high, decimals),
        "ci_pct": interval(entry.get("ci_pct_low"), entry.get("ci_pct_high"), 1),
        "n_treated": count(entry, "n_treated"),
        "n_controls": count(entry, "n_controls"),
        "implied_total": fmt(entry.get("implied_total"), 0),
        "left_register": count(entry, "n_treated_missing"),
        "naive": fmt(entry.get("naive_att"), decimals),
        "horizons": ", ".join(str(h) for h in entry.get("horizons", [])),
        "clear": is_significant(entry, minimum),
        "raw": entry,
    }


def event_study(document: dict) -> list[dict]:
    """Per outcome: the matched estimates by years since the start, and Callaway-Sant'Anna's
    by event time (with the years before the start), each with its interval."""
    charts = []
    for outcome in document["config"]["outcomes"]:
        matched = [
            {"x": e["horizon"], "att": e["att"], "low": e["ci_low"], "high": e["ci_high"]}
            for e in document["estimates"]
            if e["group"] == "all" and e["outcome"] == outcome and e["att"] is not None
        ]
        cs = [
            {
                "x": row["event_time"],
                "att": row["att"],
                "low": row["ci_low"],
                "high": row["ci_high"],
                "band_low": row.get("band_low"),
                "band_high": row.get("band_high"),
            }
            for row in document.get("callaway_santanna", {}).get(outcome, {}).get("dynamic", [])
            if row.get("att") is not None
        ]
        if not matched and not cs:
            continue
        charts.append(
            {
                "outcome": outcome,
                "title": labels.outcome(outcome),
                "matched": matched,
                "callaway_santanna": cs,
            }
        )
    return charts


def chart_data(studies: list[dict], balance: list[dict], threshold: float) -> dict:
    """What the page's charts draw (``static/effects/report.js``), with their words."""
    return {
        "event_study": studies,
        "balance": {
            "labels": [row["label"] for row in balance],
            "before": [row["smd_before"] for row in balance],
            "after": [row["smd_after"] for row in balance],
            "threshold": threshold,
        },
        "text": {
            "matched": _("Matched, difference in differences"),
            "callaway_santanna": _("Callaway–Sant'Anna"),
            "interval": _("95 % interval"),
            "band": _("Simultaneous 95 % band"),
            "years": _("Years since the start"),
            "effect": _("Effect"),
            "before": _("Before matching"),
            "after": _("After matching"),
            "threshold": _("Threshold"),
            "smd": _("Standardised difference"),
        },
    }


def balance_rows(document: dict, names: Names) -> list[dict]:
    return [
        {
            "covariate": row["covariate"],
            "label": labels.covariate(row["covariate"], names.regions),
            "smd_before": row["smd_before"],
            "smd_after": row["smd_after"],
            "variance_ratio_before": row["variance_ratio_before"],
            "variance_ratio_after": row["variance_ratio_after"],
            "imbalanced": row["imbalanced"],
            "not_applicable": row.get("not_applicable", False),
            "shown": {
                key: _("not applicable") if row.get("not_applicable") else fmt(row[key], 3)
                for key in (
                    "smd_before",
                    "smd_after",
                    "variance_ratio_before",
                    "variance_ratio_after",
                )
            },
        }
        for row in document.get("balance", {}).get("covariates", [])
    ]


def matching_totals(document: dict) -> dict:
    cohorts = document.get("matching", [])
    keys = ("n_treated_eligible", "n_treated_matched", "n_treated_unmatched", "n_controls_used")
    return {key: fmt(sum(c.get(key, 0) or 0 for c in cohorts)) for key in keys} | {
        "n_controls_eligible_max": fmt(max((c["n_controls_eligible"] for c in cohorts), default=0))
    }


def settings_rows(config: dict) -> list[tuple[str, str]]:
    return [
        (_("Outcomes"), ", ".join(labels.outcome(o) for o in config["outcomes"])),
        (_("Years after the start"), ", ".join(str(h) for h in config["horizons"])),
        (_("Method"), str(labels.METHODS.get(config["method"], config["method"]))),
        (
            _("Control group"),
            str(labels.CONTROL_GROUPS.get(config["control_group"], config["control_group"])),
        ),
        (
            _("Confidence intervals"),
            str(labels.CI_METHODS.get(config["ci_method"], config["ci_method"])),
        ),
        (
            _("Results also per"),
            ", ".join(
                str(labels.GROUP_KEYS.get(key, key))
                for key in dict.fromkeys(GROUP_KEYS.get(g, g) for g in config["group_by"])
            )
            or _("none"),
        ),
    ]


def warnings(document: dict, balance: list[dict]) -> list[str]:
    """What a reader must know, in words, from the result's figures."""
    out = []
    sample = document["sample"]
    if sample.get("n_participants_not_in_panel"):
        out.append(
            _("%(count)s participating companies are not in the register and are left out.")
            % {"count": fmt(sample["n_participants_not_in_panel"])}
        )
    if sample.get("n_participants_outside_window"):
        out.append(
            _(
                "%(count)s participants started too early or too late for the years the "
                "register covers and are left out."
            )
            % {"count": fmt(sample["n_participants_outside_window"])}
        )
    imbalanced = [row["label"] for row in balance if row["imbalanced"]]
    if imbalanced:
        out.append(
            _("Still imbalanced after matching (standardised difference above 0.1): %(names)s.")
            % {"names": ", ".join(imbalanced)}
        )
    coded = with_texts(document.get("warnings", []))
    out.extend(
        warning["text"]
        for warning in coded
        if warning["code"] not in ("imbalanced", "not_in_panel", "pretrend_rejected_groups")
    )
    groups = [w for w in coded if w["code"] == "pretrend_rejected_groups"]
    if groups:  # one line for every outcome, not one each
        out.append(
            _(
                "For some groups, participants and comparison companies already developed "
                "differently before the start (Callaway–Sant'Anna, p < 0.05), so their estimates "
                "are not effects: %(list)s."
            )
            % {
                "list": "; ".join(
                    _("%(outcome)s %(count)s of %(total)s groups")
                    % {
                        "outcome": labels.OUTCOME_SHORT.get(w["outcome"], w["outcome"]),
                        "count": fmt(w["count"]),
                        "total": fmt(w["total"]),
                    }
                    for w in groups
                )
            }
        )
    if not document["estimates"]:
        out.append(
            _(
                "No estimates: no cohort of participants had both a baseline year and a year "
                "after the start in the register, with controls."
            )
        )
    return out


def report(run: EffectRun) -> dict:
    document = run.result
    names = Names.lookup(document)
    minimum = document["config"].get("min_participants", MIN_PARTICIPANTS)
    rows = [estimate_row(entry, names, minimum) for entry in document["estimates"]]
    overall = [
        estimate_row(entry | {"horizon": None}, names, minimum)
        for entry in document.get("overall", [])
        if entry["group"] == "all"
    ]
    balance = balance_rows(document, names)
    studies = event_study(document)
    threshold = document.get("balance", {}).get("threshold", 0.1)
    return {
        "run": run,
        "document": document,
        "config": document["config"],
        "settings": settings_rows(document["config"]),
        "sample": {key: fmt(value) for key, value in document["sample"].items() if key != "years"}
        | {"years": document["sample"]["years"], "cohorts": document["sample"]["cohorts"]},
        "headlines": wording.headlines(document, minimum),
        "trust": wording.trust(document),
        "estimates_all": [row for row in rows if row["is_all"]],
        "estimates_groups": [row for row in rows if not row["is_all"]],
        "group_sections": details.group_sections(document, rows, names, minimum),
        "cs_details": details.callaway_santanna(document),
        "overall": overall,
        "min_participants": minimum,
        "event_study": studies,
        "balance": balance,
        "balance_threshold": threshold,
        "balance_height": f"{4 + 1.6 * len(balance):.1f}rem",
        "charts": chart_data(studies, balance, threshold),
        "matching": matching_totals(document),
        "method_label": labels.METHODS.get(document["method"], document["method"]),
        "method_text": METHOD,
        "caveats": CAVEATS,
        "warnings": warnings(document, balance),
    }
