"""The company file over the API: timeline, segment, contact persons, needs
assessments and the worklists.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from indgang.crm.api_support import (
    CHANNEL,
    EDIT_ERRORS,
    ERRORS,
    api_staff,
    company_or_404,
    email_of,
    found_or_404,
    patched_fields,
    service_errors,
)
from indgang.crm.companies import selectors, services
from indgang.crm.companies.schemas import (
    ContactIn,
    ContactOut,
    ContactPatch,
    NeedsAssessmentIn,
    NeedsAssessmentOut,
    NeedsAssessmentPatch,
    SegmentIn,
    SegmentOut,
    TimelineOut,
    TimelinePaging,
    WorklistsOut,
)
from indgang.crm.consent import selectors as consent_selectors
from indgang.crm.models import (
    ContactPerson,
)
from indgang.crm.referrals import selectors as referrals_selectors
from indgang.crm.referrals.api import _referral_item
from indgang.organisations.public import Person

router = Router()


def _key_account(segment) -> dict:
    owner = segment.key_account_owner
    return {
        "organisation_id": segment.organisation_id,
        "organisation_name": segment.organisation.name,
        "segment": segment.segment,
        "key_account_owner_name": owner.full_name if owner else None,
        "key_account_owner_email": email_of(owner),
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


def _assessment(a) -> dict:
    return {
        "id": a.pk,
        "organisation_id": a.organisation_id,
        "company_cvr": a.company.cvr if a.company_id else None,
        "entrepreneur_id": a.entrepreneur_id,
        "consultant_email": email_of(a.consultant),
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


def _worklist_company(c) -> dict:
    return {
        "cvr": c.cvr,
        "name": c.name,
        "municipality_code": c.municipality_id,
        "last_contact": getattr(c, "last_contact", None),
    }


@router.get(
    "/companies/{cvr}/timeline",
    response={200: TimelineOut, **ERRORS},
    summary="A company's timeline and key accounts",
)
def company_timeline(request, cvr: str, paging: Query[TimelinePaging]):
    """Who was in contact with the company, when and about what, across all operators,
    and who holds it as a key account. No notes: ``record_id`` is set where you may open
    the record itself. The entries newest first, ``limit`` of them from ``offset``, of
    ``total``."""
    viewer = api_staff(request)
    company = company_or_404(cvr)
    mine = selectors.segment_of(viewer, company)
    timeline = selectors.CompanyTimeline(viewer, company)
    return {
        "company": company,
        "sharing_consent": consent_selectors.has_sharing_consent(company),
        "key_accounts": [_key_account(seg) for seg in selectors.key_accounts(company)],
        "my_segment": _key_account(mine) if mine else None,
        "total": timeline.count(),
        "limit": paging.limit,
        "offset": paging.offset,
        "entries": timeline[paging.offset : paging.offset + paging.limit],
    }


@router.put(
    "/companies/{cvr}/segment",
    response={200: SegmentOut, **EDIT_ERRORS},
    summary="Place a company in your operator's funnel (managers)",
)
def put_segment(request, cvr: str, body: SegmentIn):
    viewer = api_staff(request)
    company = company_or_404(cvr)
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
    with service_errors({"key_account_owner": "key_account_owner_email"}):
        segment = services.set_segment(
            viewer,
            company,
            segment=body.segment,
            key_account_owner=owner,
            version=body.version,
        )
    segment = selectors.key_accounts(company).get(pk=segment.pk)
    return _key_account(segment)


@router.get(
    "/companies/{cvr}/contacts",
    response={200: list[ContactOut], **ERRORS},
    summary="A company's contact persons you may see",
)
def list_contacts(request, cvr: str):
    viewer = api_staff(request)
    company = company_or_404(cvr)
    return [_contact(c) for c in selectors.contact_persons(viewer, company, channel=CHANNEL)]


@router.post(
    "/companies/{cvr}/contacts",
    response={201: ContactOut, **ERRORS},
    summary="Add a contact person",
)
def create_contact(request, cvr: str, body: ContactIn):
    viewer = api_staff(request)
    company = company_or_404(cvr)
    with service_errors():
        contact = services.add_contact_person(viewer, company, **body.dict())
    return Status(201, _contact(contact))


@router.get(
    "/contacts/{contact_id}", response={200: ContactOut, **ERRORS}, summary="One contact person"
)
def get_contact(request, contact_id: int):
    viewer = api_staff(request)
    return _contact(found_or_404(selectors.contact_person(viewer, contact_id, channel=CHANNEL)))


@router.patch(
    "/contacts/{contact_id}",
    response={200: ContactOut, **EDIT_ERRORS},
    summary="Change a contact person (send the version you read)",
)
def patch_contact(request, contact_id: int, body: ContactPatch):
    viewer = api_staff(request)
    contact = found_or_404(selectors.contact_person(viewer, contact_id, channel=CHANNEL))
    with service_errors():
        services.update_contact_person(viewer, contact, body.version, **patched_fields(body))
    return _contact(contact)


def _assessment_fields(data: dict) -> dict:
    if data.get("growth_mapping") is not None:
        data["growth_mapping"] = {k: dict(v) for k, v in data["growth_mapping"].items()}
    for name in ("digital_maturity", "export_maturity"):
        if data.get(name) is not None:
            data[name] = int(data[name])
    return data


@router.get(
    "/companies/{cvr}/needs-assessments",
    response={200: list[NeedsAssessmentOut], **ERRORS},
    summary="A company's needs assessments you may see",
)
def list_needs_assessments(request, cvr: str):
    viewer = api_staff(request)
    company = company_or_404(cvr)
    return [
        _assessment(a) for a in selectors.needs_assessments_of(viewer, company, channel=CHANNEL)
    ]


@router.post(
    "/companies/{cvr}/needs-assessments",
    response={201: NeedsAssessmentOut, **ERRORS},
    summary="Record a needs assessment with the growth mapping",
)
def create_needs_assessment(request, cvr: str, body: NeedsAssessmentIn):
    viewer = api_staff(request)
    company = company_or_404(cvr)
    with service_errors():
        assessment = services.record_needs_assessment(
            viewer, company=company, **_assessment_fields(body.dict())
        )
    return Status(201, _assessment(assessment))


@router.get(
    "/needs-assessments/{assessment_id}",
    response={200: NeedsAssessmentOut, **ERRORS},
    summary="One needs assessment",
)
def get_needs_assessment(request, assessment_id: int):
    viewer = api_staff(request)
    return _assessment(
        found_or_404(selectors.needs_assessment(viewer, assessment_id, channel=CHANNEL))
    )


@router.patch(
    "/needs-assessments/{assessment_id}",
    response={200: NeedsAssessmentOut, **EDIT_ERRORS},
    summary="Change a needs assessment (send the version you read)",
)
def patch_needs_assessment(request, assessment_id: int, body: NeedsAssessmentPatch):
    viewer = api_staff(request)
    assessment = found_or_404(selectors.needs_assessment(viewer, assessment_id, channel=CHANNEL))
    fields = _assessment_fields(
        patched_fields(body, nullable=("digital_maturity", "export_maturity"))
    )
    with service_errors():
        services.update_needs_assessment(viewer, assessment, body.version, **fields)
    return _assessment(assessment)


@router.get(
    "/worklists",
    response={200: WorklistsOut, **ERRORS},
    summary="Your worklists: prioritised without a talk, referrals waiting, no contact in a year",
)
def worklists(request, limit: int = 50):
    viewer = api_staff(request)
    limit = max(1, min(limit, 200))

    def listed(rows, convert):
        return {"total": rows.count(), "items": [convert(r) for r in rows[:limit]]}

    return {
        "prioritised_without_talk": listed(
            selectors.prioritised_without_talk(viewer), _worklist_company
        ),
        "referrals_waiting_for_me": listed(
            referrals_selectors.waiting_for_me(viewer), _referral_item
        ),
        "my_companies_without_contact": listed(
            selectors.my_companies_without_contact(viewer), _worklist_company
        ),
    }
