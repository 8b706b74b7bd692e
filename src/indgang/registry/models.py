"""The company register (CVR) and its yearly figures (the panel).

A company is identified by its CVR number, which never changes on a stored record: a
correction is a new company, not an edit. Productivity (value added per FTE) is derived
from the yearly figures, never stored.
"""

import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F
from django.db.models.functions import Length
from django.utils.translation import gettext_lazy as _

from indgang.reference.public import CVRField

MIN_YEAR = 1980


class CompanyStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    UNDER_BANKRUPTCY = "under_bankruptcy", _("Under bankruptcy")
    UNDER_LIQUIDATION = "under_liquidation", _("Under liquidation")
    UNDER_RECONSTRUCTION = "under_reconstruction", _("Under reconstruction")
    CLOSED = "closed", _("Closed")


class EmployeesBand(models.TextChoices):
    """The CVR register's employee intervals (intervalKodeAntalAnsatte)."""

    B0 = "0", _("0 employees")
    B1 = "1", _("1 employee")
    B2_4 = "2-4", _("2–4 employees")
    B5_9 = "5-9", _("5–9 employees")
    B10_19 = "10-19", _("10–19 employees")
    B20_49 = "20-49", _("20–49 employees")
    B50_99 = "50-99", _("50–99 employees")
    B100_199 = "100-199", _("100–199 employees")
    B200_499 = "200-499", _("200–499 employees")
    B500_999 = "500-999", _("500–999 employees")
    B1000 = "1000+", _("1,000 employees or more")


