"""A company's file in the CRM: contact persons, its place in each operator's funnel
(virksomhedstragten) and needs assessments (behovsafdækning, vækstkortlægning).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from indgang.crm.records import PersonalData, Versioned, subject_fields


class Segment(models.TextChoices):
    """The company funnel (virksomhedstragten), per operator."""

    PORTFOLIO = "portfolio", _("Portfolio")
    PRIORITISED = "prioritised", _("Prioritised")
    KEY_ACCOUNT = "key_account", _("Key account")


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


class ContactPerson(PersonalData, Versioned):
    company = models.ForeignKey(
        "registry.Company",
        on_delete=models.PROTECT,
        related_name="contact_persons",
        verbose_name=_("company"),
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
        "registry.Company",
        on_delete=models.PROTECT,
        related_name="segments",
        verbose_name=_("company"),
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organisation"),
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

    company, entrepreneur = subject_fields("needs_assessments")
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
        "catalog.Theme", blank=True, related_name="+", verbose_name=_("needs the company expressed")
    )
    expressed_note = models.TextField(_("in the company's words"), blank=True)
    observed_themes = models.ManyToManyField(
        "catalog.Theme",
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
