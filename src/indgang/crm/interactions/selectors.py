"""Reads of interactions, scoped to the viewer, and the participations the effect
measurement reads.
"""

from django.db.models import Min, Prefetch, Q, QuerySet

from indgang.crm.models import (
    Interaction,
    Participant,
)
from indgang.crm.permissions import content_q
from indgang.crm.reading import logged, readable_rows
from indgang.organisations.public import Viewer
from indgang.registry.public import Company


def interactions_of(
    viewer: Viewer, company: Company, channel: str = "", limit: int = 200
) -> list[Interaction]:
    rows = list(
        readable_rows(Interaction, viewer)
        .filter(company=company)
        .select_related("consultant", "offer", "company")  # the access log names its CVR
        .prefetch_related("themes", "contacts")
        .order_by("-date", "-pk")[:limit]
    )
    return logged(viewer, rows, channel)


def interaction(viewer: Viewer, pk: int, channel: str = "") -> Interaction | None:
    """An interaction with its note. Entrepreneurs' interactions follow their owner's rule;
    group events show their participants."""
    row = (
        Interaction.objects.filter(
            content_q(viewer) | Q(entrepreneur__organisation_id=viewer.organisation_id)
            if viewer.reads_content
            else Q(pk__in=[])
        )
        .filter(pk=pk)
        .select_related("organisation", "consultant", "company", "entrepreneur", "offer")
        .prefetch_related(
            "themes",
            "contacts",
            Prefetch("participants", Participant.objects.select_related("company", "entrepreneur")),
        )
        .first()
    )
    return logged(viewer, [row], channel)[0] if row else None


def my_interactions(
    viewer: Viewer, *, type: str = "", date_from=None, date_to=None, cvr: str = ""
) -> QuerySet[Interaction]:
    """My organisation's interactions, filtered; for lists without notes (not logged)."""
    if not viewer.reads_content:
        return Interaction.objects.none()
    rows = Interaction.objects.filter(organisation_id=viewer.organisation_id)
    if type:
        rows = rows.filter(type=type)
    if date_from:
        rows = rows.filter(date__gte=date_from)
    if date_to:
        rows = rows.filter(date__lte=date_to)
    if cvr:
        rows = rows.filter(company__cvr=cvr)
    return (
        rows.select_related("company", "consultant")
        .prefetch_related("themes")
        .order_by("-date", "-pk")
    )


def recent_interactions(viewer: Viewer, limit: int = 20) -> list[Interaction]:
    """My organisation's latest interactions, for the start page (shown without notes)."""
    if not viewer.reads_content:
        return []
    return list(
        Interaction.objects.filter(organisation_id=viewer.organisation_id)
        .select_related("company", "entrepreneur", "consultant")
        .prefetch_related("themes")
        .order_by("-date", "-pk")[:limit]
    )


def participation_rows():
    """Participations for effect measurement: the first date each registered company used
    each offer (an interaction about the offer, or taking part in an event about it).

    Yields dicts with cvr, offer_id, operator_id, level and start_date. Aggregate data:
    no notes or personal data leave the CRM here.
    """
    firsts: dict[tuple[str, str], dict] = {}
    direct = (
        Interaction.objects.filter(offer__isnull=False, company__isnull=False)
        .values("company__cvr", "offer_id", "offer__operator_id", "offer__level")
        .annotate(start=Min("date"))
    )
    group = (
        Participant.objects.filter(interaction__offer__isnull=False, company__isnull=False)
        .values(
            "company__cvr",
            "interaction__offer_id",
            "interaction__offer__operator_id",
            "interaction__offer__level",
        )
        .annotate(start=Min("interaction__date"))
    )
    for row in direct:
        _keep_first(
            firsts,
            row["company__cvr"],
            row["offer_id"],
            row["offer__operator_id"],
            row["offer__level"],
            row["start"],
        )
    for row in group:
        _keep_first(
            firsts,
            row["company__cvr"],
            row["interaction__offer_id"],
            row["interaction__offer__operator_id"],
            row["interaction__offer__level"],
            row["start"],
        )
    return sorted(firsts.values(), key=lambda r: (r["start_date"], r["cvr"], r["offer_id"]))


def _keep_first(firsts, cvr, offer_id, operator_id, level, start) -> None:
    key = (cvr, offer_id)
    if key not in firsts or start < firsts[key]["start_date"]:
        firsts[key] = {
            "cvr": cvr,
            "offer_id": offer_id,
            "operator_id": operator_id,
            "level": level,
            "start_date": start,
        }
