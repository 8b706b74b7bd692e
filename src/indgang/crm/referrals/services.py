"""Referring a company, answering a referral (received, accepted, declined,
completed), notifications and the reminder of unanswered referrals.
"""

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from indgang.audit.public import Action
from indgang.catalog.public import Offer, Theme
from indgang.core.public import in_system_language
from indgang.crm.models import (
    UNANSWERED,
    Entrepreneur,
    Interaction,
    LegalBasis,
    Notification,
    Referral,
    ReferralEvent,
    ReferralStatus,
)
from indgang.crm.permissions import is_receiver
from indgang.crm.workdays import add_working_days
from indgang.crm.writing import log_change, require_writer, save_versioned, themes_from_codes
from indgang.organisations.public import Membership, Organisation, Person, Role, Viewer
from indgang.registry.public import Company

# A referral nobody answered in this many working days is flagged to the receiver's managers.
ANSWER_WITHIN_WORKING_DAYS = 5


def _notify(people, referral: Referral, kind: str) -> None:
    Notification.objects.bulk_create(
        [Notification(person=p, referral=referral, kind=kind) for p in people]
    )


def _receivers(referral: Referral):
    if referral.to_person_id:
        return [referral.to_person]
    if referral.to_organisation_id is None:
        return []
    return Person.objects.filter(
        memberships__organisation_id=referral.to_organisation_id,
        memberships__role__in=(Role.CONSULTANT, Role.MANAGER, Role.ADMIN),
        is_active=True,
    ).distinct()


@transaction.atomic
def refer_company(
    viewer: Viewer,
    *,
    company: Company | None = None,
    entrepreneur: Entrepreneur | None = None,
    to_organisation: Organisation | None = None,
    to_person: Person | None = None,
    private_adviser: str = "",
    offer: Offer | None = None,
    themes=(),
    reason: str = "",
    company_wants: str = "",
) -> Referral:
    """Refer a company (or entrepreneur) to another operator, a named consultant there, or
    a private adviser. The receivers are notified."""
    require_writer(viewer)
    errors = {}
    if (company is None) == (entrepreneur is None):
        errors["company"] = _("Choose the company or the entrepreneur you refer.")
    if entrepreneur is not None and entrepreneur.organisation_id != viewer.organisation_id:
        errors["entrepreneur"] = _("Unknown entrepreneur.")
    private_adviser = private_adviser.strip()
    if (to_organisation is None) == (not private_adviser):
        errors["to_organisation"] = _("Refer to an operator or to a private adviser, not both.")
    if to_organisation is not None and to_organisation.pk == viewer.organisation_id:
        errors["to_organisation"] = _("You cannot refer a company to your own organisation.")
    if to_person is not None and (
        to_organisation is None
        or not Membership.objects.filter(person=to_person, organisation=to_organisation).exists()
    ):
        errors["to_person"] = _("The consultant must work at the operator you refer to.")
    if (
        offer is not None
        and to_organisation is not None
        and offer.operator_id != to_organisation.pk
    ):
        errors["offer"] = _("The offer must be one of the receiving operator's.")
    if not reason.strip():
        errors["reason"] = _("Say why you refer the company.")
    if errors:
        raise ValidationError(errors)
    referral = Referral.objects.create(
        organisation_id=viewer.organisation_id,
        created_by=viewer.person,
        sent_by=viewer.person,
        to_organisation=to_organisation,
        to_person=to_person,
        private_adviser=private_adviser,
        company=company,
        entrepreneur=entrepreneur,
        offer=offer,
        reason=reason.strip(),
        company_wants=company_wants.strip(),
        # A referral to a private adviser leaves the system: nobody there answers it.
        status=ReferralStatus.SENT if to_organisation else ReferralStatus.COMPLETED,
    )
    referral.themes.set(themes_from_codes(themes))
    ReferralEvent.objects.create(referral=referral, status=referral.status, by=viewer.person)
    _notify(_receivers(referral), referral, Notification.Kind.NEW_REFERRAL)
    log_change(viewer, Action.CREATE, [referral])
    return referral


