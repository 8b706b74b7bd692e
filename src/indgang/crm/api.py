"""The CRM over the API, for operators' own systems (issue 6, item 8).

Thin handlers: parse the body (``crm/schemas.py``), find the records through the
selectors (which apply ``crm/permissions.py`` and write the access log, channel "api"),
call a service, answer. The person is the session's or the bearer token's, acting for
their current organisation, so the API shows and allows exactly what the pages do.

Answers: a record the caller may not see is "not found" (404), whether it exists or not;
an action on a record the caller may see but not change is 403; a stale ``version`` is
409; bad input is 422 with the field named; no login is 401.
"""

from contextlib import contextmanager

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.errors import HttpError

from indgang.catalog.models import Offer
from indgang.catalog.selectors import offers_known_to
from indgang.crm import schemas as s
from indgang.crm import selectors, services
from indgang.crm.models import (
    UNANSWERED,
    Consent,
    ContactPerson,
    Interaction,
)
from indgang.crm.permissions import Viewer, can_change, can_read_content, content_q, viewer_of
from indgang.organisations.models import Organisation, Person
from indgang.reference.models import Municipality
from indgang.registry.models import Company
from indgang.registry.selectors import company_by_cvr

PATH = "crm"
router = Router(tags=["crm"])

CHANNEL = "api"
ERRORS = {401: s.ErrorOut, 403: s.ErrorOut, 404: s.ErrorOut, 422: s.ErrorOut}
EDIT_ERRORS = {**ERRORS, 409: s.ErrorOut}


# --- Helpers: who is asking, what they may find, how service errors are told -------------


def _staff(request) -> Viewer:
    viewer = viewer_of(request)
    if not viewer.is_staff:
        raise PermissionDenied(
            _("Only staff of an operator in the business promotion system may use the CRM.")
        )
    return viewer


def _company(cvr: str) -> Company:
    """A registered company: its facts are visible to every operator's staff."""
    company = company_by_cvr(cvr) if cvr.isdigit() and len(cvr) == 8 else None
    if company is None:
        raise Http404
    return company


def _found(record):
    if record is None:
        raise Http404
    return record


@contextmanager
def _writing(fields: dict[str, str] | None = None):
    """Tell a stale version as 409, and name the API's fields in validation errors."""
    try:
        yield
    except services.Conflict as exc:
        raise HttpError(409, exc.messages[0]) from None
    except ValidationError as exc:
        raise _renamed(exc, fields or {}) from None


def _renamed(exc: ValidationError, fields: dict[str, str]) -> ValidationError:
    if not hasattr(exc, "error_dict"):
        return exc
    renamed: dict[str, list] = {}
    for name, errors in exc.error_dict.items():
        head, _dot, rest = name.partition(".")
        key = fields.get(head, "" if head == "__all__" else head) + (f".{rest}" if rest else "")
        renamed.setdefault(key, []).extend(errors)
    return ValidationError(renamed)


def _changes(body, nullable: tuple = ()) -> dict:
    """The fields a PATCH body sets: ``null`` clears only the fields that may be empty."""
    data = body.dict(exclude_unset=True)
    data.pop("version", None)
    return {k: v for k, v in data.items() if v is not None or k in nullable}


def _companies_by_cvr(cvrs, field: str) -> list[Company]:
    cvrs = list(dict.fromkeys(cvrs))
    found = {c.cvr: c for c in Company.objects.filter(cvr__in=cvrs)}
    unknown = [cvr for cvr in cvrs if cvr not in found]
    if unknown:
        raise ValidationError(
            {field: _("Unknown CVR number: %(cvrs)s") % {"cvrs": ", ".join(unknown)}}
        )
    return [found[cvr] for cvr in cvrs]


def _offer(viewer: Viewer, offer_id: str | None, field: str = "offer_id") -> Offer | None:
    if not offer_id:
        return None
    offer = offers_known_to(viewer.organisation_id).filter(pk=offer_id).first()
    if offer is None:
        raise ValidationError({field: _("Unknown offer.")})
    return offer


def _own_entrepreneurs(viewer: Viewer, ids, field: str) -> list:
    ids = list(dict.fromkeys(ids))
    found = {e.pk: e for e in selectors.entrepreneurs(viewer).filter(pk__in=ids)}
    if len(found) != len(ids):
        raise ValidationError({field: _("Unknown entrepreneur.")})
    return [found[pk] for pk in ids]


