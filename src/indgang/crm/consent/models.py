"""A company's consent to sharing its file with other operators."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Consent(models.Model):
    """A company's consent to share its CRM records with all operators in the system.

    Given and withdrawn with dates; the consent is in force while ``withdrawn_at`` is empty.
    """

    company = models.ForeignKey(
        "registry.Company",
        on_delete=models.PROTECT,
        related_name="consents",
        verbose_name=_("company"),
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    given_by = models.CharField(_("given by"), max_length=200)
    text = models.TextField(_("consent text"))
    given_at = models.DateTimeField(_("given"))
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-given_at"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")

    def __str__(self) -> str:
        return f"{self.company_id} ({self.given_at:%Y-%m-%d})"
