"""The measured effect of each offer, as it may be shown: a read model the catalog owns.

Effect measurement (``indgang.effects``) is a higher layer than the catalog and the guide,
which must not import it (decision 0020). So the effects app writes what may be shown of
its latest measurement of an offer here, through ``catalog.public.store_offer_evidence``,
and the catalog's pages and API and the guide read it through ``catalog.public``. The
measurements themselves, with their history and diagnostics, stay in the effects app.

One row per offer and group of participants: ``subgroup`` "" is every participant,
``size:<band>`` companies of one size band (``size_band``), ``sector:<letter>`` one DB07
section. ``rows`` holds the estimates that pass the quality rules (empty when none may be
shown, and ``reason`` says why).
"""

from __future__ import annotations

import datetime as dt

from django.db import models, transaction
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, Schema

# Lower edges (full-time employees) of the size bands above the first; the effects engine's
# register design matches exactly on the same bands (EffectConfig.size_bands).
SIZE_BANDS = (1.0, 5.0, 10.0, 50.0, 250.0)
ALL = ""
OUTCOMES = ("employees_fte", "turnover_dkk", "value_added_dkk")
ROW_KEYS = ("outcome", "horizon", "att", "ci_low", "ci_high", "participants", "cohorts")


class Reason(models.TextChoices):
    SHOWN = "", gettext_lazy("Measured")
    NO_PARTICIPATIONS = "no_participations", gettext_lazy("no participations recorded yet")
    TOO_FEW = "too_few", gettext_lazy("too few participants so far")
    NOT_MEASURABLE = (
        "not_measurable",
        gettext_lazy("the participants started too recently to measure yet"),
    )
    IMBALANCED = (
        "imbalanced",
        gettext_lazy("the comparison could not be made fair: the comparable companies differ"),
    )
    PRETREND = (
        "pretrend",
        gettext_lazy(
            "the comparison could not be made fair: the participants grew differently "
            "already before they took part"
        ),
    )


class OfferEvidence(models.Model):
    offer = models.ForeignKey(
        "catalog.Offer",
        on_delete=models.CASCADE,
        related_name="evidence",
        verbose_name=gettext_lazy("offer"),
    )
    subgroup = models.CharField(gettext_lazy("group"), max_length=32, blank=True, default=ALL)
    rows = models.JSONField(gettext_lazy("estimates"), default=list)
    reason = models.CharField(
        gettext_lazy("reason"), max_length=32, blank=True, choices=Reason.choices
    )
    participants = models.PositiveIntegerField(gettext_lazy("participants"), default=0)
    measured_on = models.DateField(gettext_lazy("measured on"))

    class Meta:
        app_label = "catalog"
        ordering = ["offer_id", "subgroup"]
        constraints = [
            models.UniqueConstraint(fields=["offer", "subgroup"], name="one_evidence_per_group")
        ]
        verbose_name = gettext_lazy("offer evidence")
        verbose_name_plural = gettext_lazy("offer evidence")

    def __str__(self) -> str:
        return f"{self.offer_id} {self.subgroup or 'all'} {self.measured_on}"


def size_band(fte) -> str:
    """The size band of a company with ``fte`` full-time employees ("0" is below one)."""
    if fte is None:
        return ""
    band = sum(1 for edge in SIZE_BANDS if fte >= edge)
    return str(band)


def store_offer_evidence(offer_id: str, groups: list[dict], measured_on: dt.date) -> bool:
    """Replace what may be shown of ``offer_id``'s evidence by ``groups`` (each with
    ``subgroup``, ``rows``, ``reason`` and ``participants``). False for an offer the catalog
    does not hold (a file's offer id), which is then left alone."""
    from indgang.catalog.models import Offer

    if not Offer.objects.filter(pk=offer_id).exists():
        return False
    with transaction.atomic():
        OfferEvidence.objects.filter(offer_id=offer_id).delete()
        OfferEvidence.objects.bulk_create(
            [
                OfferEvidence(
                    offer_id=offer_id,
                    subgroup=group.get("subgroup", ALL),
                    rows=[{k: row[k] for k in ROW_KEYS} for row in group.get("rows") or []],
                    reason=group.get("reason", ""),
                    participants=group.get("participants", 0),
                    measured_on=measured_on,
                )
                for group in groups
            ]
        )
    return True