def _municipality(code: str | None) -> Municipality | None:
    if not code:
        return None
    municipality = Municipality.objects.filter(code=code).first()
    if municipality is None:
        raise ValidationError({"municipality_code": _("Unknown municipality code.")})
    return municipality


def _email(person) -> str | None:
    return person.email if person is not None else None


def _page(rows, limit: int, offset: int, convert) -> dict:
    return {
        "total": rows.count(),
        "limit": limit,
        "offset": offset,
        "items": [convert(r) for r in rows[offset : offset + limit]],
    }


# --- Answers -------------------------------------------------------------------------------


def _key_account(segment) -> dict:
    owner = segment.key_account_owner
    return {
        "organisation_id": segment.organisation_id,
        "organisation_name": segment.organisation.name,
        "segment": segment.segment,
        "key_account_owner_name": owner.full_name if owner else None,
        "key_account_owner_email": _email(owner),
        "version": segment.version,
    }


def _contact(c: ContactPerson) -> dict:
    return {
        "id": c.pk,
        "company_cvr": c.company.cvr,
        "organisation_id": c.organisation_id,
        "name": c.name,
        "title": c.title,
        "email": c.email,
        "phone": c.phone,
        "legal_basis": c.legal_basis,
        "created_at": c.created_at,
        "version": c.version,
    }


def _interaction_item(i: Interaction) -> dict:
    return {
        "id": i.pk,
        "type": i.type,
        "date": i.date,
        "company_cvr": i.company.cvr if i.company_id else None,
        "company_name": i.company.name if i.company_id else None,
        "entrepreneur_id": i.entrepreneur_id,
        "consultant_email": _email(i.consultant),
        "title": i.title,
        "themes": [t.code for t in i.themes.all()],
        "offer_id": i.offer_id,
        "version": i.version,
    }


def _interaction(viewer: Viewer, i: Interaction) -> dict:
    participants = []
    for p in i.participants.all():
        own = (
            p.entrepreneur is not None and p.entrepreneur.organisation_id == viewer.organisation_id
        )
        participants.append(
            {
                "company_cvr": p.company.cvr if p.company_id else None,
                "company_name": p.company.name if p.company_id else None,
                "entrepreneur_id": p.entrepreneur_id if own else None,
                "entrepreneur_name": p.entrepreneur.name if own else None,
            }
        )
    return {
        **_interaction_item(i),
        "organisation_id": i.organisation_id,
        "note": i.note,
        "legal_basis": i.legal_basis,
        # A contact person is shown only to those who may read it in its own right.
        "contacts": [
            {"id": c.pk, "name": c.name}
            for c in i.contacts.all()
            if c.anonymised_at is None and can_read_content(viewer, c)
        ],
        "participants": participants,
        "created_at": i.created_at,
    }


def _assessment(a) -> dict:
    return {
        "id": a.pk,
        "organisation_id": a.organisation_id,
        "company_cvr": a.company.cvr if a.company_id else None,
        "entrepreneur_id": a.entrepreneur_id,
        "consultant_email": _email(a.consultant),
        "date": a.date,
        "expressed_themes": [t.code for t in a.expressed_themes.all()],
        "expressed_note": a.expressed_note,
        "observed_themes": [t.code for t in a.observed_themes.all()],
        "observed_note": a.observed_note,
        "growth_mapping": a.growth_mapping,
        "digital_maturity": a.digital_maturity,
        "export_maturity": a.export_maturity,
        "next_step": a.next_step,
        "legal_basis": a.legal_basis,
        "version": a.version,
    }


def _entrepreneur_item(e) -> dict:
    return {
        "id": e.pk,
        "name": e.name,
        "municipality_code": e.municipality_id,
        "company_cvr": e.company.cvr if e.company_id else None,
        "version": e.version,
    }


def _entrepreneur(e) -> dict:
    return {
        **_entrepreneur_item(e),
        "organisation_id": e.organisation_id,
        "email": e.email,
        "phone": e.phone,
        "idea": e.idea,
        "legal_basis": e.legal_basis,
        "linked_at": e.linked_at,
        "created_at": e.created_at,
    }


