"""Entrepreneurs: people with a business idea and no CVR number yet."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from indgang.crm.records import PersonalData, Versioned


class Entrepreneur(PersonalData, Versioned):
    """A person with a business idea and no CVR number yet.

    When the company is founded, ``company`` is set; the entrepreneur's interactions stay
    as they were (history is not rewritten) and the company file shows them too.
    """

    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    idea = models.TextField(_("business idea"), blank=True)
    municipality = models.ForeignKey(
        "reference.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("municipality"),
    )
    company = models.ForeignKey(
        "registry.Company",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="entrepreneurs",
        verbose_name=_("founded company"),
    )
    linked_at = models.DateTimeField(_("linked to company"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("entrepreneur")
        verbose_name_plural = _("entrepreneurs")

    def __str__(self) -> str:
        return self.name
