"""Performance contracts (resultatkontrakter), their targets and frozen yearly reports.

A ``Target`` is a metric composed without code: what to count (``measure``), over which
interaction types, for which target group, in the contract's municipalities and year. Its
progress is never stored: it is counted live from the CRM (``goals/contracts/metrics.py``) until
the contract's yearly report is frozen (``YearlyReport``), which keeps the figures as
they were.
"""

import re

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


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


class PerformanceContract(models.Model):
    """A performance contract (resultatkontrakt) between one or more municipalities (or
    the state, for an Erhvervshus) and an operator, for one year."""

    title = models.CharField(_("title"), max_length=200)
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    operator = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="performance_contracts",
        verbose_name=_("operator"),
    )
    municipalities = models.ManyToManyField(
        "reference.Municipality",
        related_name="performance_contracts",
        verbose_name=_("municipalities"),
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
        return self.display_title

    @property
    def display_title(self) -> str:
        """The title with its year, unless the title already names it ("Resultatkontrakt
        Aarhus 2026", never "... 2026 2026")."""
        year = str(self.year)
        if re.search(rf"(?<!\d){year}(?!\d)", self.title or ""):
            return self.title
        return f"{self.title} {year}".strip()

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
        "goals.Goal", blank=True, related_name="targets", verbose_name=_("national goals served")
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
