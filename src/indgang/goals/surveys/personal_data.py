"""A person's data in the satisfaction surveys: the invitations sent to their email and
what they answered. Gathered, erased and retained by ``indgang.privacy`` with the rest of a
person's data."""

from django.db import transaction

from indgang.goals.surveys.models import SatisfactionResponse, SurveyInvitation

# An erased address keeps the invitation unique per interaction (one survey per person).
ERASED_DOMAIN = "@anonymiseret.invalid"


def _erase(invitations) -> int:
    rows = list(invitations)
    for invitation in rows:
        invitation.email = f"slettet-{invitation.pk}{ERASED_DOMAIN}"
        invitation.contact = None
        invitation.entrepreneur = None
    SurveyInvitation.objects.bulk_update(rows, ["email", "contact", "entrepreneur"], 500)
    return len(rows)


def survey_person_data(organisation_id: str, email: str) -> list[dict]:
    invitations = (
        SurveyInvitation.objects.filter(organisation_id=organisation_id, email__iexact=email)
        .select_related("interaction", "response")
        .order_by("sent_at")
    )
    rows = []
    for invitation in invitations:
        response = getattr(invitation, "response", None)
        rows.append(
            {
                "email": invitation.email,
                "sent_at": invitation.sent_at.isoformat(),
                "about_the_interaction_of": invitation.interaction.date.isoformat(),
                "score": response.score if response else None,
                "comment": response.comment if response else None,
            }
        )
    return rows


@transaction.atomic
def erase_survey_person_data(organisation_id: str, email: str) -> int:
    """The email and the comment go; the score stays countable for the satisfaction rate."""
    invitations = SurveyInvitation.objects.filter(
        organisation_id=organisation_id, email__iexact=email
    )
    ids = list(invitations.values_list("pk", flat=True))
    SatisfactionResponse.objects.filter(invitation_id__in=ids).update(comment="")
    return _erase(invitations)


def anonymise_expired_surveys(cutoff) -> int:
    """Survey invitations sent before ``cutoff`` lose their email, and answers their comment
    (retention: the same five years as the CRM's records)."""
    old = SurveyInvitation.objects.filter(sent_at__date__lt=cutoff).exclude(
        email__endswith=ERASED_DOMAIN
    )
    ids = list(old.values_list("pk", flat=True))
    SatisfactionResponse.objects.filter(invitation_id__in=ids).exclude(comment="").update(
        comment=""
    )
    return _erase(SurveyInvitation.objects.filter(pk__in=ids))
