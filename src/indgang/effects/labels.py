"""Danish-first names for what the engine calls by code: outcomes, methods, groups, covariates."""

import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

OUTCOMES = {
    "employees_fte": gettext_lazy("Employment (full-time equivalents)"),
    "turnover_dkk": gettext_lazy("Turnover (DKK)"),
    "value_added_dkk": gettext_lazy("Value added (DKK)"),
    "exports_dkk": gettext_lazy("Exports (DKK)"),
    "productivity": gettext_lazy("Productivity (value added per FTE, DKK)"),
}
# Short names for covariates and chart titles.
OUTCOME_SHORT = {
    "employees_fte": gettext_lazy("Employment"),
    "turnover_dkk": gettext_lazy("Turnover"),
    "value_added_dkk": gettext_lazy("Value added"),
    "exports_dkk": gettext_lazy("Exports"),
    "productivity": gettext_lazy("Productivity"),
}
# Outcomes in kroner (productivity: kroner of value added per full-time job).
AMOUNTS = ("turnover_dkk", "value_added_dkk", "exports_dkk", "productivity")
# Decimals shown for an outcome's effects (FTE in hundredths, amounts in whole kroner).
DECIMALS = {"employees_fte": 2}

METHODS = {
    "psm": gettext_lazy("Propensity-score matching (nearest neighbour)"),
    "cem": gettext_lazy("Coarsened exact matching"),
    "ipw": gettext_lazy("Inverse-probability weighting"),
}
CS_METHODS = {
    "reg": gettext_lazy("Outcome regression"),
    "dr": gettext_lazy("Doubly robust (Sant'Anna and Zhao)"),
    "ipw": gettext_lazy("Inverse-probability weighting (Sant'Anna and Zhao)"),
}
CI_METHODS = {
    "bootstrap": gettext_lazy("Bootstrap over companies"),
    "analytic": gettext_lazy("Cluster-robust standard errors"),
}
CONTROL_GROUPS = {
    "never_treated": gettext_lazy("Companies that never took part"),
    "not_yet_treated": gettext_lazy("Companies that never took part or had not yet"),
}
# The form's and the command's names for the groups -> label.
GROUP_CHOICES = [
    ("programme", gettext_lazy("Offer (programme)")),
    ("operator", gettext_lazy("Operator")),
    ("level", gettext_lazy("Level")),
    ("region", gettext_lazy("Region")),
    ("cohort", gettext_lazy("Cohort (start year)")),
]
# The result's group keys -> label.
GROUP_KEYS = {
    "offer_id": gettext_lazy("Offer"),
    "operator_id": gettext_lazy("Operator"),
    "level": gettext_lazy("Level"),
    "region_code": gettext_lazy("Region"),
    "cohort": gettext_lazy("Cohort"),
}


def outcome(name: str) -> str:
    return str(OUTCOMES.get(name, name))


def covariate(name: str, regions: dict[str, str] | None = None) -> str:
    """The engine's covariate names (``cohorts.build_cohort``) in words."""
    match = re.fullmatch(r"(\w+): (asinh level,|missing at|growth into) baseline", name)
    if match and match.group(1) in OUTCOME_SHORT:
        what = OUTCOME_SHORT[match.group(1)]
        return {
            "asinh level,": _("%(outcome)s in the baseline year"),
            "missing at": _("%(outcome)s missing in the baseline year"),
            "growth into": _("%(outcome)s: growth into the baseline year"),
        }[match.group(2)] % {"outcome": what}
    if name == "no figures the year before baseline":
        return _("No figures the year before the baseline")
    if name == "age: log(1 + years), baseline":
        return _("Age in the baseline year")
    if name == "age: missing":
        return _("Age unknown")
    match = re.fullmatch(r"region (\d+)", name)
    if match:
        return (regions or {}).get(match.group(1), _("Region %(code)s") % {"code": match.group(1)})
    match = re.fullmatch(r"DB07 section (\w)", name)
    if match:
        return _("Industry %(section)s (DB07)") % {"section": match.group(1)}
    if name in OUTCOMES or name == "founded_year":  # the analyst's own, from the register
        shown = OUTCOMES[name] if name in OUTCOMES else _("Founding year")
        return _("%(name)s, a covariate of your own") % {"name": shown}
    return name
