"""The engine's warnings (``engine/warnings.py``) in words, through gettext, by their code."""

from __future__ import annotations

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from indgang.effects import labels


def _n(value, decimals: int = 0) -> str:
    if value is None:
        return "–"
    return number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)


def warning_text(warning: dict) -> str:
    """One warning as a reader should read it (Danish with the site's language)."""
    code = warning.get("code")
    if code == "not_in_panel":
        return _("%(count)s participating companies are not in the panel and are left out.") % {
            "count": _n(warning["count"])
        }
    if code == "cohort_left_out":
        return _(
            "Cohort %(cohort)s is left out: %(treated)s participants and %(controls)s possible "
            "controls in the baseline year."
        ) % {
            "cohort": warning["cohort"],
            "treated": _n(warning["n_treated"]),
            "controls": _n(warning["n_controls"]),
        }
    if code == "imbalanced":
        return _(
            "%(covariate)s is still imbalanced after matching: standardised difference "
            "%(smd)s (threshold %(threshold)s)."
        ) % {
            "covariate": labels.covariate(warning["covariate"]),
            "smd": _n(warning["smd"], 3),
            "threshold": _n(warning["threshold"], 1),
        }
    if code == "not_applicable":
        return _(
            "Not applicable in the balance check (the same value for everyone, or never "
            "observed): %(names)s. They are neither balanced nor imbalanced."
        ) % {"names": ", ".join(labels.covariate(name) for name in warning["covariates"])}
    if code == "participants_dropped":
        return _(
            "%(dropped)s of %(total)s participants (%(share)s %%) are not in the estimate: "
            "%(unmatched)s found no control within the caliper or their exact-matching cell, "
            "%(missing)s lacked data in the baseline year. The estimate describes the matched "
            "participants only, not all participants."
        ) % {
            "dropped": _n(warning["n_dropped"]),
            "total": _n(warning["n_total"]),
            "share": _n(100 * warning["share"], 0),
            "unmatched": _n(warning["n_unmatched"]),
            "missing": _n(warning["n_missing"]),
        }
    if code == "pretrend_rejected":
        return _(
            "%(outcome)s: the test of parallel trends before the start rejects them "
            "(Callaway–Sant'Anna, p = %(p)s). Participants and the comparison group were "
            "already developing differently before the start, so that estimate is not an effect."
        ) % {"outcome": labels.outcome(warning["outcome"]), "p": _n(warning["p_value"], 3)}
    if code == "pretrend_rejected_groups":
        return _(
            "%(outcome)s: for %(count)s of %(total)s groups the test of parallel trends before "
            "the start rejects them (Callaway–Sant'Anna, p < 0.05): their estimates are not "
            "effects."
        ) % {
            "outcome": labels.outcome(warning["outcome"]),
            "count": _n(warning["count"]),
            "total": _n(warning["total"]),
        }
    if code == "estimators_disagree":
        return _(
            "%(outcome)s, %(horizon)s years after the start: the matched estimate "
            "(%(matched)s) and Callaway–Sant'Anna's (%(cs)s) disagree beyond their intervals."
        ) % {
            "outcome": labels.outcome(warning["outcome"]),
            "horizon": warning["horizon"],
            "matched": _n(warning["matched"], 2),
            "cs": _n(warning["cs"], 2),
        }
    if code == "suppressed":
        return _(
            "%(count)s groups have fewer than %(minimum)s participants: their estimates are "
            "not shown (discretion)."
        ) % {"count": _n(warning["count"]), "minimum": _n(warning["minimum"])}
    return str(warning.get("message", warning))


def with_texts(warnings: list) -> list:
    """The warnings with ``text``, the words for a reader; old results held plain strings."""
    out = []
    for warning in warnings:
        if isinstance(warning, str):
            warning = {"code": "message", "message": warning}
        out.append({**warning, "text": warning_text(warning)})
    return out