def offer_evidence(offer_ids, size: str | None = None, sector: str | None = None) -> dict:
    """Per offer id: ``{"rows": [...] | None, "reason": code, "subgroup": ..., ...}``.

    ``rows`` is None when nothing may be shown (``reason`` says why; ``no_participations``
    when the offer was never measured). With ``size`` (a band of :func:`size_band`) or
    ``sector`` (a DB07 letter), the evidence of companies like the asker comes first when
    that group alone meets the rules; the evidence of all participants otherwise.
    """
    ids = [str(i) for i in offer_ids]
    stored: dict[str, dict[str, OfferEvidence]] = {}
    for row in OfferEvidence.objects.filter(offer_id__in=ids):
        stored.setdefault(row.offer_id, {})[row.subgroup] = row
    wanted = [f"size:{size}" if size else None, f"sector:{sector}" if sector else None]
    answer = {}
    for offer_id in ids:
        groups = stored.get(offer_id, {})
        chosen = next(
            (groups[key] for key in wanted if key and key in groups and groups[key].rows), None
        )
        chosen = chosen or groups.get(ALL)
        if chosen is None:
            answer[offer_id] = {
                "rows": None,
                "reason": Reason.NO_PARTICIPATIONS.value,
                "subgroup": ALL,
                "participants": 0,
                "measured_on": None,
            }
            continue
        answer[offer_id] = {
            "rows": [dict(row, measured_on=chosen.measured_on.isoformat()) for row in chosen.rows]
            or None,
            "reason": chosen.reason if not chosen.rows else "",
            "subgroup": chosen.subgroup,
            "participants": chosen.participants,
            "measured_on": chosen.measured_on,
        }
    return answer


def evidence_strengths() -> dict[str, float]:
    """Per offer with shown positive evidence, its strength for the guide's ranking
    (``guide.engine.RankerConfig.evidence``, off by default): 1.0 when an estimate of all
    participants that passes the rules has an interval above zero. Offers without shown
    evidence, or whose shown effects are not clearly positive, are left out."""
    strengths = {}
    for offer_id, rows in OfferEvidence.objects.filter(subgroup=ALL).values_list(
        "offer_id", "rows"
    ):
        if any((row.get("ci_low") or 0) > 0 for row in rows or []):
            strengths[offer_id] = 1.0
    return strengths


def evidence_version() -> tuple:
    """Changes whenever the evidence does (each store replaces an offer's rows, so the
    newest row id moves): for a cache of the guide's ranker."""
    found = OfferEvidence.objects.aggregate(n=models.Count("pk"), last=models.Max("pk"))
    return (found["n"], found["last"])


def evidence_rows_for_api(found: dict | None) -> list[dict] | None:
    """The API's ``evidence``: None, or the rows with their date of measurement."""
    if not found or not found.get("rows"):
        return None
    return [{key: row[key] for key in (*ROW_KEYS, "measured_on")} for row in found["rows"]]


class EvidenceOut(Schema):
    """One measured effect: ``att`` (the average effect on the participants, in the
    outcome's unit: full-time employees or DKK) with its 95 % interval."""

    outcome: str = Field(description="employees_fte, turnover_dkk or value_added_dkk")
    horizon: int = Field(description="years after the start")
    att: float
    ci_low: float
    ci_high: float
    participants: int
    cohorts: list[int] = Field(description="the first and last start year measured")
    measured_on: str = Field(description="the date of the measurement (ISO 8601)")


# --- plain Danish -------------------------------------------------------------------------


def number(value: float, decimals: int = 1) -> str:
    """A Danish number: 1,2 and 1.234,5 (decimal comma, grouped thousands), −0,7 with a real
    minus sign, and never "−0,0"."""
    rounded = round(value, decimals) + 0.0  # -0.0 + 0.0 is 0.0
    text = number_format(rounded, decimals, use_l10n=True, force_grouping=True)
    return text.replace("-", "\u2212")