class Company(models.Model):
    cvr = CVRField(unique=True)
    name = models.CharField(_("name"), max_length=300)
    secondary_names = models.JSONField(_("secondary names"), default=list, blank=True)
    # Upper-cased name and secondary names, indexed for typo-tolerant search (FTS5 trigram
    # on SQLite, pg_trgm on PostgreSQL; see docs/decisions/0005-company-name-search.md).
    search_name = models.TextField(editable=False, default="")
    # No index of their own: the indexes (municipality, status) and (db07_section, status)
    # below serve both columns, and each index slows the register's import.
    municipality = models.ForeignKey(
        "reference.Municipality",
        on_delete=models.PROTECT,
        related_name="companies",
        verbose_name=_("municipality"),
        db_index=False,
    )
    db07_code = models.CharField(_("DB07 industry code"), max_length=6, blank=True)
    db07_section = models.ForeignKey(
        "reference.DB07Section",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="companies",
        verbose_name=_("DB07 section"),
        db_index=False,
    )
    company_form = models.CharField(_("company form"), max_length=20, blank=True)
    founded_date = models.DateField(_("founded"), null=True, blank=True)
    closed_date = models.DateField(_("closed"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=24, choices=CompanyStatus.choices, default=CompanyStatus.ACTIVE
    )
    employees_band = models.CharField(
        _("employees"), max_length=8, choices=EmployeesBand.choices, blank=True
    )
    is_fictitious = models.BooleanField(_("fictitious"), default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("company")
        verbose_name_plural = _("companies")
        indexes = [
            models.Index(fields=["municipality", "status"]),
            models.Index(fields=["db07_section", "status"]),
            models.Index(fields=["employees_band"]),
            # The name search's order, shortest name first: a query many names match reads
            # its first page from here instead of sorting all of them.
            models.Index(Length("name"), F("name"), F("cvr"), name="registry_company_name_order"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closed_date__isnull=True)
                | models.Q(founded_date__isnull=True)
                | models.Q(closed_date__gte=models.F("founded_date")),
                name="registry_company_closed_after_founded",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} (CVR {self.cvr})"

    def save(self, *args, **kwargs):
        self._check_cvr_unchanged()
        self.search_name = build_search_name(self.name, self.secondary_names)
        super().save(*args, **kwargs)
        self._stored_cvr = self.cvr
        NameWord.remember(name_words(self.search_name))

    def clean(self) -> None:
        self._check_cvr_unchanged()
        if self.closed_date and self.founded_date and self.closed_date < self.founded_date:
            raise ValidationError({"closed_date": _("A company cannot close before it starts.")})

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._stored_cvr = instance.__dict__.get("cvr")
        return instance

    def _check_cvr_unchanged(self) -> None:
        stored = getattr(self, "_stored_cvr", None)
        if self.pk and stored is not None and self.cvr != stored:
            raise ValidationError(
                {"cvr": _("A company's CVR number cannot change; register a new company.")},
                code="cvr_immutable",
            )


def build_search_name(name: str, secondary_names: list[str] | None) -> str:
    if not secondary_names:
        return name.upper()
    return " | ".join(n.upper() for n in [name, *secondary_names] if n)


# Company forms say nothing about which company is meant: not words of the name search.
FORM_WORDS = frozenset(
    {"A/S", "APS", "I/S", "IVS", "K/S", "P/S", "ENK", "AMBA", "FMBA", "SMBA", "|"}
)
_WORD = re.compile(r"[^\w&/-]+")


def name_words(text: str) -> list[str]:
    """The words of a name or a query, upper-cased, as the name search splits them."""
    return [w for w in _WORD.split(text.upper()) if w]


def words_of_names(names) -> set[str]:
    """The words of many search names (upper-cased already), as :func:`name_words` splits
    them: split at spaces in one go, then the few tokens with other separators again."""
    words = set()
    for token in set(" ".join(names).split()):
        if _WORD.search(token):
            words.update(name_words(token))
        else:
            words.add(token)
    return words


class NameWord(models.Model):
    """Every word that is or was part of a company's name (decision 0005): the name search
    looks a misspelt word up here, then searches the names for the words it is close to.
    Words are added when a company is saved or imported and never removed (a word no name
    has any more finds nothing)."""

    word = models.CharField(max_length=300, unique=True)

    class Meta:
        verbose_name = _("word of a company name")
        verbose_name_plural = _("words of company names")

    def __str__(self) -> str:
        return self.word

    @classmethod
    def remember(cls, words) -> None:
        new = {w[:300] for w in words if w not in FORM_WORDS}
        if len(new) > 1_000:  # an import: leave out the words known already
            new -= set(cls.objects.values_list("word", flat=True).iterator(chunk_size=10_000))
        if new:
            cls.objects.bulk_create(
                [cls(word=w) for w in sorted(new)], batch_size=5_000, ignore_conflicts=True
            )


class ProductionUnit(models.Model):
    """A production unit (P-unit): a physical place of business with its own P-number."""

    p_number = models.CharField(_("P-number"), max_length=10, unique=True)
    company = models.ForeignKey(
        Company,
        on_delete=models.CASCADE,
        related_name="production_units",
        verbose_name=_("company"),
    )
    municipality = models.ForeignKey(
        "reference.Municipality",
        on_delete=models.PROTECT,
        related_name="production_units",
        verbose_name=_("municipality"),
        db_index=False,  # units are read by company; an index would only slow the import
    )

    class Meta:
        ordering = ["p_number"]
        verbose_name = _("production unit")
        verbose_name_plural = _("production units")

    def __str__(self) -> str:
        return self.p_number


class YearlyFigures(models.Model):
    """One company's figures for one year; each figure is optional (unknown)."""

    company = models.ForeignKey(
        Company,
        on_delete=models.CASCADE,
        related_name="figures",
        verbose_name=_("company"),
        db_index=False,  # the unique index on (company, year) serves it
    )
    year = models.PositiveSmallIntegerField(_("year"))
    employees_fte = models.DecimalField(
        _("full-time equivalents"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    turnover_dkk = models.BigIntegerField(_("turnover (DKK)"), null=True, blank=True)
    value_added_dkk = models.BigIntegerField(_("value added (DKK)"), null=True, blank=True)
    exports_dkk = models.BigIntegerField(_("exports (DKK)"), null=True, blank=True)
    wage_bill_dkk = models.BigIntegerField(_("wage bill (DKK)"), null=True, blank=True)

    class Meta:
        ordering = ["company", "year"]
        verbose_name = _("yearly figures")
        verbose_name_plural = _("yearly figures")
        constraints = [
            models.UniqueConstraint(fields=["company", "year"], name="registry_figures_one_a_year"),
            models.CheckConstraint(
                condition=models.Q(employees_fte__isnull=True) | models.Q(employees_fte__gte=0),
                name="registry_figures_fte_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(year__gte=MIN_YEAR), name="registry_figures_year_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.company_id} {self.year}"

    @property
    def productivity_dkk(self) -> int | None:
        """Value added per full-time equivalent, in DKK (derived, not stored)."""
        if self.value_added_dkk is None or not self.employees_fte:
            return None
        return int(Decimal(self.value_added_dkk) / self.employees_fte)
