"""The rules a measured effect must meet to be shown, and to be trusted, as plain functions.

They serve the report (discretion, the significance mark) and any later use of the
results, such as measured evidence in the guide and the catalog, which calls
:func:`recommended_settings` and :func:`quality` rather than repeating the thresholds.

- Discretion, as Danmarks Statistik requires for register data: no table cell reports
  fewer than ``MIN_CELL`` (3) companies, and no estimate is shown for a group of fewer
  than ``MIN_PARTICIPANTS`` (20 by default, a setting) participants.
- A significance mark needs both the minimum and an interval that excludes zero.
- Trust: enough matched participants, every applicable covariate balanced (|SMD| below
  ``SMD_THRESHOLD``), and a pre-trend test that does not reject parallel trends.
"""

from __future__ import annotations

MIN_PARTICIPANTS = 20
MIN_CELL = 3
SMD_THRESHOLD = 0.1
PRETREND_ALPHA = 0.05
# A warning when at least this share of eligible participants found no control.
DROPPED_SHARE_WARNING = 0.05
ESTIMATE_FIELDS = (
    "att",
    "att_pct",
    "ci_low",
    "ci_high",
    "se",
    "ci_pct_low",
    "ci_pct_high",
    "implied_total",
    "implied_total_ci_low",
    "implied_total_ci_high",
    "counterfactual_level",
    "naive_att",
    "band_low",
    "band_high",
)
COUNT_FIELDS = ("n_treated", "n_controls", "n_treated_missing", "n_controls_missing")


def recommended_settings() -> dict:
    """The engine's recommended settings for a measurement others will rely on."""
    return {
        "method": "psm",
        "caliper": 0.2,
        "min_participants": MIN_PARTICIPANTS,
        "smd_threshold": SMD_THRESHOLD,
        "pretrend_alpha": PRETREND_ALPHA,
        "ci_method": "bootstrap",
    }


def discreet(entry: dict, min_participants: int = MIN_PARTICIPANTS) -> dict:
    """``entry`` (an estimate) as it may be shown: below ``min_participants`` participants
    the estimate is withheld (``suppressed`` says why); counts below ``MIN_CELL`` are
    withheld as well (None, with ``"<3"`` in ``shown_counts``)."""
    out = dict(entry)
    n_treated = entry.get("n_treated") or 0
    if n_treated < min_participants:
        out["suppressed"] = "below_minimum"
        for key in ESTIMATE_FIELDS:
            if key in out:
                out[key] = None
    withheld = [
        key for key in COUNT_FIELDS if isinstance(entry.get(key), int) and 0 < entry[key] < MIN_CELL
    ]
    for key in withheld:
        out[key] = None
    if withheld:
        out["withheld_counts"] = withheld
    return out


def is_significant(entry: dict, min_participants: int = MIN_PARTICIPANTS) -> bool:
    """The significance mark: enough participants and an interval that excludes zero."""
    if entry.get("suppressed") or (entry.get("n_treated") or 0) < min_participants:
        return False
    low, high = entry.get("ci_low"), entry.get("ci_high")
    return low is not None and high is not None and (low > 0 or high < 0)


def balanced(balance_rows: list[dict], threshold: float = SMD_THRESHOLD) -> bool:
    """Every applicable covariate within the threshold after matching."""
    return all(
        row.get("not_applicable")
        or (row.get("smd_after") is not None and abs(row["smd_after"]) < threshold)
        for row in balance_rows
    )


def quality(document: dict, min_participants: int | None = None) -> dict:
    """The trust checks of a result (``EffectResult.to_dict()`` or RESULT.json):
    ``enough_participants``, ``balanced``, ``pretrend_ok`` and ``all_ok``."""
    config = document.get("config", {})
    minimum = min_participants or config.get("min_participants", MIN_PARTICIPANTS)
    matched = sum(c.get("n_treated_matched", 0) or 0 for c in document.get("matching", []))
    threshold = document.get("balance", {}).get("threshold", SMD_THRESHOLD)
    pretrend = [cs.get("pretrend", {}) for cs in document.get("callaway_santanna", {}).values()]
    checks = {
        "enough_participants": matched >= minimum,
        "balanced": balanced(document.get("balance", {}).get("covariates", []), threshold),
        "pretrend_ok": all(
            p.get("p_value") is None or p["p_value"] >= PRETREND_ALPHA for p in pretrend
        ),
    }
    checks["all_ok"] = all(checks.values())
    return checks
