"""What every CRM record shares: its legal basis, who wrote it, optimistic locking, and the
company or entrepreneur it is about.

Records that hold notes or personal data carry the organisation that wrote them
(``organisation``), their legal basis (GDPR art. 6(1)(e) public task, or consent) and,
once anonymised, the time it happened. Editable records carry a ``version`` that a save
must match, so two people editing at once never silently overwrite each other.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class LegalBasis(models.TextChoices):
    PUBLIC_TASK = "public_task", _("Public task (GDPR art. 6(1)(e))")
    CONSENT = "consent", _("Consent (GDPR art. 6(1)(a))")


class Versioned(models.Model):
    """Optimistic locking: a save names the version it read (see services.save_versioned)."""

    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True


class PersonalData(models.Model):
    """Records with notes or personal data: who wrote them, on which legal basis."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organisation"),
    )
    legal_basis = models.CharField(
        _("legal basis"), max_length=16, choices=LegalBasis.choices, default=LegalBasis.PUBLIC_TASK
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)

    class Meta:
        abstract = True


def subject_fields(related_name: str, *, verbose: bool = True):
    """The company and the entrepreneur a record is about (one of them is set; the model's
    check constraint says which may be missing). Use as
    ``company, entrepreneur = subject_fields("interactions")``."""
    names = {"company": _("company"), "entrepreneur": _("entrepreneur")} if verbose else {}
    return tuple(
        models.ForeignKey(
            target,
            on_delete=models.PROTECT,
            null=True,
            blank=True,
            related_name=related_name,
            **({"verbose_name": names[field]} if verbose else {}),
        )
        for field, target in (("company", "registry.Company"), ("entrepreneur", "crm.Entrepreneur"))
    )