@transaction.atomic
def referral_from_contact_request(contact_request) -> Referral:
    """A contact request from the one entry arrives as a referral from the company itself,
    held by the receiving operator on the basis of the consent the company gave."""
    company = None
    if contact_request.cvr:
        company = Company.objects.filter(cvr=contact_request.cvr).first()
    offers = list(contact_request.offers.all())
    referral = Referral.objects.create(
        organisation_id=contact_request.operator_id,
        legal_basis=LegalBasis.CONSENT,
        from_company=True,
        to_organisation_id=contact_request.operator_id,
        company=company,
        contact_request=contact_request,
        offer=offers[0] if len(offers) == 1 else None,
        # stored text is in the system's language, whatever page the company wrote from
        reason=in_system_language(
            gettext_lazy("The company asked to be contacted through the one entry.")
        ),
        company_wants=contact_request.needs_text,
    )
    referral.themes.set(Theme.objects.filter(code__in=contact_request.needs or []))
    ReferralEvent.objects.create(referral=referral, status=referral.status)
    _notify(_receivers(referral), referral, Notification.Kind.NEW_REFERRAL)
    return referral


# Which status may follow which, and who moves it there.
_NEXT = {
    ReferralStatus.SENT: {
        ReferralStatus.RECEIVED,
        ReferralStatus.ACCEPTED,
        ReferralStatus.DECLINED,
    },
    ReferralStatus.RECEIVED: {ReferralStatus.ACCEPTED, ReferralStatus.DECLINED},
    ReferralStatus.ACCEPTED: {ReferralStatus.COMPLETED, ReferralStatus.DECLINED},
    ReferralStatus.DECLINED: set(),
    ReferralStatus.COMPLETED: set(),
}


@transaction.atomic
def move_referral(
    viewer: Viewer,
    referral: Referral,
    status: str,
    *,
    version: int,
    decline_reason: str = "",
    interaction: Interaction | None = None,
) -> Referral:
    """The receiver moves a referral on: received, accepted, declined (with a reason) or
    completed (with the interaction where the company was helped). The sender is told."""
    if not is_receiver(viewer, referral):
        raise PermissionDenied(_("Only the receiving operator can answer a referral."))
    if status not in _NEXT.get(referral.status, set()):
        raise ValidationError(
            {
                "status": _("A referral that is %(now)s cannot become %(next)s.")
                % {
                    "now": referral.get_status_display().lower(),
                    "next": str(ReferralStatus(status).label).lower()
                    if status in ReferralStatus.values
                    else status,
                }
            }
        )
    fields = {"status": status, "status_changed_at": timezone.now()}
    if status == ReferralStatus.DECLINED:
        if not decline_reason.strip():
            raise ValidationError({"decline_reason": _("Say why you decline the referral.")})
        fields["decline_reason"] = decline_reason.strip()
    if status == ReferralStatus.COMPLETED:
        if (
            interaction is None
            or interaction.organisation_id != viewer.organisation_id
            or (referral.company_id and interaction.company_id != referral.company_id)
        ):
            raise ValidationError(
                {
                    "interaction": _(
                        "Choose your organisation's interaction with the company where you "
                        "helped it."
                    )
                }
            )
        fields["completed_interaction"] = interaction
    save_versioned(referral, version, fields)
    ReferralEvent.objects.create(
        referral=referral, status=status, by=viewer.person, note=fields.get("decline_reason", "")
    )
    if referral.sent_by_id and not referral.from_company:
        _notify([referral.sent_by], referral, Notification.Kind.STATUS_CHANGED)
    log_change(viewer, Action.CHANGE, [referral])
    return referral


@transaction.atomic
def flag_unanswered_referrals(now: datetime | None = None) -> int:
    """Flag each referral nobody answered within 5 working days to the receiver's managers,
    once. Idempotent: a scheduler may run it as often as it likes."""
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    flagged = 0
    candidates = Referral.objects.filter(
        status__in=UNANSWERED, overdue_flagged_at__isnull=True, to_organisation__isnull=False
    ).select_related("to_organisation")
    for referral in candidates:
        sent_on = timezone.localtime(referral.created_at).date()
        if add_working_days(sent_on, ANSWER_WITHIN_WORKING_DAYS) > today:
            continue
        managers = Person.objects.filter(
            memberships__organisation_id=referral.to_organisation_id,
            memberships__role__in=(Role.MANAGER, Role.ADMIN),
            is_active=True,
        ).distinct()
        _notify(managers, referral, Notification.Kind.UNANSWERED)
        Referral.objects.filter(pk=referral.pk).update(overdue_flagged_at=now)
        flagged += 1
    return flagged


def mark_notifications_read(person, ids=None) -> int:
    notes = Notification.objects.filter(person=person, read_at__isnull=True)
    if ids is not None:
        notes = notes.filter(pk__in=ids)
    return notes.update(read_at=timezone.now())


def next_statuses(viewer: Viewer, referral: Referral) -> list[str]:
    """The statuses the viewer may move ``referral`` to now (empty unless the receiver)."""
    if not is_receiver(viewer, referral):
        return []
    return [s for s in ReferralStatus.values if s in _NEXT.get(referral.status, set())]
