"""What a reader of a result must know, as data: a code, the figures and an English line.

The app words each code in Danish (``effects/messages.py``); the English ``message`` is
for logs and notebooks. Every warning is computed from the result's own figures.
"""

from __future__ import annotations

from .quality import PRETREND_ALPHA

MESSAGES = {
    "not_in_panel": "{count} participating companies are not in the panel and are left out",
    "cohort_left_out": (
        "cohort {cohort}: {n_treated} participants and {n_controls} possible controls in the "
        "baseline year; left out"
    ),
    "imbalanced": (
        "covariate '{covariate}' is still imbalanced after weighting: SMD {smd:.3f} "
        "(threshold {threshold})"
    ),
    "not_applicable": ("covariates without variation (not applicable, not balanced): {covariates}"),
    "participants_dropped": (
        "{n_dropped} of {n_total} participants ({share:.0%}) are left out ({n_unmatched} "
        "without a control within the caliper or exact cell, {n_missing} with missing data): "
        "the estimate describes the matched participants only"
    ),
    "pretrend_rejected": (
        "{outcome}: parallel trends before the start are rejected (Wald test p = {p_value:.3g})"
        " for Callaway-Sant'Anna ({cs_method}{conditional})"
    ),
    "estimators_disagree": (
        "{outcome}, {horizon} years after: the matched estimate {matched:.4g} "
        "[{matched_low:.4g}; {matched_high:.4g}] and Callaway-Sant'Anna's {cs:.4g} "
        "[{cs_low:.4g}; {cs_high:.4g}] disagree beyond their intervals"
    ),
    "pretrend_rejected_groups": (
        "{outcome}: parallel trends before the start are rejected (p < 0.05) for {count} of "
        "{total} groups in Callaway-Sant'Anna"
    ),
    "suppressed": (
        "{count} groups have fewer than {minimum} participants: their estimates are withheld"
    ),
}


def warn(result, code: str, **figures) -> None:
    """Add warning ``code`` with its figures to ``result.warnings``."""
    figures = {
        key: (list(value) if isinstance(value, tuple) else value) for key, value in figures.items()
    }
    shown = {
        key: ", ".join(map(str, value)) if isinstance(value, list) else value
        for key, value in figures.items()
    }
    result.warnings.append({"code": code, "message": MESSAGES[code].format(**shown), **figures})


def cross_checks(result, config) -> None:
    """Warnings that compare estimators: a rejected pre-trend test, and the matched and
    Callaway-Sant'Anna estimates disagreeing beyond their intervals (not overlapping)."""
    for outcome, cs in result.callaway_santanna.items():
        pretrend = cs.get("pretrend") or {}
        p_value = pretrend.get("p_value")
        if p_value is not None and p_value < PRETREND_ALPHA:
            warn(
                result,
                "pretrend_rejected",
                outcome=outcome,
                p_value=p_value,
                cs_method=cs.get("est_method", "reg"),
                conditional=", with covariates" if cs.get("covariates") else ", unconditional",
            )
        tested = [
            entry["pretrend"]["p_value"]
            for entry in result.callaway_santanna_groups
            if entry["outcome"] == outcome
            and (entry.get("pretrend") or {}).get("p_value") is not None
        ]
        rejected = sum(p < PRETREND_ALPHA for p in tested)
        if rejected:
            warn(
                result,
                "pretrend_rejected_groups",
                outcome=outcome,
                count=rejected,
                total=len(tested),
            )
        dynamic = {row["event_time"]: row for row in cs.get("dynamic", [])}
        for entry in result.estimates:
            if entry["group"] != "all" or entry["outcome"] != outcome:
                continue
            other = dynamic.get(entry["horizon"])
            if other is None or None in (entry["ci_low"], entry["ci_high"]):
                continue
            values = (entry["ci_low"], entry["ci_high"], other["ci_low"], other["ci_high"])
            if any(v is None or v != v for v in values):
                continue
            if entry["ci_high"] < other["ci_low"] or other["ci_high"] < entry["ci_low"]:
                warn(
                    result,
                    "estimators_disagree",
                    outcome=outcome,
                    horizon=entry["horizon"],
                    matched=entry["att"],
                    matched_low=entry["ci_low"],
                    matched_high=entry["ci_high"],
                    cs=other["att"],
                    cs_low=other["ci_low"],
                    cs_high=other["ci_high"],
                )
