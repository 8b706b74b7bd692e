"""Satisfaction surveys sent after guidance, and their answers."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class SurveyInvitation(models.Model):
    """A satisfaction survey sent after guidance; only the token's SHA-256 is stored."""

    interaction = models.ForeignKey(
        "crm.Interaction", on_delete=models.CASCADE, related_name="survey_invitations"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("operator"),
    )
    contact = models.ForeignKey(
        "crm.ContactPerson", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    entrepreneur = models.ForeignKey(
        "crm.Entrepreneur", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
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
