"""Contact requests from the one entry: a company asks an operator to contact it.

Each request lands in the receiving operator's CRM as a referral from the company
(`crm.services.referral_from_contact_request`); the referral carries its status. The
request holds personal data (a contact person), so it is only shown to members of
the receiving organisation, and the company's consent is recorded with the exact text
it agreed to.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from indgang.organisations.models import Organisation


class ContactRequest(models.Model):
    operator = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="contact_requests",
        verbose_name=_("operator"),
    )
    offers = models.ManyToManyField(
        "catalog.Offer", blank=True, related_name="contact_requests", verbose_name=_("offers")
    )
    routed_as_local = models.BooleanField(
        _("sent to the local business service"),
        default=False,
        help_text=_("The company was unsure which offer fits and asked its local service."),
    )
    cvr = models.CharField(_("CVR number"), max_length=8, blank=True)
    company_name = models.CharField(_("company name"), max_length=200, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=200)
    email = models.EmailField(_("email"))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    needs_text = models.TextField(_("the need in the company's own words"), blank=True)
    needs = models.JSONField(_("themes"), default=list, blank=True)
    profile = models.JSONField(_("company facts"), default=dict, blank=True)
    consent_text = models.TextField(_("consent text agreed to"))
    consent_given_at = models.DateTimeField(_("consent given"))
    created_at = models.DateTimeField(_("received"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("contact request")
        verbose_name_plural = _("contact requests")

    def __str__(self) -> str:
        return f"{self.contact_name} → {self.operator}"