def _referral_item(r) -> dict:
    return {
        "id": r.pk,
        "status": r.status,
        "from_company": r.from_company,
        "organisation_id": r.organisation_id,
        "organisation_name": r.organisation.name,
        "to_organisation_id": r.to_organisation_id,
        "to_organisation_name": r.to_organisation.name if r.to_organisation_id else None,
        "to_person_email": _email(r.to_person),
        "private_adviser": r.private_adviser,
        "company_cvr": r.company.cvr if r.company_id else None,
        "company_name": r.company.name if r.company_id else None,
        "entrepreneur_id": r.entrepreneur_id,
        "offer_id": r.offer_id,
        "created_at": r.created_at,
        "status_changed_at": r.status_changed_at,
        "overdue": r.overdue_flagged_at is not None and r.status in UNANSWERED,
        "version": r.version,
    }


def _referral(viewer: Viewer, r) -> dict:
    request = r.contact_request
    return {
        **_referral_item(r),
        "sent_by_email": _email(r.sent_by),
        "themes": [t.code for t in r.themes.all()],
        "reason": r.reason,
        "company_wants": r.company_wants,
        "decline_reason": r.decline_reason,
        "completed_interaction_id": r.completed_interaction_id,
        "contact_request": None
        if request is None
        else {
            "company_name": request.company_name,
            "cvr": request.cvr,
            "contact_name": request.contact_name,
            "email": request.email,
            "phone": request.phone,
            "needs_text": request.needs_text,
        },
        "events": [
            {"status": e.status, "at": e.at, "by_email": _email(e.by), "note": e.note}
            for e in r.events.all()
        ],
        "next_statuses": services.next_statuses(viewer, r),
    }


def _consent(c: Consent) -> dict:
    return {
        "id": c.pk,
        "company_cvr": c.company.cvr,
        "organisation_id": c.organisation_id,
        "given_by": c.given_by,
        "text": c.text,
        "given_at": c.given_at,
        "withdrawn_at": c.withdrawn_at,
        "in_force": c.withdrawn_at is None,
    }


def _worklist_company(c) -> dict:
    return {
        "cvr": c.cvr,
        "name": c.name,
        "municipality_code": c.municipality_id,
        "last_contact": getattr(c, "last_contact", None),
    }


# --- Company file: timeline, key accounts, segment ---------------------------------------


@router.get(
    "/companies/{cvr}/timeline",
    response={200: s.TimelineOut, **ERRORS},
    summary="A company's timeline and key accounts",
)
def company_timeline(request, cvr: str):
    """Who was in contact with the company, when and about what, across all operators,
    and who holds it as a key account. No notes: ``record_id`` is set where you may open
    the record itself."""
    viewer = _staff(request)
    company = _company(cvr)
    mine = selectors.segment_of(viewer, company)
    return {
        "company": company,
        "sharing_consent": selectors.has_sharing_consent(company),
        "key_accounts": [_key_account(seg) for seg in selectors.key_accounts(company)],
        "my_segment": _key_account(mine) if mine else None,
        "entries": selectors.company_timeline(viewer, company),
    }


@router.put(
    "/companies/{cvr}/segment",
    response={200: s.SegmentOut, **EDIT_ERRORS},
    summary="Place a company in your operator's funnel (managers)",
)
def put_segment(request, cvr: str, body: s.SegmentIn):
    viewer = _staff(request)
    company = _company(cvr)
    owner = None
    if body.key_account_owner_email:
        owner = Person.objects.filter(email__iexact=body.key_account_owner_email).first()
        if owner is None:
            raise ValidationError(
                {
                    "key_account_owner_email": _(
                        "The key account owner must work in your organisation."
                    )
                }
            )
    with _writing({"key_account_owner": "key_account_owner_email"}):
        segment = services.set_segment(
            viewer,
            company,
            segment=body.segment,
            key_account_owner=owner,
            version=body.version,
        )
    segment = selectors.key_accounts(company).get(pk=segment.pk)
    return _key_account(segment)


# --- Contact persons -----------------------------------------------------------------------


