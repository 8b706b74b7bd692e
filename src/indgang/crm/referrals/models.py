"""Referrals (henvisninger) between operators, their history and notifications, and
the contact requests from the one entry that arrive as referrals from the company.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from indgang.crm.records import PersonalData, Versioned, subject_fields


class ReferralStatus(models.TextChoices):
    SENT = "sent", _("Sent")
    RECEIVED = "received", _("Received")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    COMPLETED = "completed", _("Completed")


# Statuses where the receiver has not yet answered.
UNANSWERED = (ReferralStatus.SENT, ReferralStatus.RECEIVED)


class Referral(PersonalData, Versioned):
    """A referral (henvisning) of a company to another operator, a named consultant there,
    or a private adviser.

    ``organisation`` is the sender. When the company referred itself through the one entry
    (``from_company``), the receiver holds the record and is its ``organisation`` too, and
    ``contact_request`` holds what the company sent and the consent it gave.
    """

    from_company = models.BooleanField(_("from the company itself"), default=False)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sent by"),
    )
    to_organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals_received",
        verbose_name=_("to operator"),
    )
    to_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referrals_received",
        verbose_name=_("to consultant"),
    )
    private_adviser = models.CharField(
        _("private adviser"),
        max_length=200,
        blank=True,
        help_text=_("A private adviser outside the system (name and firm)."),
    )
    company, entrepreneur = subject_fields("referrals")
    contact_request = models.OneToOneField(
        "crm.ContactRequest",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referral",
        verbose_name=_("contact request"),
    )
    offer = models.ForeignKey(
        "catalog.Offer",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("offer"),
    )
    themes = models.ManyToManyField(
        "catalog.Theme", blank=True, related_name="+", verbose_name=_("themes")
    )
    reason = models.TextField(_("reason for the referral"), blank=True)
    company_wants = models.TextField(_("what the company wants"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ReferralStatus.choices,
        default=ReferralStatus.SENT,
        db_index=True,
    )
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    completed_interaction = models.ForeignKey(
        "crm.Interaction",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("the interaction where the company was helped"),
    )
    status_changed_at = models.DateTimeField(_("status changed"), auto_now_add=True)
    overdue_flagged_at = models.DateTimeField(_("flagged as unanswered"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        # The lists' order within the receiver and the sender: a page of the newest
        # without sorting every referral the organisation ever had.
        indexes = [
            models.Index(
                fields=["to_organisation", "created_at", "id"], name="crm_referral_to_org_newest"
            ),
            models.Index(
                fields=["organisation", "created_at", "id", "version"],
                name="crm_referral_org_newest",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(to_organisation__isnull=False) | ~Q(private_adviser=""),
                name="crm_referral_has_receiver",
            ),
            models.CheckConstraint(
                condition=Q(company__isnull=False)
                | Q(entrepreneur__isnull=False)
                | Q(contact_request__isnull=False),
                name="crm_referral_has_subject",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} → {self.to_organisation_id or self.private_adviser}"


class ReferralEvent(models.Model):
    """One step in a referral's life, for both sides to follow."""

    referral = models.ForeignKey("crm.Referral", on_delete=models.CASCADE, related_name="events")
    status = models.CharField(_("status"), max_length=16, choices=ReferralStatus.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(_("time"), auto_now_add=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.referral_id}: {self.status}"


class Notification(models.Model):
    """Tells a person something changed: a referral's status, an unanswered referral.

    Rendered in the reader's language from ``kind`` and the referral, not stored as text.
    """

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="crm_notifications"
    )
    referral = models.ForeignKey(
        "crm.Referral", on_delete=models.CASCADE, null=True, related_name="notifications"
    )

    class Kind(models.TextChoices):
        STATUS_CHANGED = "status_changed", _("A referral you sent changed status")
        NEW_REFERRAL = "new_referral", _("A referral was sent to you")
        UNANSWERED = "unanswered", _("A referral has not been answered in 5 working days")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.person_id}: {self.kind}"


class ContactRequest(models.Model):
    """A company's request from the one entry to be contacted by an operator.

    Each request lands in the receiving operator's CRM as a referral from the company
    (``services.referral_from_contact_request``); the referral carries its status. The
    request holds personal data (a contact person), so it is only shown to members of the
    receiving organisation, and the company's consent is recorded with the exact text it
    agreed to.
    """

    operator = models.ForeignKey(
        "organisations.Organisation",
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
        # The model moved here from the guide (decision 0013); its table keeps its name.
        db_table = "guide_contactrequest"
        ordering = ["-created_at"]
        verbose_name = _("contact request")
        verbose_name_plural = _("contact requests")

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        """The reference the company got on its receipt and quotes: "IND-000124"."""
        return contact_request_reference(self.pk)


REFERENCE_PREFIX = "IND-"


def contact_request_reference(pk: int) -> str:
    return f"{REFERENCE_PREFIX}{pk:06d}"


def contact_request_pk(reference: str) -> int | None:
    """The contact request a reference names ("IND-000124", "ind 124", "124"), or None."""
    digits = reference.strip().upper().removeprefix(REFERENCE_PREFIX.rstrip("-")).strip(" -")
    return int(digits) if digits.isdigit() and len(digits) <= 12 else None

    def __str__(self) -> str:
        return f"{self.contact_name} → {self.operator}"
