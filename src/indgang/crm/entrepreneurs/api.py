"""Entrepreneurs over the API."""

from ninja import Router, Status

from indgang.core.public import MAX_INT
from indgang.crm.api_support import (
    CHANNEL,
    EDIT_ERRORS,
    ERRORS,
    api_staff,
    companies_by_cvr,
    found_or_404,
    municipality_or_422,
    paged,
    patched_fields,
    service_errors,
)
from indgang.crm.entrepreneurs import selectors, services
from indgang.crm.entrepreneurs.schemas import (
    EntrepreneurIn,
    EntrepreneurOut,
    EntrepreneurPage,
    EntrepreneurPatch,
    LinkIn,
)

router = Router()


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


@router.get(
    "/entrepreneurs",
    response={200: EntrepreneurPage, **ERRORS},
    summary="Your operator's entrepreneurs (people with a business idea)",
)
def list_entrepreneurs(request, q: str = "", limit: int = 50, offset: int = 0):
    viewer = api_staff(request)
    limit, offset = max(1, min(limit, 200)), max(0, min(offset, MAX_INT))
    rows = selectors.entrepreneurs(viewer, q.replace("\x00", "")[:200])
    return paged(rows, limit, offset, _entrepreneur_item)


@router.post(
    "/entrepreneurs", response={201: EntrepreneurOut, **ERRORS}, summary="Add an entrepreneur"
)
def create_entrepreneur(request, body: EntrepreneurIn):
    viewer = api_staff(request)
    data = body.dict()
    data["municipality"] = municipality_or_422(data.pop("municipality_code"))
    with service_errors({"municipality": "municipality_code"}):
        entrepreneur = services.create_entrepreneur(viewer, **data)
    return Status(201, _entrepreneur(entrepreneur))


@router.get(
    "/entrepreneurs/{entrepreneur_id}",
    response={200: EntrepreneurOut, **ERRORS},
    summary="One entrepreneur",
)
def get_entrepreneur(request, entrepreneur_id: int):
    viewer = api_staff(request)
    return _entrepreneur(
        found_or_404(selectors.entrepreneur(viewer, entrepreneur_id, channel=CHANNEL))
    )


@router.patch(
    "/entrepreneurs/{entrepreneur_id}",
    response={200: EntrepreneurOut, **EDIT_ERRORS},
    summary="Change an entrepreneur (send the version you read)",
)
def patch_entrepreneur(request, entrepreneur_id: int, body: EntrepreneurPatch):
    viewer = api_staff(request)
    entrepreneur = found_or_404(selectors.entrepreneur(viewer, entrepreneur_id, channel=CHANNEL))
    fields = patched_fields(body, nullable=("municipality_code",))
    if "municipality_code" in fields:
        fields["municipality"] = municipality_or_422(fields.pop("municipality_code"))
    with service_errors({"municipality": "municipality_code"}):
        services.update_entrepreneur(viewer, entrepreneur, body.version, **fields)
    return _entrepreneur(entrepreneur)


@router.post(
    "/entrepreneurs/{entrepreneur_id}/link",
    response={200: EntrepreneurOut, **EDIT_ERRORS},
    summary="Link an entrepreneur to the company they founded",
)
def link_entrepreneur(request, entrepreneur_id: int, body: LinkIn):
    viewer = api_staff(request)
    entrepreneur = found_or_404(selectors.entrepreneur(viewer, entrepreneur_id, channel=CHANNEL))
    company = companies_by_cvr([body.cvr], "cvr")[0]
    with service_errors({"company": "cvr"}):
        services.link_entrepreneur(viewer, entrepreneur, company, body.version)
    return _entrepreneur(entrepreneur)
