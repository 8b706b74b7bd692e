"""Every read in the CRM, scoped to the viewer asking (see ``crm/permissions.py``).

Functions that return notes or personal data write one access-log row per record
returned (``indgang.audit``), so the data protection officer can see who read what.
Timelines and worklists carry no content and are not logged.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Exists, Max, Min, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from indgang.audit.models import Action
from indgang.audit.services import record as audit
from indgang.crm.models import (
    UNANSWERED,
    CompanySegment,
    Consent,
    ContactPerson,
    Entrepreneur,
    Interaction,
    InteractionType,
    NeedsAssessment,
    Notification,
    Participant,
    Referral,
    ReferralStatus,
    Segment,
)
from indgang.crm.permissions import Viewer, content_q, referral_q
from indgang.crm.workdays import years_before
from indgang.registry.models import Company


def _logged(viewer: Viewer, records: list, channel: str = "") -> list:
    if records:
        audit(
            person=viewer.person,
            acting_organisation_id=viewer.organisation_id,
            action=Action.READ,
            records=records,
            channel=channel or "web",
        )
    return records


# --- The timeline: visible to every operator's staff ------------------------------------


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


def consents_of(viewer: Viewer, company: Company) -> QuerySet[Consent]:
    if not viewer.is_staff:
        return Consent.objects.none()
    return company.consents.select_related("organisation").order_by("-given_at")


def consent(viewer: Viewer, pk: int) -> Consent | None:
    if not viewer.is_staff:
        return None
    return Consent.objects.filter(pk=pk).select_related("company").first()


def has_sharing_consent(company: Company) -> bool:
    return company.consents.filter(withdrawn_at__isnull=True).exists()


# --- Content: only what the viewer may read, each read logged ---------------------------


def _content(model, viewer: Viewer):
    return model.objects.filter(content_q(viewer)).select_related("organisation")


def contact_persons(viewer: Viewer, company: Company, channel: str = "") -> list[ContactPerson]:
    rows = list(
        _content(ContactPerson, viewer)
        .filter(company=company, anonymised_at__isnull=True)
        .order_by("name")
    )
    return _logged(viewer, rows, channel)


def contact_person(viewer: Viewer, pk: int, channel: str = "") -> ContactPerson | None:
    row = _content(ContactPerson, viewer).filter(pk=pk).select_related("company").first()
    return _logged(viewer, [row], channel)[0] if row else None


def interactions_of(
    viewer: Viewer, company: Company, channel: str = "", limit: int = 200
) -> list[Interaction]:
    rows = list(
        _content(Interaction, viewer)
        .filter(company=company)
        .select_related("consultant", "offer")
        .prefetch_related("themes", "contacts")
        .order_by("-date", "-pk")[:limit]
    )
    return _logged(viewer, rows, channel)


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
    return _logged(viewer, [row], channel)[0] if row else None


def needs_assessments_of(viewer: Viewer, company: Company, channel: str = "") -> list:
    rows = list(
        _content(NeedsAssessment, viewer)
        .filter(company=company)
        .select_related("consultant")
        .prefetch_related("expressed_themes", "observed_themes")
    )
    return _logged(viewer, rows, channel)


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
    return _logged(viewer, [row], channel)[0] if row else None


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
    return _logged(viewer, [row], channel)[0] if row else None


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


# --- Referrals ---------------------------------------------------------------------------


def referrals(viewer: Viewer, *, direction: str = "all", status: str = "") -> QuerySet[Referral]:
    """Referrals sent by or to the viewer's organisation (the list shows no notes)."""
    rows = Referral.objects.filter(referral_q(viewer))
    if direction == "in":
        rows = rows.filter(to_organisation_id=viewer.organisation_id)
    elif direction == "out":
        rows = rows.filter(organisation_id=viewer.organisation_id, from_company=False)
    if status:
        rows = rows.filter(status=status)
    return rows.select_related(
        "organisation",
        "to_organisation",
        "to_person",
        "company",
        "entrepreneur",
        "offer",
        "contact_request",
    ).order_by("-created_at", "-pk")


def referral(viewer: Viewer, pk: int, channel: str = "") -> Referral | None:
    row = (
        referrals(viewer)
        .filter(pk=pk)
        .select_related("sent_by", "contact_request", "completed_interaction")
        .prefetch_related("themes", "events__by")
        .first()
    )
    return _logged(viewer, [row], channel)[0] if row else None


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


# --- Worklists ---------------------------------------------------------------------------


def waiting_for_me(viewer: Viewer) -> QuerySet[Referral]:
    """Referrals to my organisation that await an answer: to me by name, or to nobody in
    particular."""
    if not viewer.writes:
        return Referral.objects.none()
    return referrals(viewer, direction="in").filter(
        Q(to_person=viewer.person) | Q(to_person__isnull=True),
        status__in=(*UNANSWERED, ReferralStatus.ACCEPTED),
    )


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


# --- For other parts of the system -------------------------------------------------------


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
