"""A company's consent to sharing its file with other operators (decision 0018).

A consent is recorded by one operator, in the context of a documented meeting with the
company (an interaction of that operator on the consent's date). It stores the exact text
the company agreed to, the text's version and its scope: every operator, or the operators
named. The company gets a receipt with a link that shows the consent and withdraws it
without a login; only the company (through that link, or in a meeting logged by the
recording operator) and the recording operator can withdraw it.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ConsentScope(models.TextChoices):
    ALL = "all", _("All operators in the business promotion system")
    NAMED = "named", _("Only the operators named")


class WithdrawnVia(models.TextChoices):
    RECORDING_OPERATOR = "operator", _("by the operator that recorded it")
    COMPANY_LINK = "company_link", _("by the company, through the link in its receipt")


class Consent(models.Model):
    """Given and withdrawn with dates; the consent is in force while ``withdrawn_at`` is
    empty."""

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
    # The meeting with the company in which it gave the consent (empty only on consents
    # recorded before decision 0018).
    interaction = models.ForeignKey(
        "crm.Interaction",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consents",
        verbose_name=_("meeting"),
    )
    given_by = models.CharField(_("given by"), max_length=200)
    text = models.TextField(_("consent text"))
    text_version = models.CharField(_("version of the text"), max_length=20, blank=True)
    scope = models.CharField(
        _("scope"), max_length=8, choices=ConsentScope.choices, default=ConsentScope.ALL
    )
    operators = models.ManyToManyField(
        "organisations.Organisation",
        blank=True,
        related_name="+",
        verbose_name=_("operators named"),
    )
    given_at = models.DateTimeField(_("given"))
    receipt_email = models.EmailField(_("receipt sent to"), blank=True)
    # The hash of the secret in the receipt's link; the link itself is never stored.
    token_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawn_via = models.CharField(
        _("withdrawn"), max_length=16, choices=WithdrawnVia.choices, blank=True
    )
    # The meeting of the recording operator in which the company withdrew it, if any.
    withdrawn_in = models.ForeignKey(
        "crm.Interaction",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("withdrawn in the meeting"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-given_at"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")

    def __str__(self) -> str:
        return f"{self.company_id} ({self.given_at:%Y-%m-%d})"
