"""The effect report's findings in plain Danish: what a reader who is not a statistician
reads first ("909 færre årsværk", never "-909 flere årsværk"), with the interval beside it.

Plain functions from the result document (RESULT.json) to sentences; the report page, the
PDF and the spreadsheet use the same words.
"""

from __future__ import annotations

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from indgang.effects import labels
from indgang.effects.engine.quality import PRETREND_ALPHA, is_significant

MINUS = "\u2212"


def number(value: float, decimals: int = 0) -> str:
    """A Danish number with a real minus sign: 1.234,5 and −0,7."""
    text = number_format(round(value, decimals), decimals, use_l10n=True, force_grouping=True)
    return text.replace("-", MINUS)


def fmt(value, decimals: int = 0) -> str:
    """A number for a table: Danish, with a real minus sign; "–" for none."""
    if value is None:
        return "–"
    text = number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)
    return text.replace("-", MINUS)


def interval(low, high, decimals: int = 0) -> str:
    """An interval for a table: "0,21 to 0,83" in the site's language."""
    if low is None or high is None:
        return "–"
    return _("%(low)s to %(high)s") % {"low": fmt(low, decimals), "high": fmt(high, decimals)}


def _decimals(outcome: str, value: float) -> int:
    if outcome == "employees_fte":
        return 0 if abs(value) >= 100 else 1 if abs(value) >= 1 else 2
    return 0


def _million(value: float) -> bool:
    return abs(value) >= 1_000_000


def signed(outcome: str, value: float, scale_of: float | None = None) -> str:
    """A value with its sign in the outcome's unit, in millions when ``scale_of`` (the
    estimate it stands beside) is a million or more: "−0,7 mio. kr.", "2,0"."""
    scale_of = value if scale_of is None else scale_of
    if outcome in labels.AMOUNTS and _million(scale_of):
        return _("DKK %(amount)s million") % {"amount": number(value / 1_000_000, 1)}
    if outcome in labels.AMOUNTS:
        return _("DKK %(amount)s") % {"amount": number(value)}
    return number(value, _decimals(outcome, scale_of))


def change(outcome: str, value: float) -> str:
    """An effect as more or less of the outcome: "1,2 flere årsværk", "909 færre årsværk",
    "2,3 mio. kr. mere i omsætning"."""
    more = value >= 0
    size = abs(value)
    if outcome == "employees_fte":
        amount = number(size, _decimals(outcome, size))
        text = _("%(amount)s more full-time jobs") if more else _("%(amount)s fewer full-time jobs")
        return text % {"amount": amount}
    if outcome in labels.AMOUNTS:
        amount = signed(outcome, size)
        texts = {
            "turnover_dkk": (_("%(amount)s more turnover"), _("%(amount)s less turnover")),
            "value_added_dkk": (_("%(amount)s more value added"), _("%(amount)s less value added")),
            "exports_dkk": (_("%(amount)s more exports"), _("%(amount)s less exports")),
            "productivity": (
                _("%(amount)s higher productivity (value added per full-time job)"),
                _("%(amount)s lower productivity (value added per full-time job)"),
            ),
        }[outcome]
        return (texts[0] if more else texts[1]) % {"amount": amount}
    text = _("%(amount)s higher %(outcome)s") if more else _("%(amount)s lower %(outcome)s")
    return text % {"amount": number(size, 2), "outcome": outcome}


def interval_of(outcome: str, entry: dict, scale_of: float) -> str:
    return _("95 %% interval %(low)s to %(high)s") % {
        "low": signed(outcome, entry["ci_low"], scale_of),
        "high": signed(outcome, entry["ci_high"], scale_of),
    }


def certainty(entry: dict, minimum: int) -> str:
    if is_significant(entry, minimum):
        return _("The interval does not include zero.")
    return _("The interval includes zero: the data cannot tell this effect from no effect.")


def _at_horizon(document: dict, outcome: str) -> dict | None:
    """The all-participants estimate at the longest horizon that has one."""
    for horizon in sorted(document["config"]["horizons"], reverse=True):
        for entry in document["estimates"]:
            if (entry["group"], entry["outcome"], entry["horizon"]) == ("all", outcome, horizon):
                return entry
    return None


def headline(document: dict, outcome: str, minimum: int) -> dict | None:
    """The finding for one outcome: at the longest horizon measured, per company (and for
    employment in total), with its interval; then the mean over the years measured."""
    entry = _at_horizon(document, outcome)
    if entry is None:
        return None
    label = labels.outcome(outcome)
    if entry.get("suppressed") or entry["att"] is None:
        return {
            "outcome": outcome,
            "label": label,
            "shown": False,
            "sentence": _("Not shown: fewer than %(minimum)s participants.")
            % {"minimum": number(minimum)},
        }
    att = entry["att"]
    values = {
        "years": entry["horizon"],
        "n": number(entry["n_treated"]),
        "change": change(outcome, att),
        "interval": interval_of(outcome, entry, att),
    }
    if outcome == "employees_fte" and entry.get("implied_total") is not None:
        total = entry["implied_total"]
        values |= {
            "total": change(outcome, total),
            "total_interval": _("95 %% interval %(low)s to %(high)s")
            % {
                "low": signed(outcome, entry["implied_total_ci_low"], total),
                "high": signed(outcome, entry["implied_total_ci_high"], total),
            },
        }
        sentence = _(
            "%(years)s years after the start, the %(n)s participating companies had "
            "%(total)s in total than their matched controls (%(total_interval)s): "
            "%(change)s per company (%(interval)s)."
        )
    else:
        sentence = _(
            "%(years)s years after the start, the %(n)s participating companies had "
            "%(change)s per company than their matched controls (%(interval)s)."
        )
    out = {
        "outcome": outcome,
        "label": label,
        "shown": True,
        "clear": is_significant(entry, minimum),
        "sentence": sentence % values,
        "certainty": certainty(entry, minimum),
    }
    overall = next(
        (
            o
            for o in document.get("overall", [])
            if o["group"] == "all" and o["outcome"] == outcome and o.get("att") is not None
        ),
        None,
    )
    if overall is not None and len(overall.get("horizons", [])) > 1:
        out["overall"] = _(
            "Over the years %(first)s to %(last)s after the start: on average %(change)s per "
            "company and year (%(interval)s)."
        ) % {
            "first": overall["horizons"][0],
            "last": overall["horizons"][-1],
            "change": change(outcome, overall["att"]),
            "interval": interval_of(outcome, overall, overall["att"]),
        }
    return out