@router.get(
    "/companies/{cvr}/contacts",
    response={200: list[s.ContactOut], **ERRORS},
    summary="A company's contact persons you may see",
)
def list_contacts(request, cvr: str):
    viewer = _staff(request)
    company = _company(cvr)
    return [_contact(c) for c in selectors.contact_persons(viewer, company, channel=CHANNEL)]


@router.post(
    "/companies/{cvr}/contacts",
    response={201: s.ContactOut, **ERRORS},
    summary="Add a contact person",
)
def create_contact(request, cvr: str, body: s.ContactIn):
    viewer = _staff(request)
    company = _company(cvr)
    with _writing():
        contact = services.add_contact_person(viewer, company, **body.dict())
    return Status(201, _contact(contact))


@router.get(
    "/contacts/{contact_id}", response={200: s.ContactOut, **ERRORS}, summary="One contact person"
)
def get_contact(request, contact_id: int):
    viewer = _staff(request)
    return _contact(_found(selectors.contact_person(viewer, contact_id, channel=CHANNEL)))


@router.patch(
    "/contacts/{contact_id}",
    response={200: s.ContactOut, **EDIT_ERRORS},
    summary="Change a contact person (send the version you read)",
)
def patch_contact(request, contact_id: int, body: s.ContactPatch):
    viewer = _staff(request)
    contact = _found(selectors.contact_person(viewer, contact_id, channel=CHANNEL))
    with _writing():
        services.update_contact_person(viewer, contact, body.version, **_changes(body))
    return _contact(contact)


# --- Interactions --------------------------------------------------------------------------


INTERACTION_FIELDS = {
    "company": "cvr",
    "entrepreneur": "entrepreneur_id",
    "contacts": "contact_ids",
    "participants": "participant_cvrs",
    "offer": "offer_id",
}


@router.get(
    "/interactions",
    response={200: s.InteractionPage, **ERRORS},
    summary="Your operator's interactions (without notes), filtered and paginated",
)
def list_interactions(request, filters: Query[s.InteractionFilters]):
    viewer = _staff(request)
    rows = selectors.my_interactions(
        viewer,
        type=filters.type or "",
        date_from=filters.date_from,
        date_to=filters.date_to,
        cvr=filters.cvr or "",
    )
    return _page(rows, filters.limit, filters.offset, _interaction_item)


@router.post(
    "/interactions",
    response={201: s.InteractionOut, **ERRORS},
    summary="Log an interaction (guidance, visit, call, email, event, course)",
)
def create_interaction(request, body: s.InteractionIn):
    viewer = _staff(request)
    errors: dict[str, str] = {}

    def resolve(find):
        try:
            return find()
        except ValidationError as exc:
            errors.update({k: v[0] for k, v in exc.message_dict.items()})
            return None

    company = resolve(lambda: _companies_by_cvr([body.cvr], "cvr")[0] if body.cvr else None)
    entrepreneur = resolve(
        lambda: (
            _own_entrepreneurs(viewer, [body.entrepreneur_id], "entrepreneur_id")[0]
            if body.entrepreneur_id
            else None
        ),
    )
    offer = resolve(lambda: _offer(viewer, body.offer_id))
    # Only contact persons the viewer may read can be named; others are "unknown".
    contacts = list(
        ContactPerson.objects.filter(
            content_q(viewer), pk__in=body.contact_ids, anonymised_at__isnull=True
        )
    )
    if len(contacts) != len(set(body.contact_ids)):
        errors["contact_ids"] = _("Unknown contact person.")
    participants = resolve(lambda: _companies_by_cvr(body.participant_cvrs, "participant_cvrs"))
    participant_entrepreneurs = resolve(
        lambda: _own_entrepreneurs(
            viewer, body.participant_entrepreneur_ids, "participant_entrepreneur_ids"
        ),
    )
    if errors:
        raise ValidationError(errors)
    data = services.InteractionData(
        type=body.type,
        date=body.date,
        company=company,
        entrepreneur=entrepreneur,
        title=body.title,
        note=body.note,
        themes=tuple(body.themes),
        offer=offer,
        contacts=tuple(contacts),
        participant_companies=tuple(participants or ()),
        participant_entrepreneurs=tuple(participant_entrepreneurs or ()),
        legal_basis=body.legal_basis,
    )
    with _writing(INTERACTION_FIELDS):
        interaction = services.log_interaction(viewer, data)
    # Answered from the record just written: creating it is logged, it was not "read".
    return Status(201, _interaction(viewer, interaction))


