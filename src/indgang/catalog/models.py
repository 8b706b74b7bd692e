"""Offers (tilbud) and their eligibility, stored so that eligibility can be queried.

The field names follow the catalog file schema (``../shared/catalog/README.md``); nested
objects of the file (``eligibility.employees.min``) are flat columns here
(``employees_min``). Themes, sectors, regions and municipalities are many-to-many
relations, so every filter works the same on SQLite and PostgreSQL.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from indgang.organisations.public import Level


class Instrument(models.TextChoices):
    BASAL = "basal_erhvervsservice", _("Basic business service")
    FOKUSERET = "fokuseret_erhvervsservice", _("Focused business service")
    SPECIALISERET = "specialiseret_erhvervsservice", _("Specialised business service")
    ERHVERVSUDVIKLING = "erhvervsudvikling", _("Business development")
    FINANSIERING = "finansiering", _("Financing")


class Format(models.TextChoices):
    VEJLEDNING = "vejledning_1_1", _("One-to-one guidance")
    FORLOEB = "forloeb", _("Programme")
    KURSUS = "kursus", _("Course")
    NETVAERK = "netvaerk", _("Network")
    ARRANGEMENT = "arrangement", _("Event")
    MENTOR = "mentor", _("Mentor")
    MATCHMAKING = "matchmaking", _("Matchmaking")
    TILSKUD = "tilskud", _("Grant")
    LAAN = "laan", _("Loan")
    GARANTI = "garanti", _("Guarantee")
    EGENKAPITAL = "egenkapital", _("Equity")
    LOKALER = "lokaler", _("Premises")
    MYNDIGHEDSSERVICE = "myndighedsservice", _("Authority service")
    ONLINE = "online_vaerktoej", _("Online tool")


# Formats with a support amount (support_amount_dkk); for the others it is always empty.
MONEY_FORMATS = {Format.TILSKUD, Format.LAAN, Format.GARANTI, Format.EGENKAPITAL}


class ThemeCode(models.TextChoices):
    OPSTART = "opstart", _("Starting a business")
    VAEKST = "vaekst_skalering", _("Growth and scaling")
    EKSPORT = "eksport", _("Export")
    FINANSIERING = "finansiering", _("Financing")
    DIGITALISERING = "digitalisering", _("Digitalisation")
    INNOVATION = "innovation", _("Innovation")
    VIDEN = "viden_samarbejde", _("Knowledge collaboration")
    KOMPETENCER = "kompetencer", _("Skills and labour")
    GROEN = "groen_omstilling", _("Green transition")
    LEDELSE = "ledelse", _("Management")
    EJERSKIFTE = "ejerskifte", _("Ownership succession")
    MYNDIGHED = "myndighed", _("Rules and authorities")
    LOKALER = "lokaler", _("Premises")
    NETVAERK = "netvaerk", _("Networks")
    TURISME = "turisme", _("Tourism")
    SALG = "salg_markedsfoering", _("Sales and marketing")


class GeographyScope(models.TextChoices):
    NATIONAL = "national", _("The whole country")
    REGIONS = "regions", _("Regions")
    MUNICIPALITIES = "municipalities", _("Municipalities")


class CostType(models.TextChoices):
    GRATIS = "gratis", _("Free")
    EGENBETALING = "egenbetaling", _("Own payment")
    MEDFINANSIERING = "medfinansiering", _("Co-financing")


class Status(models.TextChoices):
    """The workflow and the file schema's status in one field (see decision 0006).

    ``aktiv`` and ``kommende`` are the two kinds of *published*; only they are public.
    """

    DRAFT = "udkast", _("Draft")
    ACTIVE = "aktiv", _("Published – active")
    COMING = "kommende", _("Published – coming")
    CLOSED = "lukket", _("Closed")
    ARCHIVED = "arkiveret", _("Archived")


PUBLISHED = (Status.ACTIVE, Status.COMING)


class Theme(models.Model):
    """One of the catalog's 16 themes; rows are made by a data migration."""

    code = models.CharField(_("code"), max_length=32, primary_key=True, choices=ThemeCode.choices)

    class Meta:
        ordering = ["code"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self) -> str:
        return str(self.get_code_display())


