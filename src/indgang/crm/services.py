"""Every write in the CRM: one function per thing a consultant does, each one transaction.

Each service takes the ``Viewer`` (person + the organisation they act for), checks it
with ``crm.permissions`` and raises ``PermissionDenied`` or ``ValidationError`` (with the
field named) rather than writing something half. Changes to records holding personal
data are written to the access log (``indgang.audit``).

Editing uses optimistic locking: the caller passes the ``version`` it read; if someone
saved in between, ``Conflict`` is raised and nothing is written.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from indgang.audit.models import Action
from indgang.audit.services import record as audit
from indgang.catalog.models import Offer, Theme
from indgang.catalog.services import ensure_themes
from indgang.crm.models import (
    GROUP_TYPES,
    UNANSWERED,
    CompanySegment,
    Consent,
    ContactPerson,
    Entrepreneur,
    GrowthParameter,
    Interaction,
    LegalBasis,
    NeedsAssessment,
    Notification,
    Participant,
    Referral,
    ReferralEvent,
    ReferralStatus,
    Segment,
)
from indgang.crm.permissions import Viewer, can_change, can_read_content, is_receiver
from indgang.crm.workdays import add_working_days, years_before
from indgang.guide.models import ContactRequest
from indgang.organisations.models import Membership, Organisation, Person, Role
from indgang.registry.models import Company

# Records are anonymised this long after the last course of guidance with the subject ended.
RETENTION_YEARS = 5
# A referral nobody answered in this many working days is flagged to the receiver's managers.
ANSWER_WITHIN_WORKING_DAYS = 5


class Conflict(ValidationError):
    """Someone else saved the record after it was read; nothing was written."""

    def __init__(self):
        super().__init__(
            _(
                "Someone else changed this record after you opened it. Reload it to see "
                "their change, then make yours again."
            ),
            code="conflict",
        )


def _require_writer(viewer: Viewer) -> None:
    if not viewer.writes:
        raise PermissionDenied(_("Only consultants and managers of an operator may do this."))


def _require_owner(viewer: Viewer, record) -> None:
    if not can_change(viewer, record):
        raise PermissionDenied(_("Only the organisation that wrote this record may change it."))


def _save_versioned(record, expected_version: int, fields: dict) -> None:
    """Write ``fields`` only if the stored version is still ``expected_version``."""
    model = type(record)
    for name, value in fields.items():
        setattr(record, name, value)
    # The same field checks as a create (lengths, choices), on the changed fields only.
    record.clean_fields(exclude=[f.name for f in model._meta.fields if f.name not in fields])
    updated = model.objects.filter(pk=record.pk, version=expected_version).update(
        version=F("version") + 1, **fields
    )
    if not updated:
        raise Conflict()
    record.version = expected_version + 1


def _themes(codes) -> list[Theme]:
    codes = list(dict.fromkeys(codes or []))
    if codes:
        ensure_themes()
    themes = list(Theme.objects.filter(code__in=codes))
    unknown = set(codes) - {t.code for t in themes}
    if unknown:
        raise ValidationError(
            {"themes": _("Unknown theme: %(codes)s") % {"codes": ", ".join(sorted(unknown))}}
        )
    return themes


def _log_change(viewer: Viewer, action: str, records, channel: str = "") -> None:
    audit(
        person=viewer.person,
        acting_organisation_id=viewer.organisation_id,
        action=action,
        records=records,
        channel=channel,
    )


# --- Entrepreneurs and contact persons ----------------------------------------------------


@transaction.atomic
def create_entrepreneur(viewer: Viewer, **data) -> Entrepreneur:
    _require_writer(viewer)
    entrepreneur = Entrepreneur(
        organisation_id=viewer.organisation_id, created_by=viewer.person, **data
    )
    entrepreneur.full_clean()
    entrepreneur.save()
    _log_change(viewer, Action.CREATE, [entrepreneur])
    return entrepreneur


@transaction.atomic
def update_entrepreneur(viewer: Viewer, entrepreneur: Entrepreneur, version: int, **data):
    _require_owner(viewer, entrepreneur)
    _save_versioned(entrepreneur, version, data)
    _log_change(viewer, Action.CHANGE, [entrepreneur])
    return entrepreneur


@transaction.atomic
def link_entrepreneur(viewer: Viewer, entrepreneur: Entrepreneur, company: Company, version: int):
    """The entrepreneur founded ``company``: link them; earlier interactions stay as they were."""
    _require_owner(viewer, entrepreneur)
    if entrepreneur.company_id and entrepreneur.company_id != company.pk:
        raise ValidationError({"company": _("This entrepreneur is already linked to a company.")})
    _save_versioned(entrepreneur, version, {"company": company, "linked_at": timezone.now()})
    _log_change(viewer, Action.CHANGE, [entrepreneur])
    return entrepreneur


@transaction.atomic
def add_contact_person(viewer: Viewer, company: Company, **data) -> ContactPerson:
    _require_writer(viewer)
    contact = ContactPerson(
        company=company, organisation_id=viewer.organisation_id, created_by=viewer.person, **data
    )
    contact.full_clean()
    contact.save()
    _log_change(viewer, Action.CREATE, [contact])
    return contact


@transaction.atomic
def update_contact_person(viewer: Viewer, contact: ContactPerson, version: int, **data):
    _require_owner(viewer, contact)
    _save_versioned(contact, version, data)
    _log_change(viewer, Action.CHANGE, [contact])
    return contact


# --- The funnel -------------------------------------------------------------------------


@transaction.atomic
def set_segment(
    viewer: Viewer,
    company: Company,
    *,
    segment: str,
    key_account_owner: Person | None = None,
    version: int | None = None,
) -> CompanySegment:
    """Place ``company`` in the viewer's organisation's funnel; managers only."""
    if not viewer.manages:
        raise PermissionDenied(_("Only managers decide where a company sits in the funnel."))
    if segment not in Segment.values:
        raise ValidationError({"segment": _("Choose portfolio, prioritised or key account.")})
    if (
        key_account_owner is not None
        and not Membership.objects.filter(
            person=key_account_owner, organisation_id=viewer.organisation_id
        ).exists()
    ):
        raise ValidationError(
            {"key_account_owner": _("The key account owner must work in your organisation.")}
        )
    current = CompanySegment.objects.filter(
        company=company, organisation_id=viewer.organisation_id
    ).first()
    if current is None:
        return CompanySegment.objects.create(
            company=company,
            organisation_id=viewer.organisation_id,
            segment=segment,
            key_account_owner=key_account_owner,
        )
    _save_versioned(
        current,
        current.version if version is None else version,
        {"segment": segment, "key_account_owner": key_account_owner, "updated_at": timezone.now()},
    )
    return current


# --- Needs assessments ------------------------------------------------------------------


def clean_growth_mapping(mapping: dict | None) -> dict:
    """``{parameter: {"rating": 1-5, "note": str}}``; unknown parameters and bad ratings
    are named in the error."""
    cleaned = {}
    errors = {}
    for key, value in (mapping or {}).items():
        if key not in GrowthParameter.values:
            errors[f"growth_mapping.{key}"] = _("Unknown growth-mapping parameter.")
            continue
        value = value or {}
        if not isinstance(value, dict):
            errors[f"growth_mapping.{key}"] = _("Give a rating and a note.")
            continue
        rating = value.get("rating")
        note = (value.get("note") or "").strip()
        if rating in ("", None):
            rating = None
        else:
            try:
                rating = int(rating)
            except (TypeError, ValueError):
                rating = 0
            if not 1 <= rating <= 5:
                errors[f"growth_mapping.{key}.rating"] = _("A rating is a whole number 1–5.")
                continue
        if rating is not None or note:
            cleaned[key] = {"rating": rating, "note": note}
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def record_needs_assessment(
    viewer: Viewer,
    *,
    company: Company | None = None,
    entrepreneur: Entrepreneur | None = None,
    date: date,
    expressed_themes=(),
    observed_themes=(),
    growth_mapping: dict | None = None,
    **fields,
) -> NeedsAssessment:
    _require_writer(viewer)
    if (company is None) == (entrepreneur is None):
        raise ValidationError({"company": _("Choose a company or an entrepreneur.")})
    assessment = NeedsAssessment(
        organisation_id=viewer.organisation_id,
        created_by=viewer.person,
        consultant=viewer.person,
        company=company,
        entrepreneur=entrepreneur,
        date=date,
        growth_mapping=clean_growth_mapping(growth_mapping),
        **fields,
    )
    assessment.full_clean()
    assessment.save()
    assessment.expressed_themes.set(_themes(expressed_themes))
    assessment.observed_themes.set(_themes(observed_themes))
    _log_change(viewer, Action.CREATE, [assessment])
    return assessment


@transaction.atomic
def update_needs_assessment(
    viewer: Viewer,
    assessment: NeedsAssessment,
    version: int,
    *,
    expressed_themes=None,
    observed_themes=None,
    growth_mapping=None,
    **fields,
) -> NeedsAssessment:
    _require_owner(viewer, assessment)
    if growth_mapping is not None:
        fields["growth_mapping"] = clean_growth_mapping(growth_mapping)
    _save_versioned(assessment, version, fields)
    if expressed_themes is not None:
        assessment.expressed_themes.set(_themes(expressed_themes))
    if observed_themes is not None:
        assessment.observed_themes.set(_themes(observed_themes))
    _log_change(viewer, Action.CHANGE, [assessment])
    return assessment


# --- Interactions -----------------------------------------------------------------------


@dataclass
class InteractionData:
    type: str
    date: date
    company: Company | None = None
    entrepreneur: Entrepreneur | None = None
    title: str = ""
    note: str = ""
    themes: tuple = ()
    offer: Offer | None = None
    contacts: tuple = ()
    participant_companies: tuple = ()
    participant_entrepreneurs: tuple = ()
    legal_basis: str = LegalBasis.PUBLIC_TASK
    external_id: str = ""


def _check_interaction(viewer: Viewer, data: InteractionData) -> None:
    errors = {}
    is_group = data.type in GROUP_TYPES
    if not is_group and (data.company is None) == (data.entrepreneur is None):
        errors["company"] = _("Choose the company or the entrepreneur the guidance was for.")
    if is_group and not (
        data.company
        or data.entrepreneur
        or data.participant_companies
        or data.participant_entrepreneurs
    ):
        errors["participants"] = _("An event or course needs at least one participant.")
    if data.date > timezone.localdate() + timedelta(days=366):
        errors["date"] = _("The date is more than a year ahead.")
    for contact in data.contacts:
        if data.company is None or contact.company_id != data.company.pk:
            errors["contacts"] = _("A contact person must belong to the company.")
        elif not can_read_content(viewer, contact) or contact.anonymised_at is not None:
            errors["contacts"] = _("Unknown contact person.")
    for entrepreneur in [data.entrepreneur, *data.participant_entrepreneurs]:
        if entrepreneur is not None and entrepreneur.organisation_id != viewer.organisation_id:
            errors["entrepreneur"] = _("Unknown entrepreneur.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def log_interaction(viewer: Viewer, data: InteractionData) -> Interaction:
    """Record guidance given by the viewer's organisation."""
    _require_writer(viewer)
    _check_interaction(viewer, data)
    interaction = Interaction(
        organisation_id=viewer.organisation_id,
        created_by=viewer.person,
        consultant=viewer.person,
        type=data.type,
        date=data.date,
        company=data.company,
        entrepreneur=data.entrepreneur,
        title=data.title,
        note=data.note,
        offer=data.offer,
        legal_basis=data.legal_basis,
        external_id=data.external_id,
    )
    interaction.full_clean()
    interaction.save()
    interaction.themes.set(_themes(data.themes))
    interaction.contacts.set(data.contacts)
    if data.type in GROUP_TYPES:
        Participant.objects.bulk_create(
            [Participant(interaction=interaction, company=c) for c in data.participant_companies]
            + [
                Participant(interaction=interaction, entrepreneur=e)
                for e in data.participant_entrepreneurs
            ]
        )
    _log_change(viewer, Action.CREATE, [interaction])
    return interaction