@router.get(
    "/interactions/{interaction_id}",
    response={200: s.InteractionOut, **ERRORS},
    summary="One interaction with its note",
)
def get_interaction(request, interaction_id: int):
    viewer = _staff(request)
    row = _found(selectors.interaction(viewer, interaction_id, channel=CHANNEL))
    return _interaction(viewer, row)


@router.patch(
    "/interactions/{interaction_id}",
    response={200: s.InteractionOut, **EDIT_ERRORS},
    summary="Change an interaction (send the version you read)",
)
def patch_interaction(request, interaction_id: int, body: s.InteractionPatch):
    viewer = _staff(request)
    row = _found(selectors.interaction(viewer, interaction_id, channel=CHANNEL))
    if not can_change(viewer, row):
        raise PermissionDenied(_("Only the organisation that wrote this record may change it."))
    fields = _changes(body, nullable=("offer_id",))
    if "offer_id" in fields:
        fields["offer"] = _offer(viewer, fields.pop("offer_id"))
    if "contact_ids" in fields:
        ids = set(fields.pop("contact_ids"))
        contacts = list(
            ContactPerson.objects.filter(
                content_q(viewer),
                pk__in=ids,
                company_id=row.company_id,
                anonymised_at__isnull=True,
            )
        )
        if len(contacts) != len(ids):
            raise ValidationError(
                {"contact_ids": _("A contact person must belong to the company.")}
            )
        fields["contacts"] = contacts
    with _writing(INTERACTION_FIELDS):
        services.update_interaction(viewer, row, body.version, **fields)
    return _interaction(viewer, row)


# --- Needs assessments ---------------------------------------------------------------------


def _assessment_fields(data: dict) -> dict:
    if data.get("growth_mapping") is not None:
        data["growth_mapping"] = {k: dict(v) for k, v in data["growth_mapping"].items()}
    for name in ("digital_maturity", "export_maturity"):
        if data.get(name) is not None:
            data[name] = int(data[name])
    return data


@router.get(
    "/companies/{cvr}/needs-assessments",
    response={200: list[s.NeedsAssessmentOut], **ERRORS},
    summary="A company's needs assessments you may see",
)
def list_needs_assessments(request, cvr: str):
    viewer = _staff(request)
    company = _company(cvr)
    return [
        _assessment(a) for a in selectors.needs_assessments_of(viewer, company, channel=CHANNEL)
    ]


@router.post(
    "/companies/{cvr}/needs-assessments",
    response={201: s.NeedsAssessmentOut, **ERRORS},
    summary="Record a needs assessment with the growth mapping",
)
def create_needs_assessment(request, cvr: str, body: s.NeedsAssessmentIn):
    viewer = _staff(request)
    company = _company(cvr)
    with _writing():
        assessment = services.record_needs_assessment(
            viewer, company=company, **_assessment_fields(body.dict())
        )
    return Status(201, _assessment(assessment))


@router.get(
    "/needs-assessments/{assessment_id}",
    response={200: s.NeedsAssessmentOut, **ERRORS},
    summary="One needs assessment",
)
def get_needs_assessment(request, assessment_id: int):
    viewer = _staff(request)
    return _assessment(_found(selectors.needs_assessment(viewer, assessment_id, channel=CHANNEL)))


@router.patch(
    "/needs-assessments/{assessment_id}",
    response={200: s.NeedsAssessmentOut, **EDIT_ERRORS},
    summary="Change a needs assessment (send the version you read)",
)
def patch_needs_assessment(request, assessment_id: int, body: s.NeedsAssessmentPatch):
    viewer = _staff(request)
    assessment = _found(selectors.needs_assessment(viewer, assessment_id, channel=CHANNEL))
    fields = _assessment_fields(_changes(body, nullable=("digital_maturity", "export_maturity")))
    with _writing():
        services.update_needs_assessment(viewer, assessment, body.version, **fields)
    return _assessment(assessment)


# --- Entrepreneurs -------------------------------------------------------------------------


