"""Measure every offer, operator and level with enough participants, keep the history, and
hand what may be shown of each offer to the catalog (decision 0020).

Each unit is measured on its own participants against the matched control group with the
engine's recommended settings (``engine.quality.recommended_settings``), and judged by the
engine's own rules (``engine.quality.quality``): enough matched participants, every
standardised mean difference below the threshold after matching, a pre-trend test that
does not reject. Offers are measured again for each size band and industry with enough
participants, so a company can see the evidence of companies like it.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from indgang.catalog import public as catalog
from indgang.effects.engine import EffectConfig, Panel, Participations, estimate_effects
from indgang.effects.engine.quality import quality, recommended_settings
from indgang.effects.engine.regions import DB07_SECTIONS
from indgang.effects.evidence.models import EvidenceMeasurement, Unit

logger = logging.getLogger(__name__)

OUTCOMES = ("employees_fte", "turnover_dkk", "value_added_dkk")
HORIZONS = (1, 2, 3)
MIN_PARTICIPANTS = 30
CONTROL_POOL = 100_000  # other companies a measurement compares with, at most
CONTROL_SEED = 20_211_231
UNITS = (Unit.OFFER, Unit.OPERATOR, Unit.LEVEL)
COMPARED = ("participants", "cohorts", "estimates", "reason", "shown")


def min_participants() -> int:
    """At least this many matched participants before anything is shown (a setting)."""
    return int(getattr(settings, "EFFECTS_EVIDENCE_MIN_PARTICIPANTS", MIN_PARTICIPANTS))


def evidence_config(minimum: int, n_bootstrap: int | None = None, seed: int = 0) -> EffectConfig:
    """The engine's recommended settings for the outcomes and horizons companies are shown."""
    recommended = recommended_settings()
    extra = {"n_bootstrap": n_bootstrap} if n_bootstrap else {}
    return EffectConfig(
        outcomes=OUTCOMES,
        horizons=HORIZONS,
        method=recommended["method"],
        caliper=recommended["caliper"],
        smd_threshold=recommended["smd_threshold"],
        ci_method=recommended["ci_method"],
        min_participants=minimum,
        seed=seed,
        cs_bands=False,  # no event study is shown with the evidence; its pre-trend test is
        **extra,
    )


@dataclass
class Summary:
    measured: list[EvidenceMeasurement] = field(default_factory=list)
    added: int = 0
    offers_stored: int = 0
    offers_unknown: list[str] = field(default_factory=list)
    # (unit, id, group, error) of what could not be measured; the rest is stored all the same
    failed: list[tuple[str, str, str, str]] = field(default_factory=list)
    seconds: float = 0.0

    def shown(self, unit: str = Unit.OFFER, subgroup: str = "") -> list[EvidenceMeasurement]:
        return [m for m in self.measured if m.unit == unit and m.subgroup == subgroup and m.shown]


