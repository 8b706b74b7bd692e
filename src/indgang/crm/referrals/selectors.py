"""Reads of referrals, scoped to sender and receiver, with the worklists and
notifications that follow them.
"""

from django.db.models import Q, QuerySet
from django.utils import timezone

from indgang.crm.models import (
    UNANSWERED,
    Interaction,
    Notification,
    Referral,
    ReferralStatus,
)
from indgang.crm.permissions import referral_q
from indgang.crm.reading import logged
from indgang.crm.referrals.models import contact_request_pk
from indgang.organisations.public import Organisation, Viewer, memberships_of


def referrals(
    viewer: Viewer, *, direction: str = "all", status: str = "", reference: str = ""
) -> QuerySet[Referral]:
    """Referrals sent by or to the viewer's organisation (the list shows no notes); with a
    reference, the one a company's contact request got on its receipt."""
    rows = Referral.objects.filter(referral_q(viewer))
    if reference:
        pk = contact_request_pk(reference)
        rows = rows.filter(contact_request_id=pk) if pk else rows.none()
    if direction == "in":
        rows = rows.filter(to_organisation_id=viewer.organisation_id)
    elif direction == "out":
        rows = rows.filter(organisation_id=viewer.organisation_id, from_company=False)
    if status:
        rows = rows.filter(status=status)
    # Joined: what every row shows. The rarer entrepreneur and contact request come in a
    # query each, only when a row of the page has one: PostgreSQL spent 10-40 ms planning
    # the join of all seven, ten times the time it took to run it.
    return (
        rows.select_related("organisation", "to_organisation", "to_person", "company")
        .prefetch_related("entrepreneur", "contact_request")
        .order_by("-created_at", "-pk")
    )


def newest_page(viewer: Viewer, rows: QuerySet[Referral], offset: int, limit: int) -> list:
    """One page of ``rows`` (from ``referrals``), newest first. Sent or received is an OR no
    index can order, so the database sorted every referral of the organisation for each
    page (0.3-0.8 s for tens of thousands nationally); each side is read in its own index
    order instead (crm_referral_org_newest, crm_referral_to_org_newest), only as far as the
    page reaches, and the two merged."""
    end = offset + limit
    keys = set()
    for side in ("organisation_id", "to_organisation_id"):
        side_rows = rows.filter(**{side: viewer.organisation_id}).order_by("-created_at", "-pk")
        keys.update(side_rows.values_list("created_at", "pk")[:end])
    page = [pk for _created, pk in sorted(keys, reverse=True)[offset:end]]
    found = rows.in_bulk(page)
    return [found[pk] for pk in page]


def referral(viewer: Viewer, pk: int, channel: str = "") -> Referral | None:
    row = (
        referrals(viewer)
        .filter(pk=pk)
        .select_related("sent_by", "completed_interaction")
        .prefetch_related("offer", "themes", "events__by")
        .first()
    )
    return logged(viewer, [row], channel)[0] if row else None


def organisation_holding(viewer: Viewer, pk: int) -> Organisation | None:
    """Another organisation the viewer's person works for where the referral ``pk`` may be
    read: a notification may point to a referral of the organisation they are not acting
    for now. None when there is none (or the referral does not exist)."""
    if viewer.person is None:
        return None
    for membership in memberships_of(viewer.person).exclude(organisation_id=viewer.organisation_id):
        there = Viewer(viewer.person, membership.organisation_id, membership.role)
        if Referral.objects.filter(referral_q(there), pk=pk).exists():
            return membership.organisation
    return None


def completing_interactions(viewer: Viewer, referral: Referral) -> list[Interaction]:
    """The viewer's organisation's interactions that can complete a referral: those with its
    company or entrepreneur, or, when the company asked through the one entry without a CVR
    number, any logged since the request arrived (the consultant picks the right one)."""
    rows = Interaction.objects.filter(organisation_id=viewer.organisation_id)
    if referral.company_id:
        rows = rows.filter(company_id=referral.company_id)
    elif referral.entrepreneur_id:
        rows = rows.filter(entrepreneur_id=referral.entrepreneur_id)
    else:
        rows = rows.filter(date__gte=timezone.localdate(referral.created_at))
    return list(rows.select_related("company", "entrepreneur").order_by("-date", "-pk")[:20])


def waiting_for_me(viewer: Viewer) -> QuerySet[Referral]:
    """Referrals to my organisation that await an answer: to me by name, or to nobody in
    particular."""
    if not viewer.writes:
        return Referral.objects.none()
    return referrals(viewer, direction="in").filter(
        Q(to_person=viewer.person) | Q(to_person__isnull=True),
        status__in=(*UNANSWERED, ReferralStatus.ACCEPTED),
    )


def unanswered_for_manager(viewer: Viewer) -> QuerySet[Referral]:
    """Referrals to my organisation flagged as unanswered after 5 working days."""
    if not viewer.manages:
        return Referral.objects.none()
    return referrals(viewer, direction="in").filter(
        status__in=UNANSWERED, overdue_flagged_at__isnull=False
    )


def notifications(person, unread_only: bool = False) -> QuerySet[Notification]:
    rows = Notification.objects.filter(person=person).select_related(
        "referral__organisation", "referral__to_organisation", "referral__company"
    )
    if unread_only:
        rows = rows.filter(read_at__isnull=True)
    return rows