@router.get(
    "/entrepreneurs",
    response={200: s.EntrepreneurPage, **ERRORS},
    summary="Your operator's entrepreneurs (people with a business idea)",
)
def list_entrepreneurs(request, q: str = "", limit: int = 50, offset: int = 0):
    viewer = _staff(request)
    limit, offset = max(1, min(limit, 200)), max(0, min(offset, s.MAX_INT))
    rows = selectors.entrepreneurs(viewer, q.replace("\x00", "")[:200])
    return _page(rows, limit, offset, _entrepreneur_item)


@router.post(
    "/entrepreneurs", response={201: s.EntrepreneurOut, **ERRORS}, summary="Add an entrepreneur"
)
def create_entrepreneur(request, body: s.EntrepreneurIn):
    viewer = _staff(request)
    data = body.dict()
    data["municipality"] = _municipality(data.pop("municipality_code"))
    with _writing({"municipality": "municipality_code"}):
        entrepreneur = services.create_entrepreneur(viewer, **data)
    return Status(201, _entrepreneur(entrepreneur))


@router.get(
    "/entrepreneurs/{entrepreneur_id}",
    response={200: s.EntrepreneurOut, **ERRORS},
    summary="One entrepreneur",
)
def get_entrepreneur(request, entrepreneur_id: int):
    viewer = _staff(request)
    return _entrepreneur(_found(selectors.entrepreneur(viewer, entrepreneur_id, channel=CHANNEL)))


@router.patch(
    "/entrepreneurs/{entrepreneur_id}",
    response={200: s.EntrepreneurOut, **EDIT_ERRORS},
    summary="Change an entrepreneur (send the version you read)",
)
def patch_entrepreneur(request, entrepreneur_id: int, body: s.EntrepreneurPatch):
    viewer = _staff(request)
    entrepreneur = _found(selectors.entrepreneur(viewer, entrepreneur_id, channel=CHANNEL))
    fields = _changes(body, nullable=("municipality_code",))
    if "municipality_code" in fields:
        fields["municipality"] = _municipality(fields.pop("municipality_code"))
    with _writing({"municipality": "municipality_code"}):
        services.update_entrepreneur(viewer, entrepreneur, body.version, **fields)
    return _entrepreneur(entrepreneur)


@router.post(
    "/entrepreneurs/{entrepreneur_id}/link",
    response={200: s.EntrepreneurOut, **EDIT_ERRORS},
    summary="Link an entrepreneur to the company they founded",
)
def link_entrepreneur(request, entrepreneur_id: int, body: s.LinkIn):
    viewer = _staff(request)
    entrepreneur = _found(selectors.entrepreneur(viewer, entrepreneur_id, channel=CHANNEL))
    company = _companies_by_cvr([body.cvr], "cvr")[0]
    with _writing({"company": "cvr"}):
        services.link_entrepreneur(viewer, entrepreneur, company, body.version)
    return _entrepreneur(entrepreneur)


# --- Referrals -----------------------------------------------------------------------------


REFERRAL_FIELDS = {
    "company": "cvr",
    "entrepreneur": "entrepreneur_id",
    "to_organisation": "to_organisation_id",
    "to_person": "to_person_email",
    "offer": "offer_id",
    "interaction": "interaction_id",
}


@router.get(
    "/referrals",
    response={200: s.ReferralPage, **ERRORS},
    summary="Referrals sent by or to your operator",
)
def list_referrals(request, filters: Query[s.ReferralFilters]):
    viewer = _staff(request)
    rows = selectors.referrals(viewer, direction=filters.direction, status=filters.status or "")
    return _page(rows, filters.limit, filters.offset, _referral_item)


