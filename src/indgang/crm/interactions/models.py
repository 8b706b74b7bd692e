"""Interactions (vejledning, forløb, arrangementer) and the companies and
entrepreneurs taking part in group interactions.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from indgang.crm.records import PersonalData, Versioned, subject_fields


class InteractionType(models.TextChoices):
    ONE_TO_ONE = "one_to_one", _("One-to-one guidance")
    OUTREACH_VISIT = "outreach_visit", _("Outreach visit")
    PHONE = "phone", _("Phone call")
    EMAIL = "email", _("Email")
    EVENT = "event", _("Event")
    COURSE = "course", _("Course")
    NETWORK_MEETING = "network_meeting", _("Network meeting")
    COURSE_SERIES = "course_series", _("Course of several sessions")


# Types where several companies take part: they have participants, not one company.
GROUP_TYPES = (
    InteractionType.EVENT,
    InteractionType.COURSE,
    InteractionType.NETWORK_MEETING,
    InteractionType.COURSE_SERIES,
)

# The kinds of guidance after which a satisfaction survey may be sent (goals' surveys).
SURVEY_TYPES = (
    InteractionType.ONE_TO_ONE,
    InteractionType.COURSE,
    InteractionType.COURSE_SERIES,
    InteractionType.EVENT,
)


class Interaction(PersonalData, Versioned):
    """Guidance given: a session, visit, call, email, event, course or network meeting.

    One-to-one kinds concern one company (or entrepreneur); group kinds (GROUP_TYPES)
    have participants instead, and may also name a main company.
    """

    type = models.CharField(_("type"), max_length=24, choices=InteractionType.choices)
    date = models.DateField(_("date"), db_index=True)
    consultant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("consultant"),
    )
    company, entrepreneur = subject_fields("interactions")
    title = models.CharField(_("title"), max_length=200, blank=True)
    contacts = models.ManyToManyField(
        "crm.ContactPerson",
        blank=True,
        related_name="interactions",
        verbose_name=_("contact persons"),
    )
    themes = models.ManyToManyField(
        "catalog.Theme", blank=True, related_name="+", verbose_name=_("themes")
    )
    offer = models.ForeignKey(
        "catalog.Offer",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="interactions",
        verbose_name=_("offer"),
    )
    note = models.TextField(_("note"), blank=True)
    # The record's id in the operator's former system, so a CRM import can run twice.
    external_id = models.CharField(_("id in the source system"), max_length=100, blank=True)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("interaction")
        verbose_name_plural = _("interactions")
        indexes = [
            # The operator's activity, read from the index alone: the goals' cache stamp
            # (count, newest id and summed edit versions since a date) at national size.
            models.Index(
                fields=["organisation", "date", "id", "version"], name="crm_interaction_activity"
            ),
            models.Index(fields=["company", "date"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "external_id"],
                condition=~Q(external_id=""),
                name="crm_interaction_external_id_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_type_display()} {self.date}"


class Participant(models.Model):
    """A company or entrepreneur taking part in an event or course."""

    interaction = models.ForeignKey(
        "crm.Interaction", on_delete=models.CASCADE, related_name="participants"
    )
    company, entrepreneur = subject_fields("participations", verbose=False)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.CheckConstraint(
                condition=Q(company__isnull=False) | Q(entrepreneur__isnull=False),
                name="crm_participant_has_subject",
            ),
            models.UniqueConstraint(
                fields=["interaction", "company"], name="crm_participant_company_once"
            ),
            models.UniqueConstraint(
                fields=["interaction", "entrepreneur"], name="crm_participant_entrepreneur_once"
            ),
        ]

    def __str__(self) -> str:
        return str(self.company or self.entrepreneur)
