"""An effect-measurement run over the register and the CRM's participations.

A run holds its settings, where it has got to (status, progress and a message, updated while
it runs in the background) and, when done, the whole result as the engine gave it: aggregate
estimates and diagnostics, no company's own figures, no notes, no personal data.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class EffectRun(models.Model):
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="effect_runs",
        verbose_name=_("started by"),
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    # Set at every progress report: a running run whose heartbeat stops was interrupted.
    updated_at = models.DateTimeField(_("last update"), default=timezone.now)
    config = models.JSONField(_("settings"), default=dict)
    status = models.CharField(
        _("status"), max_length=8, choices=RunStatus.choices, default=RunStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    progress_message = models.CharField(_("progress message"), max_length=200, blank=True)
    result = models.JSONField(_("result"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("effect measurement run")
        verbose_name_plural = _("effect measurement runs")
        indexes = [models.Index(fields=["status", "created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="effects_run_progress_at_most_100"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=RunStatus.values), name="effects_run_status_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{_('Effect measurement')} {self.pk} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in (RunStatus.DONE, RunStatus.FAILED)


class ExportKind(models.TextChoices):
    PDF = "pdf", _("PDF")
    XLSX = "xlsx", _("Spreadsheet (XLSX)")


class EffectExport(models.Model):
    """A run's report as a file, made in the background like the run itself (decision
    0008): queued, running with progress, done with the file, or failed. One per run, kind
    and language; once done it is served as it is (a finished run's result never changes)."""

    run = models.ForeignKey(
        EffectRun, on_delete=models.CASCADE, related_name="exports", verbose_name=_("run")
    )
    kind = models.CharField(_("kind"), max_length=4, choices=ExportKind.choices)
    language = models.CharField(_("language"), max_length=8)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("last update"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=RunStatus.choices, default=RunStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    progress_message = models.CharField(_("progress message"), max_length=200, blank=True)
    content = models.BinaryField(_("file"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("effect report file")
        verbose_name_plural = _("effect report files")
        indexes = [models.Index(fields=["status", "created_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["run", "kind", "language"], name="effects_one_export_per_kind"
            ),
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="effects_export_progress_at_most_100"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.run_id} {self.kind} {self.language} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in (RunStatus.DONE, RunStatus.FAILED)


# Measured evidence per offer, operator and level, with history (decision 0020).
from indgang.effects.evidence.models import EvidenceMeasurement  # noqa: E402, F401
