"""Goals, KPIs, performance contracts, satisfaction surveys and spending.

A ``Target`` is a metric composed without code: what to count (``measure``), over which
interaction types, for which target group, in the contract's municipalities and year. Its
progress is never stored: it is counted live from the CRM (``goals/selectors.py``) until
the contract's yearly report is frozen (``YearlyReport``), which keeps the figures as
they were.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from indgang.crm.models import ContactPerson, Entrepreneur, Interaction
from indgang.organisations.models import Organisation
from indgang.reference.models import Municipality


class Measure(models.TextChoices):
    SESSIONS = "sessions", _("Sessions (interactions counted)")
    USERS = "users", _("Users (distinct companies and entrepreneurs)")
    COMPANIES = "companies", _("Distinct companies (with a CVR number)")
    SATISFIED_SHARE = "satisfied_share", _("Share of satisfied users (4 or 5 of 5), %")
    REFERRALS_ERHVERVSHUS = "referrals_erhvervshus", _("Referrals sent to an Erhvervshus")


SHARE_MEASURES = (Measure.SATISFIED_SHARE,)


class TargetGroup(models.TextChoices):
    ALL = "all", _("All companies and entrepreneurs")
    ENTREPRENEURS = "entrepreneurs", _("Entrepreneurs (no CVR number, or at most 3 years old)")
    ESTABLISHED = "established", _("Established companies (over 3 years old)")


class Comparator(models.TextChoices):
    AT_LEAST = "at_least", _("at least")


class Goal(models.Model):
    """A national growth goal (nationalt vækstmål)."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["title"]
        verbose_name = _("national goal")
        verbose_name_plural = _("national goals")

    def __str__(self) -> str:
        return self.title


