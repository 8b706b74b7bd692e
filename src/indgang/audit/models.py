"""The access log: who read, exported, changed or erased which personal data, and when.

Written by ``audit.services.record`` only; searched by the organisation's data protection
officer (its administrators) through ``audit.selectors``. Rows are never edited.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    READ = "read", _("Read")
    CREATE = "create", _("Created")
    CHANGE = "change", _("Changed")
    EXPORT = "export", _("Exported")
    ANONYMISE = "anonymise", _("Anonymised")


class AccessLogEntry(models.Model):
    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("person"),
    )
    # Kept as text as well, so the log still says who after a person is deleted.
    person_email = models.CharField(_("person's email"), max_length=254, blank=True)
    acting_organisation_id = models.CharField(_("acting organisation"), max_length=80, blank=True)
    owner_organisation_id = models.CharField(
        _("organisation that holds the record"), max_length=80, db_index=True
    )
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    record_type = models.CharField(_("record type"), max_length=40)
    record_id = models.CharField(_("record"), max_length=40)
    cvr = models.CharField(_("CVR number"), max_length=8, blank=True, db_index=True)
    channel = models.CharField(_("channel"), max_length=16, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.person_email} {self.action} {self.record_type} {self.record_id}"