class Offer(models.Model):
    """An offer a company can use. ``id`` is a stable slug other systems link to."""

    id = models.SlugField(_("id"), max_length=100, primary_key=True)
    operator = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="offers",
        verbose_name=_("operator"),
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"))
    description = models.TextField(_("description"))
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    instrument = models.CharField(_("instrument"), max_length=40, choices=Instrument.choices)
    format = models.CharField(_("format"), max_length=32, choices=Format.choices)
    themes = models.ManyToManyField(Theme, related_name="offers", verbose_name=_("themes"))
    # The themes in the order the operator gave them (the first is the main one).
    theme_order = models.JSONField(_("order of themes"), default=list, blank=True)

    geography_scope = models.CharField(
        _("geography"), max_length=16, choices=GeographyScope.choices
    )
    regions = models.ManyToManyField(
        "reference.Region", blank=True, related_name="offers", verbose_name=_("regions")
    )
    municipalities = models.ManyToManyField(
        "reference.Municipality",
        blank=True,
        related_name="offers",
        verbose_name=_("municipalities"),
    )
    age_min = models.PositiveIntegerField(_("minimum company age (years)"), null=True, blank=True)
    age_max = models.PositiveIntegerField(_("maximum company age (years)"), null=True, blank=True)
    employees_min = models.PositiveIntegerField(_("minimum employees"), null=True, blank=True)
    employees_max = models.PositiveIntegerField(_("maximum employees"), null=True, blank=True)
    turnover_min = models.BigIntegerField(_("minimum turnover (DKK)"), null=True, blank=True)
    turnover_max = models.BigIntegerField(_("maximum turnover (DKK)"), null=True, blank=True)
    sectors = models.ManyToManyField(
        "reference.DB07Section",
        blank=True,
        related_name="offers",
        verbose_name=_("industries (DB07 sections)"),
        help_text=_("None chosen means all industries."),
    )
    requires_cvr = models.BooleanField(_("requires a CVR number"), default=False)
    growth_ambition_required = models.BooleanField(_("requires growth ambitions"), default=False)
    other_conditions = models.TextField(_("other conditions"), null=True, blank=True)

    cost_type = models.CharField(_("cost"), max_length=16, choices=CostType.choices)
    cost_amount_dkk = models.BigIntegerField(_("price (DKK)"), null=True, blank=True)
    cost_note = models.TextField(_("note on the cost"), null=True, blank=True)
    support_min = models.BigIntegerField(_("minimum support (DKK)"), null=True, blank=True)
    support_max = models.BigIntegerField(_("maximum support (DKK)"), null=True, blank=True)

    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    application_deadline = models.DateField(_("application deadline"), null=True, blank=True)
    languages = models.JSONField(_("languages"), default=list)
    url = models.URLField(_("web address"), max_length=500)
    contact_email = models.EmailField(_("contact email"))

    is_demo = models.BooleanField(_("demo data"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(age_min__isnull=True)
                | models.Q(age_max__isnull=True)
                | models.Q(age_min__lte=models.F("age_max")),
                name="offer_age_range",
            ),
            models.CheckConstraint(
                condition=models.Q(employees_min__isnull=True)
                | models.Q(employees_max__isnull=True)
                | models.Q(employees_min__lte=models.F("employees_max")),
                name="offer_employees_range",
            ),
            models.CheckConstraint(
                condition=models.Q(turnover_min__isnull=True)
                | models.Q(turnover_max__isnull=True)
                | models.Q(turnover_min__lte=models.F("turnover_max")),
                name="offer_turnover_range",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.status in PUBLISHED

    @property
    def is_public(self) -> bool:
        """Published and not ended: it has a public page."""
        ends = self.valid_to
        return self.is_published and (ends is None or ends >= timezone.localdate())


class ChangeSource(models.TextChoices):
    WEB = "web", _("Web app")
    IMPORT = "import", _("File import")
    API = "api", _("API")
    DEMO = "demo", _("Demo data")
    SCHEDULE = "schedule", _("Validity dates (daily run)")


class OfferChange(models.Model):
    """One change to an offer: who, when, and each changed field's old and new value."""

    offer = models.ForeignKey(
        Offer, on_delete=models.CASCADE, related_name="changes", verbose_name=_("offer")
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("person"),
    )
    source = models.CharField(_("source"), max_length=16, choices=ChangeSource.choices)
    at = models.DateTimeField(_("when"), auto_now_add=True)
    created = models.BooleanField(_("created"), default=False)
    # {"field path": [old, new]}, in the file schema's terms ("eligibility.employees.min").
    diff = models.JSONField(_("changes"), default=dict)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("offer change")
        verbose_name_plural = _("offer changes")

    def __str__(self) -> str:
        return f"{self.offer_id} {self.at:%Y-%m-%d %H:%M}"


# The measured effect of each offer as it may be shown (decision 0020), written by effects.
from indgang.catalog.evidence import OfferEvidence  # noqa: E402, F401
