"""Consents over the API."""

from ninja import Router, Status

from indgang.crm.api_support import ERRORS, api_staff, company_or_404, found_or_404, service_errors
from indgang.crm.consent import selectors, services
from indgang.crm.consent.schemas import ConsentIn, ConsentOut
from indgang.crm.models import (
    Consent,
)

router = Router()


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


@router.get(
    "/companies/{cvr}/consents",
    response={200: list[ConsentOut], **ERRORS},
    summary="A company's consents to sharing, given and withdrawn",
)
def list_consents(request, cvr: str):
    viewer = api_staff(request)
    company = company_or_404(cvr)
    return [_consent(c) for c in selectors.consents_of(viewer, company).select_related("company")]


@router.post(
    "/companies/{cvr}/consents",
    response={201: ConsentOut, **ERRORS},
    summary="Record the company's consent to sharing its CRM records with all operators",
)
def give_consent(request, cvr: str, body: ConsentIn):
    viewer = api_staff(request)
    company = company_or_404(cvr)
    with service_errors():
        consent = services.give_consent(
            viewer, company, given_by=body.given_by, given_at=body.given_at
        )
    return Status(201, _consent(consent))


@router.post(
    "/consents/{consent_id}/withdraw",
    response={200: ConsentOut, **ERRORS},
    summary="Record that the company withdrew its consent",
)
def withdraw_consent(request, consent_id: int):
    viewer = api_staff(request)
    consent = found_or_404(selectors.consent(viewer, consent_id))
    with service_errors():
        services.withdraw_consent(viewer, consent)
    return _consent(consent)
