"""The report of a finished run, as plain data for the page, the PDF and the spreadsheet.

Everything here reads the run's stored result; nothing is recomputed. The method and the
caveats are written once, here, in words a reader outside statistics can follow.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from indgang.effects import labels
from indgang.effects.engine.config import GROUP_KEYS
from indgang.effects.engine.quality import MIN_CELL, MIN_PARTICIPANTS, is_significant
from indgang.effects.messages import with_texts
from indgang.effects.models import EffectRun

METHOD = [
    (
        gettext_lazy("Cohorts"),
        gettext_lazy(
            "Participants are grouped into cohorts by the year their first participation "
            "started. Each company's figures are compared from the year before the start (the "
            "baseline year) with the years after it, so nothing the offer may have changed "
            "enters the comparison of who is alike."
        ),
    ),
    (
        gettext_lazy("Control group and matching"),
        gettext_lazy(
            "The control group is companies that never took part (or, if chosen, had not yet "
            "taken part in the years measured) and had figures in the baseline year. Each "
            "participant is compared with companies that looked like it in the baseline year: "
            "the same industry (DB07 section), size band and age band, and then the nearest "
            "by an estimated propensity score, the probability of taking part given size, age, "
            "region and the level and growth of employment, turnover, value added and exports "
            "before the start. A company too far from the participant is not used (the "
            "caliper). Coarsened exact matching and inverse-probability weighting are "
            "alternatives that weigh the controls in other ways."
        ),
    ),
    (
        gettext_lazy("Difference in differences"),
        gettext_lazy(
            "The effect is a difference in differences: the participants' change from the "
            "baseline year to each year after the start, minus the change of their controls "
            "over the same years. Each cohort is estimated on its own and the cohorts are "
            "averaged by their numbers of participants, so a company that started in one year "
            "is never compared with one that started earlier. That is the mistake a single "
            "regression with year and company effects makes when companies start in different "
            "years and effects grow over time."
        ),
    ),
    (
        gettext_lazy("Callaway and Sant'Anna"),
        gettext_lazy(
            "Next to the matched design the report shows the standard estimator for "
            "participation that starts in different years (Callaway and Sant'Anna, 2021): the "
            "average effect of each cohort in each year, against companies that never took "
            "part, without matching, and its averages by years since the start. Its estimates "
            "for the years before the start should be close to zero; where they are not, the "
            "participants were already developing differently from everyone else, which is "
            "what the matching on growth before the start takes into account."
        ),
    ),
    (
        gettext_lazy("Uncertainty and balance"),
        gettext_lazy(
            "The confidence intervals (95 %) come from resampling companies (bootstrap) or from "
            "cluster-robust standard errors. Balance is checked before and after matching: the "
            "standardised difference of each characteristic between participants and controls "
            "should be below 0.1 after matching."
        ),
    ),
]

CAVEATS = [
    gettext_lazy(
        "Matching can only use what the register shows. It cannot see what made a company "
        "take part: the owners' motivation, management, plans, or the growth potential a "
        "consultant saw. Where participants differ from their controls in such ways, part of "
        "the estimate is selection rather than effect, most likely making it too large."
    ),
    gettext_lazy(
        "Companies that close or leave the register after the start have no figures for the "
        "years after and drop out of those comparisons. They are counted in the table (left "
        "the register), not silently dropped; if an offer changes which companies survive, "
        "the estimate for the survivors is not the effect on all participants."
    ),
    gettext_lazy(
        "The effect is the average over the participants (ATT), not what an offer would do for "
        "any company. Small groups give wide intervals; an interval that includes zero means "
        "the data cannot tell the effect from no effect."
    ),
    gettext_lazy(
        "A company that took part in several offers the same year counts in the group of each "
        "of them; the effects of offers taken together cannot be told apart."
    ),
]


def fmt(value, decimals: int = 0) -> str:
    if value is None:
        return "–"
    return number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)


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
        shown = {
            "offer_id": self.offers.get(value, value),
            "operator_id": self.operators.get(value, value),
            "region_code": self.regions.get(value, value),
            "level": _level(value),
        }.get(key, value)
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
        "ci": f"{fmt(low, decimals)} ; {fmt(high, decimals)}",
        "ci_pct": f"{fmt(entry.get('ci_pct_low'), 1)} ; {fmt(entry.get('ci_pct_high'), 1)}",
        "n_treated": count(entry, "n_treated"),
        "n_controls": count(entry, "n_controls"),
        "implied_total": fmt(entry.get("implied_total"), decimals),
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
            }
            for row in document.get("callaway_santanna", {}).get(outcome, {}).get("dynamic", [])
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


def headline(document: dict) -> dict | None:
    """The extra full-time jobs at the longest horizon, all participants."""
    horizons = sorted(document["config"]["horizons"])
    for horizon in reversed(horizons):
        for entry in document["estimates"]:
            if (
                entry["group"] == "all"
                and entry["outcome"] == "employees_fte"
                and entry["horizon"] == horizon
            ):
                if entry.get("suppressed"):
                    return None
                return {
                    "horizon": horizon,
                    "total": fmt(entry["implied_total"], 0),
                    "low": fmt(entry["implied_total_ci_low"], 0),
                    "high": fmt(entry["implied_total_ci_high"], 0),
                    "n_treated": fmt(entry["n_treated"]),
                    "per_company": fmt(entry["att"], 2),
                }
    return None


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
    out.extend(
        warning["text"]
        for warning in with_texts(document.get("warnings", []))
        if warning["code"] not in ("imbalanced", "not_in_panel", "message")
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
        "headline": headline(document),
        "estimates_all": [row for row in rows if row["is_all"]],
        "estimates_groups": [row for row in rows if not row["is_all"]],
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
        "engine_warnings": [
            w if isinstance(w, str) else w.get("message", "") for w in document.get("warnings", [])
        ],
    }
