"""Reads of entrepreneurs, for their own operator."""

from django.db.models import Q, QuerySet

from indgang.crm.models import (
    Entrepreneur,
    Interaction,
)
from indgang.crm.reading import logged
from indgang.organisations.public import Viewer


def entrepreneurs(viewer: Viewer, query: str = "") -> QuerySet[Entrepreneur]:
    """The viewer's organisation's entrepreneurs (a list of names: not logged per row)."""
    if not viewer.reads_content:
        return Entrepreneur.objects.none()
    rows = Entrepreneur.objects.filter(
        organisation_id=viewer.organisation_id, anonymised_at__isnull=True
    )
    if query:
        rows = rows.filter(Q(name__icontains=query) | Q(email__icontains=query))
    return rows.select_related("company", "municipality").order_by("name")


def entrepreneur(viewer: Viewer, pk: int, channel: str = "") -> Entrepreneur | None:
    row = entrepreneurs(viewer).filter(pk=pk).first()
    return logged(viewer, [row], channel)[0] if row else None


def entrepreneur_interactions(viewer: Viewer, entrepreneur: Entrepreneur) -> list[Interaction]:
    return list(
        Interaction.objects.filter(
            Q(entrepreneur=entrepreneur) | Q(participants__entrepreneur=entrepreneur)
        )
        .filter(organisation_id=viewer.organisation_id)
        .distinct()
        .prefetch_related("themes")
        .order_by("-date")
    )
