"""Reads of the one entry, scoped to the person asking."""

from django.db.models import QuerySet

from indgang.guide.models import ContactRequest


def inbox(person, organisation_id: str | None) -> QuerySet[ContactRequest]:
    """Contact requests sent to ``organisation_id``, if the person is a member of it."""
    if not person.is_authenticated or not organisation_id:
        return ContactRequest.objects.none()
    if not person.memberships.filter(organisation_id=organisation_id).exists():
        return ContactRequest.objects.none()
    return (
        ContactRequest.objects.filter(operator_id=organisation_id)
        .prefetch_related("offers")
        .order_by("status", "-created_at")
    )
