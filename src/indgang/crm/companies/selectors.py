"""Reads of a company's file, scoped to the viewer: the timeline every operator sees,
contact persons and needs assessments (content, logged), the funnel and the worklists.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Exists, Max, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from indgang.crm.models import (
    CompanySegment,
    ContactPerson,
    Interaction,
    InteractionType,
    NeedsAssessment,
    Referral,
    Segment,
)
from indgang.crm.permissions import content_q, referral_q
from indgang.crm.reading import logged, readable_rows
from indgang.crm.workdays import years_before
from indgang.organisations.public import Viewer
from indgang.registry.public import Company


@dataclass(frozen=True)
class TimelineEntry:
    date: date
    kind: str  # "interaction" or "referral"
    operator_id: str
    operator_name: str
    type_label: str
    themes: list[str]
    # Set only where the viewer may read the record's content (their own, shared, received).
    record_id: int | None = None


def company_timeline(viewer: Viewer, company: Company) -> list[TimelineEntry]:
    """Who was in contact with ``company``, when and about what: every operator's
    interactions and referrals, without their content. Includes the interactions of
    entrepreneurs who later founded it, and the events it took part in."""
    if not viewer.is_staff:
        return []
    readable = set(
        Interaction.objects.filter(content_q(viewer))
        .filter(company=company)
        .values_list("pk", flat=True)
    )
    interactions = (
        Interaction.objects.filter(
            Q(company=company) | Q(entrepreneur__company=company) | Q(participants__company=company)
        )
        .distinct()
        .select_related("organisation")
        .prefetch_related("themes")
        .order_by("-date", "-pk")
    )
    entries = [
        TimelineEntry(
            date=i.date,
            kind="interaction",
            operator_id=i.organisation_id,
            operator_name=i.organisation.name,
            type_label=str(i.get_type_display()),
            themes=[str(t) for t in i.themes.all()],
            record_id=i.pk
            if (i.pk in readable or i.organisation_id == viewer.organisation_id)
            and viewer.reads_content
            else None,
        )
        for i in interactions
    ]
    referrals = (
        Referral.objects.filter(company=company)
        .select_related("organisation", "to_organisation")
        .prefetch_related("themes")
    )
    readable_referrals = set(
        Referral.objects.filter(referral_q(viewer), company=company).values_list("pk", flat=True)
    )
    for r in referrals:
        receiver = r.to_organisation.name if r.to_organisation else _("a private adviser")
        entries.append(
            TimelineEntry(
                date=timezone.localtime(r.created_at).date(),
                kind="referral",
                operator_id=r.organisation_id,
                operator_name=r.organisation.name,
                type_label=_("Referral to %(receiver)s (%(status)s)")
                % {"receiver": receiver, "status": r.get_status_display().lower()}
                if not r.from_company
                else _("The company asked for contact through the one entry"),
                themes=[str(t) for t in r.themes.all()],
                record_id=r.pk if r.pk in readable_referrals else None,
            )
        )
    entries.sort(key=lambda e: (e.date, e.kind), reverse=True)
    return entries


def key_accounts(company: Company) -> QuerySet[CompanySegment]:
    """Every operator's funnel placement of ``company``, key account owners included."""
    return company.segments.select_related("organisation", "key_account_owner").order_by(
        "-segment", "organisation__name"
    )


def segment_of(viewer: Viewer, company: Company) -> CompanySegment | None:
    if not viewer.is_staff:
        return None
    return company.segments.filter(organisation_id=viewer.organisation_id).first()


def contact_persons(viewer: Viewer, company: Company, channel: str = "") -> list[ContactPerson]:
    rows = list(
        readable_rows(ContactPerson, viewer)
        .filter(company=company, anonymised_at__isnull=True)
        .order_by("name")
    )
    return logged(viewer, rows, channel)


def contact_person(viewer: Viewer, pk: int, channel: str = "") -> ContactPerson | None:
    row = readable_rows(ContactPerson, viewer).filter(pk=pk).select_related("company").first()
    return logged(viewer, [row], channel)[0] if row else None


def needs_assessments_of(viewer: Viewer, company: Company, channel: str = "") -> list:
    rows = list(
        readable_rows(NeedsAssessment, viewer)
        .filter(company=company)
        .select_related("consultant")
        .prefetch_related("expressed_themes", "observed_themes")
    )
    return logged(viewer, rows, channel)


def needs_assessment(viewer: Viewer, pk: int, channel: str = "") -> NeedsAssessment | None:
    row = (
        NeedsAssessment.objects.filter(
            (content_q(viewer) | Q(entrepreneur__organisation_id=viewer.organisation_id))
            if viewer.reads_content
            else Q(pk__in=[])
        )
        .filter(pk=pk)
        .select_related("organisation", "consultant", "company", "entrepreneur")
        .prefetch_related("expressed_themes", "observed_themes")
        .first()
    )
    return logged(viewer, [row], channel)[0] if row else None


def prioritised_without_talk(viewer: Viewer, today: date | None = None) -> QuerySet[Company]:
    """Companies my organisation prioritises (or holds as key accounts) that nobody in my
    organisation has offered a one-to-one talk or outreach visit in the last three years."""
    if not viewer.is_staff:
        return Company.objects.none()
    today = today or timezone.localdate()
    since = years_before(today, 3)
    talked = Interaction.objects.filter(
        company=OuterRef("pk"),
        organisation_id=viewer.organisation_id,
        type__in=(InteractionType.ONE_TO_ONE, InteractionType.OUTREACH_VISIT),
        date__gte=since,
    )
    return (
        Company.objects.filter(
            segments__organisation_id=viewer.organisation_id,
            segments__segment__in=(Segment.PRIORITISED, Segment.KEY_ACCOUNT),
        )
        .exclude(Exists(talked))
        .select_related("municipality")
        .order_by("name")
    )


def my_companies_without_contact(viewer: Viewer, today: date | None = None):
    """My key accounts that nobody in my organisation was in contact with for a year."""
    if not viewer.is_staff:
        return Company.objects.none()
    today = today or timezone.localdate()
    return (
        Company.objects.filter(
            segments__organisation_id=viewer.organisation_id,
            segments__key_account_owner=viewer.person,
        )
        .annotate(
            last_contact=Max(
                "interactions__date",
                filter=Q(interactions__organisation_id=viewer.organisation_id),
            )
        )
        .filter(Q(last_contact__isnull=True) | Q(last_contact__lt=today - timedelta(days=365)))
        .select_related("municipality")
        .order_by("last_contact", "name")
    )
