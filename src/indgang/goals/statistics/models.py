"""What municipalities spend on local business promotion (the statistics are counted live)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Spending(models.Model):
    """What a municipality spent on local business promotion in a year."""

    municipality = models.ForeignKey(
        "reference.Municipality",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("municipality"),
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