def headlines(document: dict, minimum: int) -> list[dict]:
    found = (headline(document, o, minimum) for o in document["config"]["outcomes"])
    return [h for h in found if h is not None]


def trust(document: dict) -> list[dict]:
    """Can the estimate be trusted? Matching, balance, parallel trends before the start and
    how sensitive the finding is to their failing after it, each in a sentence with ``ok``."""
    out = []
    sample = document.get("sample", {})
    eligible = sample.get("n_participants_eligible")
    used = sample.get("n_participants_used")
    if eligible:
        share = 100 * (used or 0) / eligible
        out.append(
            {
                "ok": share >= 95,
                "text": _(
                    "%(used)s of %(eligible)s participants (%(share)s %%) found comparable "
                    "companies and are in the estimate."
                )
                % {"used": number(used or 0), "eligible": number(eligible), "share": number(share)},
            }
        )
    rows = document.get("balance", {}).get("covariates", [])
    applicable = [r for r in rows if not r.get("not_applicable") and r["smd_after"] is not None]
    if applicable:
        threshold = document["balance"].get("threshold", 0.1)
        largest = max(abs(r["smd_after"]) for r in applicable)
        off = [r for r in applicable if r["imbalanced"]]
        text = (
            _(
                "Every characteristic is balanced after matching: the largest standardised "
                "difference is %(largest)s (at most %(threshold)s is the rule)."
            )
            if not off
            else _(
                "%(count)s characteristics are still imbalanced after matching: the largest "
                "standardised difference is %(largest)s (at most %(threshold)s is the rule)."
            )
        )
        out.append(
            {
                "ok": not off,
                "text": text
                % {
                    "count": number(len(off)),
                    "largest": number(largest, 2),
                    "threshold": number(threshold, 1),
                },
            }
        )
    out.extend(_trends(document))
    return out


def by_outcome(document: dict) -> list[tuple[str, dict]]:
    """Callaway-Sant'Anna per outcome in the run's order of outcomes (a JSON column on
    PostgreSQL keeps an object's keys in its own order)."""
    found = document.get("callaway_santanna", {})
    order = [o for o in document.get("config", {}).get("outcomes", []) if o in found]
    return [(o, found[o]) for o in order + sorted(set(found) - set(order))]


def _short(outcome: str) -> str:
    return str(labels.OUTCOME_SHORT.get(outcome, labels.outcome(outcome)))


def _trends(document: dict) -> list[dict]:
    """Parallel trends before the start (one line for the outcomes where they hold, one for
    those where they fail) and the sensitivity at the longest horizon, in one line."""
    alike, apart, sensitive = [], [], []
    horizon = max(document["config"].get("horizons") or [0])
    for outcome, cs in by_outcome(document):
        p_value = (cs.get("pretrend") or {}).get("p_value")
        if p_value is not None:
            shown = _("%(outcome)s p = %(p)s") % {
                "outcome": _short(outcome),
                "p": number(p_value, 3),
            }
            (alike if p_value >= PRETREND_ALPHA else apart).append(shown)
        rows = [s for s in cs.get("sensitivity", []) if s.get("breakdown_m") is not None]
        row = next((s for s in rows if s["event_time"] == horizon), rows[-1] if rows else None)
        if row is not None:
            sensitive.append((outcome, row))
    out = []
    if alike:
        out.append(
            {
                "ok": True,
                "text": _(
                    "Before the start, participants and comparison companies developed alike "
                    "(test of parallel trends): %(list)s."
                )
                % {"list": "; ".join(alike)},
            }
        )
    if apart:
        out.append(
            {
                "ok": False,
                "text": _(
                    "Before the start, participants and comparison companies already developed "
                    "differently (test of parallel trends): %(list)s. There, Callaway–Sant'Anna's "
                    "estimate is not an effect."
                )
                % {"list": "; ".join(apart)},
            }
        )
    if sensitive:
        years = sensitive[0][1]["event_time"]
        out.append(
            {
                "ok": all(row["breakdown_m"] >= 1 for _outcome, row in sensitive),
                "text": _(
                    "Sensitivity %(years)s years after the start (Callaway–Sant'Anna): the "
                    "effect stays clear of zero as long as the trends after the start differ by "
                    "at most M times the largest difference before it. M is %(list)s; from 1 "
                    "up, the finding is robust."
                )
                % {
                    "years": years,
                    "list": "; ".join(
                        _("%(outcome)s %(m)s")
                        % {"outcome": _short(o), "m": number(r["breakdown_m"], 1)}
                        for o, r in sensitive
                    ),
                },
            }
        )
    return out
