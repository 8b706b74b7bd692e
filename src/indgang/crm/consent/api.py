"""Consents over the API."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Router, Status

from indgang.crm.api_support import ERRORS, api_staff, company_or_404, found_or_404, service_errors
from indgang.crm.consent import selectors, services
from indgang.crm.consent.schemas import ConsentIn, ConsentOut
from indgang.crm.models import Consent, Interaction
from indgang.crm.schemas import Id
from indgang.organisations.public import Organisation

router = Router()


def _consent(c: Consent) -> dict:
    return {
        "id": c.pk,
        "company_cvr": c.company.cvr,
        "organisation_id": c.organisation_id,
        "interaction_id": c.interaction_id,
        "given_by": c.given_by,
        "text": c.text,
        "text_version": c.text_version,
        "scope": c.scope,
        "operator_ids": [o.pk for o in c.operators.all()],
        "given_at": c.given_at,
        "receipt_sent": bool(c.receipt_email),
        "withdrawn_at": c.withdrawn_at,
        "withdrawn_via": c.withdrawn_via,
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
    summary="Record the company's consent to sharing, given in a meeting of your operator",
)
def give_consent(request, cvr: str, body: ConsentIn):
    viewer = api_staff(request)
    company = company_or_404(cvr)
    operators = list(Organisation.objects.filter(pk__in=body.operator_ids))
    unknown = set(body.operator_ids) - {o.pk for o in operators}
    with service_errors({"interaction": "interaction_id", "operators": "operator_ids"}):
        if unknown:
            raise ValidationError({"operators": _("Unknown operator.")})
        consent = services.give_consent(
            viewer,
            company,
            interaction=services.meetings_with(viewer, company)
            .filter(pk=body.interaction_id)
            .first(),
            given_by=body.given_by,
            given_at=body.given_at,
            scope=body.scope,
            operators=operators,
            receipt_email=body.receipt_email,
            link_base=f"{request.scheme}://{request.get_host()}",
        )
    return Status(201, _consent(consent))


@router.post(
    "/consents/{consent_id}/withdraw",
    response={200: ConsentOut, **ERRORS},
    summary="Withdraw a consent your operator recorded (the company told you)",
)
def withdraw_consent(request, consent_id: int, interaction_id: Id | None = None):
    """``interaction_id``: the meeting of your operator in which the company withdrew it."""
    viewer = api_staff(request)
    consent = found_or_404(selectors.consent(viewer, consent_id))
    meeting = None
    with service_errors({"interaction": "interaction_id"}):
        if interaction_id is not None:
            meeting = Interaction.objects.filter(
                pk=interaction_id, organisation_id=viewer.organisation_id
            ).first()
            if meeting is None:
                raise ValidationError(
                    {"interaction": _("Choose a meeting of your own organisation.")}
                )
        services.withdraw_consent(viewer, consent, interaction=meeting)
    return _consent(consent)
