"""An alert: a company's profile, needs and email, for news about offers (issue 17).

Only what the alert needs is stored: one email address (no name, no CVR number), the
company facts the guide matches on, the need in the company's words and ticked themes, the
offers it follows, and what it has been told. Erased on unsubscribe, and after two years
without use (``services.erase_unused``).
"""

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _


def new_token() -> str:
    return secrets.token_urlsafe(32)


class Alert(models.Model):
    email = models.EmailField(_("email"), db_index=True)
    # the secret in every link of the alert (confirm, see and change, unsubscribe)
    token = models.CharField(max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    # the last time the company confirmed, opened or changed the alert
    used_at = models.DateTimeField(_("last used"), auto_now_add=True)
    municipality_code = models.CharField(max_length=4, blank=True)
    db07_section = models.CharField(max_length=1, blank=True)
    employees = models.PositiveIntegerField(null=True, blank=True)
    age_years = models.PositiveIntegerField(null=True, blank=True)
    growth_ambition = models.BooleanField(null=True, blank=True)
    needs = models.JSONField(default=list, blank=True)
    text = models.CharField(max_length=4000, blank=True)
    followed = models.JSONField(default=list, blank=True)
    # offers the company has been told about (or that existed when it confirmed)
    known_offers = models.JSONField(default=list, blank=True)
    changes_seen_at = models.DateTimeField(null=True, blank=True)
    # "offer id:deadline" of the deadline reminders sent
    reminded = models.JSONField(default=list, blank=True)

    class Meta:
        app_label = "guide"
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")

    def __str__(self) -> str:
        return f"alert {self.pk}"
