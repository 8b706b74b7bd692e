"""Operators (organisations), the people who work in them and their roles."""

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OrganisationType(models.TextChoices):
    ERHVERVSHUS = "erhvervshus", _("Erhvervshus")
    LOKAL_ERHVERVSSERVICE = "lokal_erhvervsservice", _("Local business service")
    STATSLIG = "statslig", _("State agency")
    KLYNGE = "klynge", _("Cluster")
    GTS = "gts", _("GTS institute")
    VIDENINSTITUTION = "videninstitution", _("Knowledge institution")
    EU_PROGRAM = "eu_program", _("EU programme")
    PRIVAT = "privat", _("Private operator")


class Level(models.TextChoices):
    NATIONAL = "national", _("National")
    DECENTRAL = "decentral", _("Decentral")
    LOKAL = "lokal", _("Local")


class Organisation(models.Model):
    """An operator in the business promotion system.

    ``id`` is a stable slug ("eh-midtjylland"): other systems and the catalog file
    format link to operators by it.
    """

    id = models.SlugField(_("id"), max_length=80, primary_key=True)
    name = models.CharField(_("name"), max_length=200)
    type = models.CharField(_("type"), max_length=32, choices=OrganisationType.choices)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    municipality = models.ForeignKey(
        "reference.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("municipality"),
    )
    region = models.ForeignKey(
        "reference.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("region"),
    )
    municipalities_served = models.ManyToManyField(
        "reference.Municipality",
        blank=True,
        related_name="operators",
        verbose_name=_("municipalities served"),
    )
    url = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("email"), blank=True)
    is_national_board = models.BooleanField(
        _("national board"),
        default=False,
        help_text=_("Its analysts may read aggregates across all organisations."),
    )
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class PersonManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **extra):
        if not email:
            raise ValueError("email is required")
        person = self.model(email=self.normalize_email(email).lower(), **extra)
        person.set_password(password)
        person.save(using=self._db)
        return person

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **extra)


class Person(AbstractBaseUser, PermissionsMixin):
    """Someone who logs in: a consultant, manager, admin or analyst. Logs in by email."""

    email = models.EmailField(_("email"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200)
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(
        _("system administrator"),
        default=False,
        help_text=_("May use Django's admin site."),
    )
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)
    is_demo = models.BooleanField(_("demo data"), default=False)

    objects = PersonManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class Role(models.TextChoices):
    CONSULTANT = "consultant", _("Consultant")
    MANAGER = "manager", _("Manager")
    ADMIN = "admin", _("Administrator")
    ANALYST = "analyst", _("Analyst")


class Membership(models.Model):
    """A person's role in one organisation. A person may belong to several."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("person")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["organisation__name", "person__full_name"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["person", "organisation"], name="one_role_per_org"),
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.organisation} ({self.get_role_display()})"


class ApiToken(models.Model):
    """A per-person bearer token for operators' own systems (``Authorization: Bearer ...``).

    Only a SHA-256 hash of the key is stored; the key is shown once when made
    (``indgang create_api_token``). A token carries its person's permissions.
    """

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("person")
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=8, db_index=True)
    key_hash = models.CharField(_("key hash"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.person} – {self.name} ({self.prefix}…)"