@transaction.atomic
def update_interaction(
    viewer: Viewer, interaction: Interaction, version: int, *, themes=None, contacts=None, **fields
) -> Interaction:
    _require_owner(viewer, interaction)
    if "date" in fields and fields["date"] > timezone.localdate() + timedelta(days=366):
        raise ValidationError({"date": _("The date is more than a year ahead.")})
    if contacts is not None:
        company_id = fields.get("company", interaction.company)
        company_id = getattr(company_id, "pk", company_id)
        for contact in contacts:
            if (
                contact.company_id != company_id
                or contact.anonymised_at is not None
                or not can_read_content(viewer, contact)
            ):
                raise ValidationError(
                    {"contacts": _("A contact person must belong to the company.")}
                )
    _save_versioned(interaction, version, fields)
    if themes is not None:
        interaction.themes.set(_themes(themes))
    if contacts is not None:
        interaction.contacts.set(contacts)
    _log_change(viewer, Action.CHANGE, [interaction])
    return interaction


# --- Referrals --------------------------------------------------------------------------


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
    _require_writer(viewer)
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
    referral.themes.set(_themes(themes))
    ReferralEvent.objects.create(referral=referral, status=referral.status, by=viewer.person)
    _notify(_receivers(referral), referral, Notification.Kind.NEW_REFERRAL)
    _log_change(viewer, Action.CREATE, [referral])
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
        reason=_("The company asked to be contacted through the one entry."),
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
    _save_versioned(referral, version, fields)
    ReferralEvent.objects.create(
        referral=referral, status=status, by=viewer.person, note=fields.get("decline_reason", "")
    )
    if referral.sent_by_id and not referral.from_company:
        _notify([referral.sent_by], referral, Notification.Kind.STATUS_CHANGED)
    _log_change(viewer, Action.CHANGE, [referral])
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


