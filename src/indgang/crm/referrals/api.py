"""Referrals over the API."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from indgang.crm.api_support import (
    CHANNEL,
    EDIT_ERRORS,
    ERRORS,
    api_staff,
    companies_by_cvr,
    email_of,
    found_or_404,
    offer_or_422,
    own_entrepreneurs,
    service_errors,
)
from indgang.crm.models import (
    UNANSWERED,
    Interaction,
)
from indgang.crm.referrals import selectors, services
from indgang.crm.referrals.schemas import (
    ReferralFilters,
    ReferralIn,
    ReferralOut,
    ReferralPage,
    ReferralStatusIn,
)
from indgang.organisations.public import Organisation, Person, Viewer

router = Router()


def _referral_item(r) -> dict:
    return {
        "id": r.pk,
        "status": r.status,
        "from_company": r.from_company,
        "organisation_id": r.organisation_id,
        "organisation_name": r.organisation.name,
        "to_organisation_id": r.to_organisation_id,
        "to_organisation_name": r.to_organisation.name if r.to_organisation_id else None,
        "to_person_email": email_of(r.to_person),
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
        "sent_by_email": email_of(r.sent_by),
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
            {"status": e.status, "at": e.at, "by_email": email_of(e.by), "note": e.note}
            for e in r.events.all()
        ],
        "next_statuses": services.next_statuses(viewer, r),
    }


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
    response={200: ReferralPage, **ERRORS},
    summary="Referrals sent by or to your operator",
)
def list_referrals(request, filters: Query[ReferralFilters]):
    viewer = api_staff(request)
    rows = selectors.referrals(viewer, direction=filters.direction, status=filters.status or "")
    page = selectors.newest_page(viewer, rows, filters.offset, filters.limit)
    return {
        "total": rows.count(),
        "limit": filters.limit,
        "offset": filters.offset,
        "items": [_referral_item(r) for r in page],
    }


@router.post(
    "/referrals",
    response={201: ReferralOut, **ERRORS},
    summary="Refer a company to another operator, a consultant there or a private adviser",
)
def create_referral(request, body: ReferralIn):
    viewer = api_staff(request)
    errors = {}
    company = entrepreneur = to_organisation = to_person = offer = None
    try:
        company = companies_by_cvr([body.cvr], "cvr")[0] if body.cvr else None
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if body.entrepreneur_id:
        try:
            entrepreneur = own_entrepreneurs(viewer, [body.entrepreneur_id], "entrepreneur_id")[0]
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
        offer = offer_or_422(viewer, body.offer_id)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    with service_errors(REFERRAL_FIELDS):
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
    response={200: ReferralOut, **ERRORS},
    summary="One referral with its reason and history",
)
def get_referral(request, referral_id: int):
    viewer = api_staff(request)
    return _referral(viewer, found_or_404(selectors.referral(viewer, referral_id, channel=CHANNEL)))


@router.post(
    "/referrals/{referral_id}/status",
    response={200: ReferralOut, **EDIT_ERRORS},
    summary="Answer a referral: received, accepted, declined or completed (the receiver)",
)
def move_referral(request, referral_id: int, body: ReferralStatusIn):
    viewer = api_staff(request)
    referral = found_or_404(selectors.referral(viewer, referral_id, channel=CHANNEL))
    interaction = None
    if body.interaction_id:
        interaction = Interaction.objects.filter(
            pk=body.interaction_id, organisation_id=viewer.organisation_id
        ).first()
        if interaction is None:
            raise ValidationError({"interaction_id": _("Unknown interaction.")})
    with service_errors(REFERRAL_FIELDS):
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