def _amount(outcome: str, value: float) -> str:
    if outcome == "employees_fte":
        return number(abs(value))
    if abs(value) >= 1_000_000:
        return _("%(amount)s million") % {"amount": number(abs(value) / 1_000_000)}
    return number(abs(value), 0)


def _interval(outcome: str, value: float, estimate: float) -> str:
    """An end of an interval on the scale of its estimate: both in millions beside an
    estimate of a million or more, else both in whole kroner."""
    if outcome == "employees_fte":
        return number(value)
    if abs(estimate) >= 1_000_000:
        return number(value / 1_000_000)
    return number(value, 0)


def _when(horizon: int) -> str:
    return {
        1: _("one year after"),
        2: _("two years after"),
        3: _("three years after"),
    }.get(horizon) or _("%(years)s years after") % {"years": horizon}


def _change(outcome: str, att: float) -> str:
    more = att >= 0
    amount = _amount(outcome, att)
    if outcome == "employees_fte":
        text = (
            _("%(amount)s more full-time employees")
            if more
            else _("%(amount)s fewer full-time employees")
        )
    elif outcome == "turnover_dkk":
        text = _("DKK %(amount)s more turnover") if more else _("DKK %(amount)s less turnover")
    else:
        text = (
            _("DKK %(amount)s more value added") if more else _("DKK %(amount)s less value added")
        )
    return text % {"amount": amount}


def cohorts_text(cohorts) -> str:
    first, last = cohorts[0], cohorts[-1]
    return str(first) if first == last else f"{first}-{last}"


def sentence(row: dict) -> str:
    """One estimate in plain words, its interval and the number of participants with it."""
    outcome, att = row["outcome"], row["att"]
    high = _interval(outcome, row["ci_high"], att)
    if outcome != "employees_fte" and abs(att) >= 1_000_000:
        high = _("%(amount)s million") % {"amount": high}
    return _(
        "Companies that took part in %(cohorts)s had %(when)s %(change)s than comparable "
        "companies (95%% interval %(low)s to %(high)s; %(participants)s participants)"
    ) % {
        "cohorts": cohorts_text(row["cohorts"]),
        "when": _when(row["horizon"]),
        "change": _change(outcome, att),
        "low": _interval(outcome, row["ci_low"], att),
        "high": high,
        "participants": number(row["participants"], 0),
    }


def subgroup_text(subgroup: str) -> str:
    if subgroup.startswith("size:"):
        return _("companies of your size")
    if subgroup.startswith("sector:"):
        return _("companies in your industry")
    return ""


def not_measured_text(reason: str) -> str:
    label = Reason(reason).label if reason in Reason.values else Reason.NO_PARTICIPATIONS.label
    return _("The effect has not been measured yet: %(reason)s.") % {"reason": label}


def headline_rows(rows: list[dict] | None) -> list[dict]:
    """The rows a card shows: per outcome the latest horizon measured (longest view)."""
    if not rows:
        return []
    best: dict[str, dict] = {}
    for row in rows:
        if row["outcome"] not in best or row["horizon"] > best[row["outcome"]]["horizon"]:
            best[row["outcome"]] = row
    return [best[o] for o in OUTCOMES if o in best]


def presented(found: dict | None, every_row: bool = False) -> dict:
    """What a page shows of one offer's evidence: sentences, or the reason in words."""
    if not found or not found.get("rows"):
        reason = (found or {}).get("reason") or Reason.NO_PARTICIPATIONS.value
        return {"shown": False, "text": not_measured_text(reason), "sentences": []}
    rows = found["rows"] if every_row else headline_rows(found["rows"])
    return {
        "shown": True,
        "for_group": subgroup_text(found.get("subgroup", "")),
        "sentences": [sentence(row) for row in rows],
        "measured_on": found.get("measured_on"),
        "rows": rows,
    }
