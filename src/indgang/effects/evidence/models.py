"""One measurement of one offer, operator or level (and group of its participants).

Every run of ``indgang effects_evidence`` adds rows; the latest per unit and group is the
current evidence, the earlier ones its history. A row holds aggregates only: estimates with
intervals, counts and the diagnostics the quality rules read, no company's own figures.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Unit(models.TextChoices):
    OFFER = "offer_id", _("offer")
    OPERATOR = "operator_id", _("operator")
    LEVEL = "level", _("level")


class EvidenceMeasurement(models.Model):
    measured_at = models.DateTimeField(_("measured"), default=timezone.now, db_index=True)
    unit = models.CharField(_("unit"), max_length=16, choices=Unit.choices)
    unit_id = models.CharField(_("id"), max_length=100)
    # "" every participant; "size:<band>" or "sector:<DB07 letter>" one group of them.
    subgroup = models.CharField(_("group"), max_length=32, blank=True, default="")
    participants = models.PositiveIntegerField(_("matched participants"), default=0)
    participations = models.PositiveIntegerField(_("participants recorded"), default=0)
    cohorts = models.JSONField(_("cohorts"), default=list)
    years = models.JSONField(_("register years"), default=list)
    # The estimates of every participant, outcome and horizon, as the engine gave them
    # (withheld below the minimum): outcome, horizon, att, ci_low, ci_high, participants.
    estimates = models.JSONField(_("estimates"), default=list)
    diagnostics = models.JSONField(_("diagnostics"), default=dict)
    shown = models.BooleanField(_("may be shown"), default=False)
    reason = models.CharField(_("reason"), max_length=32, blank=True)
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        app_label = "effects"
        ordering = ["-measured_at", "unit", "unit_id", "subgroup"]
        indexes = [models.Index(fields=["unit", "unit_id", "subgroup", "-measured_at"])]
        verbose_name = _("evidence measurement")
        verbose_name_plural = _("evidence measurements")

    def __str__(self) -> str:
        return f"{self.unit} {self.unit_id} {self.subgroup or 'all'} {self.measured_at:%Y-%m-%d}"