# --- Consent ----------------------------------------------------------------------------


def sharing_consent_text() -> str:
    return _(
        "The company agrees that the operators of the Danish business promotion system may "
        "see the notes, needs assessments and contact persons recorded about it, so that it "
        "is helped in a coordinated way. The consent can be withdrawn at any time."
    )


@transaction.atomic
def give_consent(viewer: Viewer, company: Company, *, given_by: str, given_at=None) -> Consent:
    _require_writer(viewer)
    if not given_by.strip():
        raise ValidationError({"given_by": _("Say who gave the consent on the company's behalf.")})
    consent = Consent.objects.create(
        company=company,
        organisation_id=viewer.organisation_id,
        given_by=given_by.strip(),
        text=sharing_consent_text(),
        given_at=given_at or timezone.now(),
        recorded_by=viewer.person,
    )
    # A consent opens every operator's notes on the company: who recorded it is logged.
    _log_change(viewer, Action.CREATE, [consent])
    return consent


@transaction.atomic
def withdraw_consent(viewer: Viewer, consent: Consent) -> Consent:
    """Any operator's staff may record a withdrawal: the company may tell anyone."""
    _require_writer(viewer)
    if consent.withdrawn_at is None:
        consent.withdrawn_at = timezone.now()
        consent.save(update_fields=["withdrawn_at"])
        _log_change(viewer, Action.CHANGE, [consent])
    return consent