@router.post(
    "/referrals",
    response={201: s.ReferralOut, **ERRORS},
    summary="Refer a company to another operator, a consultant there or a private adviser",
)
def create_referral(request, body: s.ReferralIn):
    viewer = _staff(request)
    errors = {}
    company = entrepreneur = to_organisation = to_person = offer = None
    try:
        company = _companies_by_cvr([body.cvr], "cvr")[0] if body.cvr else None
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if body.entrepreneur_id:
        try:
            entrepreneur = _own_entrepreneurs(viewer, [body.entrepreneur_id], "entrepreneur_id")[0]
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if body.to_organisation_id:
        to_organisation = Organisation.objects.filter(pk=body.to_organisation_id).first()
        if to_organisation is None:
            errors["to_organisation_id"] = [_("Unknown operator.")]
    if body.to_person_email:
        to_person = Person.objects.filter(email__iexact=body.to_person_email).first()
        if to_person is None:
            errors["to_person_email"] = [
                _("The consultant must work at the operator you refer to.")
            ]
    try:
        offer = _offer(viewer, body.offer_id)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    with _writing(REFERRAL_FIELDS):
        referral = services.refer_company(
            viewer,
            company=company,
            entrepreneur=entrepreneur,
            to_organisation=to_organisation,
            to_person=to_person,
            private_adviser=body.private_adviser,
            offer=offer,
            themes=body.themes,
            reason=body.reason,
            company_wants=body.company_wants,
        )
    return Status(201, _referral(viewer, referral))


@router.get(
    "/referrals/{referral_id}",
    response={200: s.ReferralOut, **ERRORS},
    summary="One referral with its reason and history",
)
def get_referral(request, referral_id: int):
    viewer = _staff(request)
    return _referral(viewer, _found(selectors.referral(viewer, referral_id, channel=CHANNEL)))


@router.post(
    "/referrals/{referral_id}/status",
    response={200: s.ReferralOut, **EDIT_ERRORS},
    summary="Answer a referral: received, accepted, declined or completed (the receiver)",
)
def move_referral(request, referral_id: int, body: s.ReferralStatusIn):
    viewer = _staff(request)
    referral = _found(selectors.referral(viewer, referral_id, channel=CHANNEL))
    interaction = None
    if body.interaction_id:
        interaction = Interaction.objects.filter(
            pk=body.interaction_id, organisation_id=viewer.organisation_id
        ).first()
        if interaction is None:
            raise ValidationError({"interaction_id": _("Unknown interaction.")})
    with _writing(REFERRAL_FIELDS):
        services.move_referral(
            viewer,
            referral,
            body.status,
            version=body.version,
            decline_reason=body.decline_reason,
            interaction=interaction,
        )
    # The history gained a step since the selector read it.
    getattr(referral, "_prefetched_objects_cache", {}).pop("events", None)
    return _referral(viewer, referral)


# --- Consents ------------------------------------------------------------------------------


@router.get(
    "/companies/{cvr}/consents",
    response={200: list[s.ConsentOut], **ERRORS},
    summary="A company's consents to sharing, given and withdrawn",
)
def list_consents(request, cvr: str):
    viewer = _staff(request)
    company = _company(cvr)
    return [_consent(c) for c in selectors.consents_of(viewer, company).select_related("company")]


@router.post(
    "/companies/{cvr}/consents",
    response={201: s.ConsentOut, **ERRORS},
    summary="Record the company's consent to sharing its CRM records with all operators",
)
def give_consent(request, cvr: str, body: s.ConsentIn):
    viewer = _staff(request)
    company = _company(cvr)
    with _writing():
        consent = services.give_consent(
            viewer, company, given_by=body.given_by, given_at=body.given_at
        )
    return Status(201, _consent(consent))


@router.post(
    "/consents/{consent_id}/withdraw",
    response={200: s.ConsentOut, **ERRORS},
    summary="Record that the company withdrew its consent",
)
def withdraw_consent(request, consent_id: int):
    viewer = _staff(request)
    consent = _found(selectors.consent(viewer, consent_id))
    with _writing():
        services.withdraw_consent(viewer, consent)
    return _consent(consent)


# --- Worklists -----------------------------------------------------------------------------


@router.get(
    "/worklists",
    response={200: s.WorklistsOut, **ERRORS},
    summary="Your worklists: prioritised without a talk, referrals waiting, no contact in a year",
)
def worklists(request, limit: int = 50):
    viewer = _staff(request)
    limit = max(1, min(limit, 200))

    def listed(rows, convert):
        return {"total": rows.count(), "items": [convert(r) for r in rows[:limit]]}

    return {
        "prioritised_without_talk": listed(
            selectors.prioritised_without_talk(viewer), _worklist_company
        ),
        "referrals_waiting_for_me": listed(selectors.waiting_for_me(viewer), _referral_item),
        "my_companies_without_contact": listed(
            selectors.my_companies_without_contact(viewer), _worklist_company
        ),
    }
