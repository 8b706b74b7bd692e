"""Events and courses (arrangementer og kurser), their sessions and the sign-ups.

An event belongs to one operator and may have co-hosts; its eligibility has the shape of an
offer's (``catalog``'s file schema). A sign-up needs no login: the person is known by name and
email, and optionally the company's CVR number. Models hold data and invariants only; the
workflows (capacity, waiting list, emails, attendance) are in ``services.py``.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    # The same words as the CRM's group interactions: attendance becomes one of them.
    EVENT = "event", _("Event")
    COURSE = "course", _("Course")
    COURSE_SERIES = "course_series", _("Course of several sessions")
    NETWORK_MEETING = "network_meeting", _("Network meeting")


class Event(models.Model):
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="events",
        verbose_name=_("operator"),
    )
    co_hosts = models.ManyToManyField(
        "organisations.Organisation",
        blank=True,
        related_name="co_hosted_events",
        verbose_name=_("co-hosts"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.EVENT)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    municipality = models.ForeignKey(
        "reference.Municipality",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("municipality"),
    )
    capacity = models.PositiveIntegerField(_("capacity"))
    price_dkk = models.PositiveIntegerField(_("price (DKK)"), default=0)
    themes = models.ManyToManyField(
        "catalog.Theme", blank=True, related_name="+", verbose_name=_("themes")
    )
    offer = models.ForeignKey(
        "catalog.Offer",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("offer"),
    )
    signup_deadline = models.DateTimeField(_("sign-up deadline"), null=True, blank=True)
    # Who may join: the shape of an offer's eligibility (catalog file schema).
    age_min = models.PositiveIntegerField(_("minimum company age (years)"), null=True, blank=True)
    age_max = models.PositiveIntegerField(_("maximum company age (years)"), null=True, blank=True)
    employees_min = models.PositiveIntegerField(_("minimum employees"), null=True, blank=True)
    employees_max = models.PositiveIntegerField(_("maximum employees"), null=True, blank=True)
    turnover_min = models.BigIntegerField(_("minimum turnover (DKK)"), null=True, blank=True)
    turnover_max = models.BigIntegerField(_("maximum turnover (DKK)"), null=True, blank=True)
    sectors = models.JSONField(_("sectors (DB07 sections)"), default=list, blank=True)
    requires_cvr = models.BooleanField(_("requires a CVR number"), default=False)
    growth_ambition_required = models.BooleanField(_("requires growth ambitions"), default=False)
    other_conditions = models.TextField(_("other conditions"), blank=True)
    # First session's start, kept with the sessions so the calendar can sort and filter.
    starts_at = models.DateTimeField(_("starts"), db_index=True)
    ends_at = models.DateTimeField(_("ends"))
    # The CRM group interaction that the attendance became (crm.public).
    interaction_id = models.BigIntegerField(_("CRM interaction"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def __str__(self):
        return self.title


class Session(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sessions")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    online_url = models.URLField(_("online link"), max_length=500, blank=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="events_session_ends_after"
            )
        ]

    def __str__(self):
        return f"{self.event_id}: {self.starts_at:%Y-%m-%d %H:%M}"


class Status(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    WAITLISTED = "waitlisted", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")


class SignUp(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="signups")
    reference = models.CharField(_("reference"), max_length=16, unique=True)
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"))
    cvr = models.CharField(_("CVR number"), max_length=8, blank=True)
    company_name = models.CharField(_("company"), max_length=300, blank=True)
    consent_text = models.TextField(_("consent given to"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    attended = models.BooleanField(_("came"), default=False)
    created_at = models.DateTimeField(_("signed up"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminded"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("sign-up")
        verbose_name_plural = _("sign-ups")
        constraints = [
            # The same person cannot sign up twice for one event (unless they cancelled).
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=~Q(status="cancelled") & Q(anonymised_at__isnull=True),
                name="events_one_signup_per_person",
            )
        ]

    def __str__(self):
        return self.reference