def measure_all(
    panel: Panel,
    participations: Participations,
    *,
    minimum: int | None = None,
    n_bootstrap: int | None = None,
    source: str = "register+crm",
    progress: Callable[[str], None] | None = None,
    now: dt.datetime | None = None,
) -> Summary:
    """Measure, store the measurements that are new, and refresh the catalog's evidence."""
    started = timezone.now()
    now = now or started
    minimum = minimum or min_participants()
    config = evidence_config(minimum, n_bootstrap)
    frame = participations.frame
    years = [int(panel.years[0]), int(panel.years[-1])]
    traits = _traits(panel, frame)
    summary = Summary()
    offers: dict[str, list[dict]] = {}
    for unit in UNITS:
        for unit_id, rows in frame.groupby(unit, sort=True):
            unit_id = str(unit_id)
            if not unit_id:
                continue
            if progress:
                progress(f"{Unit(unit).label} {unit_id}")
            groups = [("", rows)]
            if unit == Unit.OFFER:
                groups += _subgroups(rows, traits, minimum)
            for subgroup, members in groups:
                try:
                    values = _measure(panel, members, config, minimum)
                except Exception as exc:  # one unit's failure must not cost the others
                    logger.exception("measuring %s %s %s failed", unit, unit_id, subgroup)
                    summary.failed.append((unit, unit_id, subgroup, f"{type(exc).__name__}: {exc}"))
                    continue
                measurement = EvidenceMeasurement(
                    measured_at=now,
                    unit=unit,
                    unit_id=unit_id,
                    subgroup=subgroup,
                    years=years,
                    source=source[:200],
                    **values,
                )
                summary.measured.append(measurement)
                if unit == Unit.OFFER:
                    offers.setdefault(unit_id, []).append(_for_catalog(measurement))
    with transaction.atomic():
        summary.added = _store(summary.measured)
        failed_offers = {unit_id for unit, unit_id, _, _ in summary.failed if unit == Unit.OFFER}
        for offer_id, groups in offers.items():
            if offer_id in failed_offers:
                continue  # the catalog keeps what it showed; the next run tries again
            if catalog.store_offer_evidence(offer_id, groups, now.date()):
                summary.offers_stored += 1
            else:
                summary.offers_unknown.append(offer_id)
    summary.seconds = (timezone.now() - started).total_seconds()
    return summary


def _measure(panel: Panel, members: pd.DataFrame, config: EffectConfig, minimum: int) -> dict:
    """One unit's measurement: the estimates, the quality checks and whether it may be shown."""
    recorded = int(members["cvr"].nunique())
    values = {"participations": recorded, "participants": 0, "cohorts": [], "estimates": []}
    if recorded < minimum:
        return values | {
            "shown": False,
            "reason": "too_few",
            "diagnostics": {"skipped": "fewer participants than the minimum"},
        }
    result = estimate_effects(
        comparison_panel(panel, members), Participations(members.reset_index(drop=True)), config
    )
    document = result.to_dict()
    checks = quality(document, minimum)
    matched = sum(m.get("n_treated_matched", 0) or 0 for m in document["matching"])
    cohorts = sorted(m["cohort"] for m in document["matching"] if m.get("n_treated_matched"))
    estimates = [
        {
            "outcome": e["outcome"],
            "horizon": e["horizon"],
            "att": e["att"],
            "ci_low": e["ci_low"],
            "ci_high": e["ci_high"],
            "participants": e["n_treated"],
        }
        for e in document["estimates"]
        if e["group"] == "all"
    ]
    measurable = [e for e in estimates if e["att"] is not None and e["ci_low"] is not None]
    if not checks["enough_participants"]:
        reason = "too_few"
    elif not measurable:
        reason = "not_measurable"
    elif not checks["balanced"]:
        reason = "imbalanced"
    elif not checks["pretrend_ok"]:
        reason = "pretrend"
    else:
        reason = ""
    smds = [
        abs(row["smd_after"])
        for row in document["balance"].get("covariates", [])
        if row.get("smd_after") is not None and not row.get("not_applicable")
    ]
    diagnostics = {
        "quality": checks,
        "max_smd": max(smds) if smds else None,
        "pretrend_p": {
            outcome: cs.get("pretrend", {}).get("p_value")
            for outcome, cs in document["callaway_santanna"].items()
        },
        "matched": matched,
        "sample": document["sample"],
        "warnings": sorted({w["code"] for w in document["warnings"]}),
        "settings": {
            key: document["config"][key]
            for key in ("method", "caliper", "ci_method", "min_participants", "smd_threshold")
        },
    }
    return values | {
        "participants": matched,
        "cohorts": [cohorts[0], cohorts[-1]] if cohorts else [],
        "estimates": estimates,
        "shown": not reason,
        "reason": reason,
        "diagnostics": diagnostics,
    }


