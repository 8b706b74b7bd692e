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
    Participant,
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


class CompanyTimeline:
    """Who was in contact with a company, when and about what: every operator's
    interactions and referrals, without their content, newest first. Includes the
    interactions of entrepreneurs who later founded it, and the events it took part in.

    Read a page at a time (``Paginator`` or a slice): the dates of every entry come in two
    light queries on indexes, the details (operator, themes, whether the viewer may open
    the record) only for the entries of the page asked for, in a fixed number of queries.
    """

    def __init__(self, viewer: Viewer, company: Company):
        self.viewer = viewer
        self.company = company
        self._keys: list[tuple] | None = None

    def _sorted_keys(self) -> list[tuple]:
        """(date, kind, ..., pk) of every entry, newest first; on the same day referrals
        before interactions, then the newest record first."""
        if self._keys is None:
            self._keys = [] if not self.viewer.is_staff else self._read_keys()
        return self._keys

    def _read_keys(self) -> list[tuple]:
        company = self.company
        # One index lookup per way a company takes part, instead of an OR over joins
        # (which scanned every interaction).
        ids = (
            Interaction.objects.filter(company=company)
            .order_by()
            .values_list("pk", "date")
            .union(
                Participant.objects.filter(company=company)
                .order_by()
                .values_list("interaction_id", "interaction__date"),
                Interaction.objects.filter(entrepreneur__company=company)
                .order_by()
                .values_list("pk", "date"),
            )
        )
        keys = [(day, "interaction", pk) for pk, day in ids]
        keys.extend(
            (timezone.localtime(at).date(), "referral", at, pk)
            for pk, at in Referral.objects.filter(company=company)
            .order_by()
            .values_list("pk", "created_at")
        )
        keys.sort(reverse=True)
        return keys

    def count(self) -> int:
        return len(self._sorted_keys())

    def __len__(self) -> int:
        return self.count()

    def __iter__(self):
        return iter(self[:])

    def __getitem__(self, index):
        if isinstance(index, slice):
            return self._entries(self._sorted_keys()[index])
        return self._entries([self._sorted_keys()[index]])[0]

    def _entries(self, keys: list[tuple]) -> list[TimelineEntry]:
        viewer, company = self.viewer, self.company
        interaction_ids = [k[-1] for k in keys if k[1] == "interaction"]
        referral_ids = [k[-1] for k in keys if k[1] == "referral"]
        found: dict[tuple[str, int], TimelineEntry] = {}
        if interaction_ids:
            readable = set(
                Interaction.objects.filter(content_q(viewer))
                .filter(company=company, pk__in=interaction_ids)
                .values_list("pk", flat=True)
            )
            for i in (
                Interaction.objects.filter(pk__in=interaction_ids)
                .select_related("organisation")
                .prefetch_related("themes")
            ):
                found["interaction", i.pk] = TimelineEntry(
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
        if referral_ids:
            readable_referrals = set(
                Referral.objects.filter(referral_q(viewer), pk__in=referral_ids).values_list(
                    "pk", flat=True
                )
            )
            for r in (
                Referral.objects.filter(pk__in=referral_ids)
                .select_related("organisation", "to_organisation")
                .prefetch_related("themes")
            ):
                receiver = r.to_organisation.name if r.to_organisation else _("a private adviser")
                found["referral", r.pk] = TimelineEntry(
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
        return [found[k[1], k[-1]] for k in keys if (k[1], k[-1]) in found]


def company_timeline(
    viewer: Viewer, company: Company, offset: int = 0, limit: int | None = None
) -> list[TimelineEntry]:
    """The entries of ``company``'s timeline (``CompanyTimeline``) from ``offset``, at most
    ``limit`` of them (every one without)."""
    end = None if limit is None else offset + limit
    return CompanyTimeline(viewer, company)[offset:end]


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
        .select_related("company")  # the access log and the API name its CVR number
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
        .select_related("consultant", "company")
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