# --- GDPR: a person's data, erasure, retention ------------------------------------------


def _person_records(organisation_id: str, email: str):
    email = email.strip().lower()
    contacts = ContactPerson.objects.filter(
        organisation_id=organisation_id, email__iexact=email, anonymised_at__isnull=True
    ).select_related("company")
    entrepreneurs = Entrepreneur.objects.filter(
        organisation_id=organisation_id, email__iexact=email, anonymised_at__isnull=True
    )
    return list(contacts), list(entrepreneurs)


def export_person_data(viewer: Viewer, email: str) -> dict:
    """Everything the viewer's organisation holds about the person with ``email`` (GDPR
    art. 15), for its administrators (the data protection officer)."""
    if not viewer.is_admin:
        raise PermissionDenied(_("Only administrators may export a person's data."))
    contacts, entrepreneurs = _person_records(viewer.organisation_id, email)
    interactions = Interaction.objects.filter(organisation_id=viewer.organisation_id).filter(
        contacts__in=contacts
    ) | Interaction.objects.filter(
        organisation_id=viewer.organisation_id, entrepreneur__in=entrepreneurs
    )
    interactions = list(interactions.distinct().prefetch_related("themes"))
    _log_change(viewer, Action.EXPORT, [*contacts, *entrepreneurs, *interactions])
    return {
        "email": email,
        "organisation": viewer.organisation_id,
        "exported_at": timezone.now().isoformat(),
        "contact_persons": [
            {
                "company_cvr": c.company.cvr,
                "company_name": c.company.name,
                "name": c.name,
                "title": c.title,
                "email": c.email,
                "phone": c.phone,
                "legal_basis": c.legal_basis,
                "created_at": c.created_at.isoformat(),
            }
            for c in contacts
        ],
        "entrepreneurs": [
            {
                "name": e.name,
                "email": e.email,
                "phone": e.phone,
                "idea": e.idea,
                "municipality_code": e.municipality_id,
                "legal_basis": e.legal_basis,
                "created_at": e.created_at.isoformat(),
            }
            for e in entrepreneurs
        ],
        "interactions": [
            {
                "date": i.date.isoformat(),
                "type": i.type,
                "title": i.title,
                "themes": [t.code for t in i.themes.all()],
                "note": i.note,
            }
            for i in interactions
        ],
    }


ANONYMOUS = "—"


def _anonymise_contact(contact: ContactPerson, now) -> None:
    ContactPerson.objects.filter(pk=contact.pk).update(
        name=ANONYMOUS, title="", email="", phone="", anonymised_at=now, version=F("version") + 1
    )


