"""Reference data: regions, municipalities, Erhvervshus areas and DB07 industries.

Loaded by a data migration from the CSV files in ``data/``; read-only in the app.
Every table has a Danish ``name`` and an English ``name_en``; ``label`` picks the one
for the active language.
"""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class BilingualName(models.Model):
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        if (get_language() or "da").startswith("en") and self.name_en:
            return self.name_en
        return self.name


class Region(BilingualName):
    code = models.CharField(_("region code"), max_length=4, primary_key=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")


class ErhvervshusArea(BilingualName):
    """The area one Erhvervshus (or the Bornholm branch) serves."""

    code = models.SlugField(_("code"), max_length=40, primary_key=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("Erhvervshus area")
        verbose_name_plural = _("Erhvervshus areas")


class Municipality(BilingualName):
    code = models.CharField(_("municipality code"), max_length=3, primary_key=True)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="municipalities", verbose_name=_("region")
    )
    erhvervshus_area = models.ForeignKey(
        ErhvervshusArea,
        on_delete=models.PROTECT,
        related_name="municipalities",
        verbose_name=_("Erhvervshus area"),
    )
    population = models.PositiveIntegerField(_("population (1 January 2024)"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")


class DB07Section(BilingualName):
    code = models.CharField(_("section"), max_length=1, primary_key=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("DB07 section")
        verbose_name_plural = _("DB07 sections")

    def __str__(self) -> str:
        return f"{self.code} {self.label}"


class DB07Group(BilingualName):
    """A DB07 main group (2 digits, a NACE rev. 2 division)."""

    code = models.CharField(_("main group"), max_length=2, primary_key=True)
    section = models.ForeignKey(
        DB07Section, on_delete=models.PROTECT, related_name="groups", verbose_name=_("section")
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("DB07 main group")
        verbose_name_plural = _("DB07 main groups")

    def __str__(self) -> str:
        return f"{self.code} {self.label}"