class Kpi(models.Model):
    """A key figure that tells whether a goal is being reached."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="kpis")
    name = models.CharField(_("name"), max_length=300)
    unit = models.CharField(_("unit"), max_length=40, help_text=_("For example %, number, DKK."))
    baseline = models.DecimalField(_("baseline"), max_digits=14, decimal_places=2)
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"))
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2)
    target_year = models.PositiveSmallIntegerField(_("target year"))
    source = models.CharField(_("source"), max_length=300)
    computation = models.CharField(
        _("computed by"),
        max_length=60,
        blank=True,
        help_text=_("Empty: the values are entered by hand with their source."),
    )
    parameter = models.CharField(
        _("parameter of the computation"), max_length=60, blank=True, default=""
    )

    class Meta:
        ordering = ["goal", "pk"]
        verbose_name = _("KPI")
        verbose_name_plural = _("KPIs")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(target_year__gte=models.F("baseline_year")),
                name="goals_kpi_target_after_baseline",
            )
        ]

    def __str__(self) -> str:
        return self.name


class KpiValue(models.Model):
    kpi = models.ForeignKey(Kpi, on_delete=models.CASCADE, related_name="values")
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    source = models.CharField(_("source"), max_length=300)
    computed = models.BooleanField(_("computed"), default=False)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["kpi", "year"]
        verbose_name = _("KPI value")
        verbose_name_plural = _("KPI values")
        constraints = [
            models.UniqueConstraint(fields=["kpi", "year"], name="goals_kpi_value_once_a_year")
        ]

    def __str__(self) -> str:
        return f"{self.kpi_id} {self.year}: {self.value}"


class PerformanceContract(models.Model):
    """A performance contract (resultatkontrakt) between one or more municipalities (or
    the state, for an Erhvervshus) and an operator, for one year."""

    title = models.CharField(_("title"), max_length=200)
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    operator = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="performance_contracts",
        verbose_name=_("operator"),
    )
    municipalities = models.ManyToManyField(
        Municipality, related_name="performance_contracts", verbose_name=_("municipalities")
    )
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["-year", "title"]
        verbose_name = _("performance contract")
        verbose_name_plural = _("performance contracts")
        constraints = [
            models.UniqueConstraint(
                fields=["operator", "year", "title"], name="goals_contract_unique_title"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} {self.year}"

    @property
    def is_frozen(self) -> bool:
        return hasattr(self, "report")


class Target(models.Model):
    contract = models.ForeignKey(
        PerformanceContract, on_delete=models.CASCADE, related_name="targets"
    )
    name = models.CharField(_("name"), max_length=200)
    measure = models.CharField(_("what is counted"), max_length=32, choices=Measure.choices)
    interaction_types = models.JSONField(
        _("interaction types"),
        default=list,
        blank=True,
        help_text=_("None chosen: every type."),
    )
    target_group = models.CharField(
        _("target group"), max_length=16, choices=TargetGroup.choices, default=TargetGroup.ALL
    )
    in_contract_municipalities = models.BooleanField(
        _("only companies in the contract's municipalities"), default=True
    )
    comparator = models.CharField(
        _("comparator"), max_length=16, choices=Comparator.choices, default=Comparator.AT_LEAST
    )
    value = models.DecimalField(
        _("target value"), max_digits=10, decimal_places=1, validators=[MinValueValidator(0)]
    )
    goals = models.ManyToManyField(
        Goal, blank=True, related_name="targets", verbose_name=_("national goals served")
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["contract", "position", "pk"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")

    def __str__(self) -> str:
        return self.name

    @property
    def is_share(self) -> bool:
        return self.measure in SHARE_MEASURES


class YearlyReport(models.Model):
    """A contract's progress frozen at the end of the year: it no longer changes.

    ``rows`` holds one dict per target: name, measure, value, target, forecast, status.
    """

    contract = models.OneToOneField(
        PerformanceContract, on_delete=models.CASCADE, related_name="report"
    )
    as_of = models.DateField(_("figures as of"))
    rows = models.JSONField(_("figures"))
    frozen_at = models.DateTimeField(_("frozen"), auto_now_add=True)
    frozen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("yearly report")
        verbose_name_plural = _("yearly reports")

    def __str__(self) -> str:
        return str(self.contract)


class SurveyInvitation(models.Model):
    """A satisfaction survey sent after guidance; only the token's SHA-256 is stored."""

    interaction = models.ForeignKey(
        Interaction, on_delete=models.CASCADE, related_name="survey_invitations"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("operator")
    )
    contact = models.ForeignKey(
        ContactPerson, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    entrepreneur = models.ForeignKey(
        Entrepreneur, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    email = models.EmailField(_("email"))
    token_hash = models.CharField(max_length=64, unique=True)
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-sent_at", "-pk"]
        verbose_name = _("survey invitation")
        verbose_name_plural = _("survey invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["interaction", "email"], name="goals_one_survey_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.interaction_id} → {self.email}"


class SatisfactionResponse(models.Model):
    invitation = models.OneToOneField(
        SurveyInvitation, on_delete=models.CASCADE, related_name="response"
    )
    score = models.PositiveSmallIntegerField(
        _("satisfaction"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(_("comment"), blank=True, max_length=2000)
    answered_at = models.DateTimeField(_("answered"), auto_now_add=True)

    class Meta:
        ordering = ["-answered_at"]
        verbose_name = _("satisfaction response")
        verbose_name_plural = _("satisfaction responses")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score__gte=1, score__lte=5), name="goals_score_1_to_5"
            )
        ]

    def __str__(self) -> str:
        return f"{self.invitation_id}: {self.score}"


class Spending(models.Model):
    """What a municipality spent on local business promotion in a year."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="+", verbose_name=_("municipality")
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    amount_dkk = models.BigIntegerField(_("spending (DKK)"), validators=[MinValueValidator(0)])
    source = models.CharField(_("source"), max_length=300, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["year", "municipality"]
        verbose_name = _("spending")
        verbose_name_plural = _("spending")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "year"], name="goals_spending_once_a_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.year}: {self.amount_dkk}"