def _anonymise_entrepreneur(entrepreneur: Entrepreneur, now) -> None:
    Entrepreneur.objects.filter(pk=entrepreneur.pk).update(
        name=ANONYMOUS, email="", phone="", idea="", anonymised_at=now, version=F("version") + 1
    )
    Interaction.objects.filter(entrepreneur=entrepreneur).update(note="", anonymised_at=now)
    NeedsAssessment.objects.filter(entrepreneur=entrepreneur).update(
        expressed_note="", observed_note="", next_step="", growth_mapping={}, anonymised_at=now
    )


@transaction.atomic
def erase_person(viewer: Viewer, email: str) -> int:
    """Anonymise the person with ``email`` in the viewer's organisation's records (GDPR
    art. 17). The activity stays countable; names, contact details and notes about an
    entrepreneur go. Returns the number of records anonymised."""
    if not viewer.is_admin:
        raise PermissionDenied(_("Only administrators may erase a person's data."))
    now = timezone.now()
    contacts, entrepreneurs = _person_records(viewer.organisation_id, email)
    requests = list(
        ContactRequest.objects.filter(operator_id=viewer.organisation_id, email__iexact=email)
    )
    _log_change(viewer, Action.ANONYMISE, [*contacts, *entrepreneurs])
    for contact in contacts:
        _anonymise_contact(contact, now)
    for entrepreneur in entrepreneurs:
        _anonymise_entrepreneur(entrepreneur, now)
    _anonymise_contact_requests(requests, now)
    return len(contacts) + len(entrepreneurs) + len(requests)


def _anonymise_contact_requests(requests, now) -> None:
    """What a company wrote through the one entry, and the contact it gave, go; the fact
    that it asked (and to whom) stays countable."""
    ids = [r.pk for r in requests]
    ContactRequest.objects.filter(pk__in=ids).update(
        contact_name=ANONYMOUS, email="", phone="", needs_text="", profile={}
    )
    Referral.objects.filter(contact_request_id__in=ids).update(company_wants="", anonymised_at=now)


@transaction.atomic
def anonymise_expired(today: date | None = None) -> dict:
    """Anonymise what an organisation holds about a company or entrepreneur 5 years after
    its last interaction with them ended. Idempotent: run daily by a scheduler
    (``indgang crm_retention``)."""
    today = today or timezone.localdate()
    cutoff = years_before(today, RETENTION_YEARS)
    now = timezone.now()
    counts = {"companies": 0, "contact_persons": 0, "interactions": 0, "entrepreneurs": 0}

    last_by_company = (
        Interaction.objects.filter(company__isnull=False)
        .values("organisation_id", "company_id")
        .annotate(last=Max("date"))
        .filter(last__lt=cutoff)
    )
    for row in last_by_company:
        scope = {"organisation_id": row["organisation_id"], "company_id": row["company_id"]}
        stale = Interaction.objects.filter(**scope, anonymised_at__isnull=True)
        if not stale.exists():
            continue
        counts["companies"] += 1
        counts["interactions"] += stale.update(note="", anonymised_at=now)
        NeedsAssessment.objects.filter(**scope, anonymised_at__isnull=True).update(
            expressed_note="", observed_note="", next_step="", growth_mapping={}, anonymised_at=now
        )
        for contact in ContactPerson.objects.filter(**scope, anonymised_at__isnull=True):
            _anonymise_contact(contact, now)
            counts["contact_persons"] += 1

    for entrepreneur in Entrepreneur.objects.filter(anonymised_at__isnull=True):
        dates = [
            entrepreneur.interactions.aggregate(last=Max("date"))["last"],
            entrepreneur.participations.aggregate(last=Max("interaction__date"))["last"],
            timezone.localtime(entrepreneur.created_at).date(),
        ]
        if max(d for d in dates if d) < cutoff:
            _anonymise_entrepreneur(entrepreneur, now)
            counts["entrepreneurs"] += 1

    # Contact requests from the one entry: 5 years after they arrived.
    stale_requests = list(
        ContactRequest.objects.filter(created_at__date__lt=cutoff).exclude(email="")
    )
    _anonymise_contact_requests(stale_requests, now)
    counts["contact_requests"] = len(stale_requests)
    return counts


def next_statuses(viewer: Viewer, referral: Referral) -> list[str]:
    """The statuses the viewer may move ``referral`` to now (empty unless the receiver)."""
    if not is_receiver(viewer, referral):
        return []
    return [s for s in ReferralStatus.values if s in _NEXT.get(referral.status, set())]
