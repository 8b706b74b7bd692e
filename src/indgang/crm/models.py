"""The shared CRM: company files, contact persons, entrepreneurs, needs assessments,
interactions, referrals and consents.

Models hold data and invariants only. Every write goes through ``crm/services.py`` and
every read of records that may hold notes or personal data through ``crm/selectors.py``,
which applies the rules in ``crm/permissions.py`` and writes the access log.

Records that hold notes or personal data carry the organisation that wrote them
(``organisation``), their legal basis (GDPR art. 6(1)(e) public task, or consent) and,
once anonymised, the time it happened. Editable records carry a ``version`` that a save
must match, so two people editing at once never silently overwrite each other.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from indgang.catalog.models import Offer, Theme
from indgang.organisations.models import Organisation
from indgang.reference.models import Municipality
from indgang.registry.models import Company


class LegalBasis(models.TextChoices):
    PUBLIC_TASK = "public_task", _("Public task (GDPR art. 6(1)(e))")
    CONSENT = "consent", _("Consent (GDPR art. 6(1)(a))")


class Segment(models.TextChoices):
    """The company funnel (virksomhedstragten), per operator."""

    PORTFOLIO = "portfolio", _("Portfolio")
    PRIORITISED = "prioritised", _("Prioritised")
    KEY_ACCOUNT = "key_account", _("Key account")


class InteractionType(models.TextChoices):
    ONE_TO_ONE = "one_to_one", _("One-to-one guidance")
    OUTREACH_VISIT = "outreach_visit", _("Outreach visit")
    PHONE = "phone", _("Phone call")
    EMAIL = "email", _("Email")
    EVENT = "event", _("Event")
    COURSE = "course", _("Course")
    NETWORK_MEETING = "network_meeting", _("Network meeting")
    COURSE_SERIES = "course_series", _("Course of several sessions")


# Types where several companies take part: they have participants, not one company.
GROUP_TYPES = (
    InteractionType.EVENT,
    InteractionType.COURSE,
    InteractionType.NETWORK_MEETING,
    InteractionType.COURSE_SERIES,
)

# The kinds of guidance after which a satisfaction survey may be sent (goals' surveys).
SURVEY_TYPES = (
    InteractionType.ONE_TO_ONE,
    InteractionType.COURSE,
    InteractionType.COURSE_SERIES,
    InteractionType.EVENT,
)


class GrowthParameter(models.TextChoices):
    """The growth-mapping parameters (vækstkortlægning) of a needs assessment."""

    HISTORY = "history", _("Historical development")
    BUSINESS_CONCEPT = "business_concept", _("Business concept")
    BUSINESS_PROCESS = "business_process", _("Business process")
    PRODUCT = "product", _("Product and scalability")
    INTERNATIONALISATION = "internationalisation", _("Internationalisation")
    MANAGEMENT = "management", _("Management and strategy")
    FINANCING = "financing", _("Financing")


class Maturity(models.IntegerChoices):
    NONE = 1, _("1 – not started")
    BEGINNER = 2, _("2 – beginner")
    INTERMEDIATE = 3, _("3 – under way")
    ADVANCED = 4, _("4 – advanced")
    LEADING = 5, _("5 – leading")


class Versioned(models.Model):
    """Optimistic locking: a save names the version it read (see services.save_versioned)."""

    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True


class PersonalData(models.Model):
    """Records with notes or personal data: who wrote them, on which legal basis."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation")
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
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("municipality"),
    )
    company = models.ForeignKey(
        Company,
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


class ContactPerson(PersonalData, Versioned):
    company = models.ForeignKey(
        Company, on_delete=models.PROTECT, related_name="contact_persons", verbose_name=_("company")
    )
    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("title"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")
        indexes = [models.Index(fields=["email"])]

    def __str__(self) -> str:
        return self.name


class CompanySegment(Versioned):
    """Where a company sits in one operator's funnel, and who holds its key account."""

    company = models.ForeignKey(
        Company, on_delete=models.PROTECT, related_name="segments", verbose_name=_("company")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    segment = models.CharField(_("segment"), max_length=16, choices=Segment.choices)
    key_account_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("key account owner"),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("segment")
        verbose_name_plural = _("segments")
        constraints = [
            models.UniqueConstraint(
                fields=["company", "organisation"], name="crm_one_segment_per_operator"
            )
        ]

    def __str__(self) -> str:
        return f"{self.company_id} – {self.organisation_id}: {self.get_segment_display()}"


class NeedsAssessment(PersonalData, Versioned):
    """A needs assessment (behovsafdækning) with the growth mapping (vækstkortlægning).

    ``growth_mapping`` maps each GrowthParameter value to ``{"rating": 1-5, "note": str}``.
    """

    company = models.ForeignKey(
        Company,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="needs_assessments",
        verbose_name=_("company"),
    )
    entrepreneur = models.ForeignKey(
        Entrepreneur,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="needs_assessments",
        verbose_name=_("entrepreneur"),
    )
    consultant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("consultant"),
    )
    date = models.DateField(_("date"))
    expressed_themes = models.ManyToManyField(
        Theme, blank=True, related_name="+", verbose_name=_("needs the company expressed")
    )
    expressed_note = models.TextField(_("in the company's words"), blank=True)
    observed_themes = models.ManyToManyField(
        Theme,
        blank=True,
        related_name="+",
        verbose_name=_("needs the consultant saw, not yet recognised by the company"),
    )
    observed_note = models.TextField(_("the consultant's observations"), blank=True)
    growth_mapping = models.JSONField(_("growth mapping"), default=dict, blank=True)
    digital_maturity = models.PositiveSmallIntegerField(
        _("digital maturity"), choices=Maturity.choices, null=True, blank=True
    )
    export_maturity = models.PositiveSmallIntegerField(
        _("export maturity"), choices=Maturity.choices, null=True, blank=True
    )
    next_step = models.TextField(_("agreed next development step"), blank=True)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("needs assessment")
        verbose_name_plural = _("needs assessments")
        constraints = [
            models.CheckConstraint(
                condition=Q(company__isnull=False) | Q(entrepreneur__isnull=False),
                name="crm_assessment_has_subject",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_subject()} {self.date}"

    def get_subject(self):
        return self.company or self.entrepreneur

    def growth_rows(self) -> list[tuple[str, int | None, str]]:
        """(parameter label, rating, note) in the growth mapping's fixed order."""
        return [
            (
                p.label,
                self.growth_mapping[p.value].get("rating"),
                self.growth_mapping[p.value].get("note", ""),
            )
            for p in GrowthParameter
            if p.value in self.growth_mapping
        ]


class Interaction(PersonalData, Versioned):
    """Guidance given: a session, visit, call, email, event, course or network meeting.

    One-to-one kinds concern one company (or entrepreneur); group kinds (GROUP_TYPES)
    have participants instead, and may also name a main company.
    """

    type = models.CharField(_("type"), max_length=24, choices=InteractionType.choices)
    date = models.DateField(_("date"), db_index=True)
    consultant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("consultant"),
    )
    company = models.ForeignKey(
        Company,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="interactions",
        verbose_name=_("company"),
    )
    entrepreneur = models.ForeignKey(
        Entrepreneur,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="interactions",
        verbose_name=_("entrepreneur"),
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    contacts = models.ManyToManyField(
        ContactPerson, blank=True, related_name="interactions", verbose_name=_("contact persons")
    )
    themes = models.ManyToManyField(Theme, blank=True, related_name="+", verbose_name=_("themes"))
    offer = models.ForeignKey(
        Offer,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="interactions",
        verbose_name=_("offer"),
    )
    note = models.TextField(_("note"), blank=True)
    # The record's id in the operator's former system, so a CRM import can run twice.
    external_id = models.CharField(_("id in the source system"), max_length=100, blank=True)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("interaction")
        verbose_name_plural = _("interactions")
        indexes = [
            models.Index(fields=["organisation", "date"]),
            models.Index(fields=["company", "date"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "external_id"],
                condition=~Q(external_id=""),
                name="crm_interaction_external_id_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_type_display()} {self.date}"


class Participant(models.Model):
    """A company or entrepreneur taking part in an event or course."""

    interaction = models.ForeignKey(
        Interaction, on_delete=models.CASCADE, related_name="participants"
    )
    company = models.ForeignKey(
        Company, on_delete=models.PROTECT, null=True, blank=True, related_name="participations"
    )
    entrepreneur = models.ForeignKey(
        Entrepreneur,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participations",
    )

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.CheckConstraint(
                condition=Q(company__isnull=False) | Q(entrepreneur__isnull=False),
                name="crm_participant_has_subject",
            ),
            models.UniqueConstraint(
                fields=["interaction", "company"], name="crm_participant_company_once"
            ),
            models.UniqueConstraint(
                fields=["interaction", "entrepreneur"], name="crm_participant_entrepreneur_once"
            ),
        ]

    def __str__(self) -> str:
        return str(self.company or self.entrepreneur)


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
        Organisation,
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
    company = models.ForeignKey(
        Company,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("company"),
    )
    entrepreneur = models.ForeignKey(
        Entrepreneur,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("entrepreneur"),
    )
    contact_request = models.OneToOneField(
        "guide.ContactRequest",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referral",
        verbose_name=_("contact request"),
    )
    offer = models.ForeignKey(
        Offer,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("offer"),
    )
    themes = models.ManyToManyField(Theme, blank=True, related_name="+", verbose_name=_("themes"))
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
        Interaction,
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

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="events")
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


class Consent(models.Model):
    """A company's consent to share its CRM records with all operators in the system.

    Given and withdrawn with dates; the consent is in force while ``withdrawn_at`` is empty.
    """

    company = models.ForeignKey(
        Company, on_delete=models.PROTECT, related_name="consents", verbose_name=_("company")
    )
    organisation = models.ForeignKey(
        Organisation,
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


class Notification(models.Model):
    """Tells a person something changed: a referral's status, an unanswered referral.

    Rendered in the reader's language from ``kind`` and the referral, not stored as text.
    """

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="crm_notifications"
    )
    referral = models.ForeignKey(
        Referral, on_delete=models.CASCADE, null=True, related_name="notifications"
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
