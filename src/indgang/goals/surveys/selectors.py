"""Reads for satisfaction surveys: the invitations sent, the guidance still without a survey,
and the year's summary."""

from datetime import timedelta

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from indgang.crm import public as crm_public
from indgang.goals.contracts import engine
from indgang.goals.surveys.models import SatisfactionResponse, SurveyInvitation
from indgang.organisations.public import Viewer


def survey_invitations(viewer: Viewer) -> QuerySet[SurveyInvitation]:
    if not viewer.is_staff:
        return SurveyInvitation.objects.none()
    return (
        SurveyInvitation.objects.filter(organisation_id=viewer.organisation_id)
        .select_related("interaction", "response")
        .order_by("-sent_at", "-pk")
    )


def surveyable_interactions(viewer: Viewer, types, days: int = 60, limit: int = 30):
    """The organisation's recent guidance no survey has been sent for yet."""
    if not viewer.writes:
        return []
    since = timezone.localdate() - timedelta(days=days)
    return list(
        crm_public.interactions()
        .filter(
            organisation_id=viewer.organisation_id,
            type__in=list(types),
            date__gte=since,
            date__lte=timezone.localdate(),
            survey_invitations__isnull=True,
        )
        .select_related("company", "entrepreneur")
        .order_by("-date", "-pk")[:limit]
    )


def survey_summary(organisation_id: str, year: int) -> dict:
    row = SatisfactionResponse.objects.filter(
        invitation__organisation_id=organisation_id, invitation__interaction__date__year=year
    ).aggregate(total=Count("pk"), satisfied=Count("pk", filter=Q(score__gte=4)))
    sent = SurveyInvitation.objects.filter(
        organisation_id=organisation_id, interaction__date__year=year
    ).count()
    return {**row, "sent": sent, "share": engine.share(row["satisfied"], row["total"])}
