"""National growth goals, the KPIs that tell whether they are reached, and their values."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


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