def comparison_panel(panel: Panel, members: pd.DataFrame, pool: int | None = None) -> Panel:
    """The unit's participants and at most ``pool`` other companies to compare them with,
    drawn at random, the same draw every time (a setting, EFFECTS_EVIDENCE_CONTROL_POOL).

    Every measurement matches and runs Callaway-Sant'Anna against the companies that did
    not take part: with all of Denmark's 800,000 that is most of the command's time, for
    hundreds of offers, operators and groups. A random sample of 100,000 is as good a pool
    for a few thousand participants (the sample, like the register, is drawn without regard
    to the outcome, so the estimate stays unbiased; its interval, computed on the sample,
    widens a little)."""
    pool = pool or int(getattr(settings, "EFFECTS_EVIDENCE_CONTROL_POOL", CONTROL_POOL))
    if panel.n_companies <= pool:
        return panel
    own = panel.company_index(members["cvr"].to_numpy())
    own = np.unique(own[own >= 0])
    others = np.setdiff1d(np.arange(panel.n_companies), own, assume_unique=True)
    # A unit as large as the register (a level) leaves fewer others than the pool: all of them.
    size = min(pool, others.size)
    drawn = np.random.default_rng(CONTROL_SEED).choice(others, size=size, replace=False)
    return panel.take(np.sort(np.concatenate([own, drawn])))


def _for_catalog(measurement: EvidenceMeasurement) -> dict:
    rows = []
    if measurement.shown:
        rows = [
            dict(e, cohorts=measurement.cohorts)
            for e in measurement.estimates
            if e["att"] is not None and (e["participants"] or 0) >= min_participants()
        ]
    return {
        "subgroup": measurement.subgroup,
        "rows": rows,
        "reason": measurement.reason if rows else (measurement.reason or "not_measurable"),
        "participants": measurement.participants,
    }


def _store(measurements: list[EvidenceMeasurement]) -> int:
    """Add the measurements that differ from the latest of their unit and group (so that a
    repeated run on the same data adds no history); returns how many were added."""
    new = []
    for measurement in measurements:
        latest = (
            EvidenceMeasurement.objects.filter(
                unit=measurement.unit, unit_id=measurement.unit_id, subgroup=measurement.subgroup
            )
            .order_by("-measured_at", "-pk")
            .first()
        )
        if latest is not None and all(
            getattr(latest, key) == getattr(measurement, key) for key in COMPARED
        ):
            continue
        new.append(measurement)
    EvidenceMeasurement.objects.bulk_create(new)
    return len(new)


def _traits(panel: Panel, frame: pd.DataFrame) -> pd.DataFrame:
    """Each participation's size band and industry in the year before its start."""
    size = np.full(len(frame), "", dtype=object)
    sector = np.full(len(frame), "", dtype=object)
    position = {key: i for i, key in enumerate(panel.ids.tolist())}
    fte = panel.outcomes.get("employees_fte")
    first_year = int(panel.years[0])
    for k, (cvr, year) in enumerate(
        zip(frame["cvr"].tolist(), frame["start_year"].tolist(), strict=True)
    ):
        i = position.get(cvr)
        if i is None:
            continue
        column = min(max(int(year) - 1 - first_year, 0), panel.years.size - 1)
        if fte is not None and np.isfinite(fte[i, column]):
            size[k] = catalog.size_band(float(fte[i, column]))
        if panel.section is not None and panel.section[i, column] >= 0:
            sector[k] = DB07_SECTIONS[int(panel.section[i, column])]
    return pd.DataFrame({"size": size, "sector": sector}, index=frame.index)


def _subgroups(rows: pd.DataFrame, traits: pd.DataFrame, minimum: int):
    """The size bands and industries of an offer's participants with enough of them."""
    found = []
    for trait in ("size", "sector"):
        values = traits.loc[rows.index, trait]
        for value, members in rows.groupby(values.to_numpy()):
            if value and len(members) < len(rows) and members["cvr"].nunique() >= minimum:
                found.append((f"{trait}:{value}", members))
    return found
