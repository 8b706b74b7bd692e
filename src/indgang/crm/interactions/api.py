"""Interactions over the API."""

from django.core.exceptions import PermissionDenied, ValidationError
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
    paged,
    patched_fields,
    service_errors,
)
from indgang.crm.interactions import selectors, services
from indgang.crm.interactions.schemas import (
    InteractionFilters,
    InteractionIn,
    InteractionOut,
    InteractionPage,
    InteractionPatch,
)
from indgang.crm.models import (
    ContactPerson,
    Interaction,
)
from indgang.crm.permissions import can_change, can_read_content, content_q
from indgang.organisations.public import Viewer

router = Router()


def _interaction_item(i: Interaction) -> dict:
    return {
        "id": i.pk,
        "type": i.type,
        "date": i.date,
        "company_cvr": i.company.cvr if i.company_id else None,
        "company_name": i.company.name if i.company_id else None,
        "entrepreneur_id": i.entrepreneur_id,
        "consultant_email": email_of(i.consultant),
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


INTERACTION_FIELDS = {
    "company": "cvr",
    "entrepreneur": "entrepreneur_id",
    "contacts": "contact_ids",
    "participants": "participant_cvrs",
    "offer": "offer_id",
}


@router.get(
    "/interactions",
    response={200: InteractionPage, **ERRORS},
    summary="Your operator's interactions (without notes), filtered and paginated",
)
def list_interactions(request, filters: Query[InteractionFilters]):
    viewer = api_staff(request)
    rows = selectors.my_interactions(
        viewer,
        type=filters.type or "",
        date_from=filters.date_from,
        date_to=filters.date_to,
        cvr=filters.cvr or "",
    )
    return paged(rows, filters.limit, filters.offset, _interaction_item)


@router.post(
    "/interactions",
    response={201: InteractionOut, **ERRORS},
    summary="Log an interaction (guidance, visit, call, email, event, course)",
)
def create_interaction(request, body: InteractionIn):
    viewer = api_staff(request)
    errors: dict[str, str] = {}

    def resolve(find):
        try:
            return find()
        except ValidationError as exc:
            errors.update({k: v[0] for k, v in exc.message_dict.items()})
            return None

    company = resolve(lambda: companies_by_cvr([body.cvr], "cvr")[0] if body.cvr else None)
    entrepreneur = resolve(
        lambda: (
            own_entrepreneurs(viewer, [body.entrepreneur_id], "entrepreneur_id")[0]
            if body.entrepreneur_id
            else None
        ),
    )
    offer = resolve(lambda: offer_or_422(viewer, body.offer_id))
    # Only contact persons the viewer may read can be named; others are "unknown".
    contacts = list(
        ContactPerson.objects.filter(
            content_q(viewer), pk__in=body.contact_ids, anonymised_at__isnull=True
        )
    )
    if len(contacts) != len(set(body.contact_ids)):
        errors["contact_ids"] = _("Unknown contact person.")
    participants = resolve(lambda: companies_by_cvr(body.participant_cvrs, "participant_cvrs"))
    participant_entrepreneurs = resolve(
        lambda: own_entrepreneurs(
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
    with service_errors(INTERACTION_FIELDS):
        interaction = services.log_interaction(viewer, data)
    # Answered from the record just written: creating it is logged, it was not "read".
    return Status(201, _interaction(viewer, interaction))


@router.get(
    "/interactions/{interaction_id}",
    response={200: InteractionOut, **ERRORS},
    summary="One interaction with its note",
)
def get_interaction(request, interaction_id: int):
    viewer = api_staff(request)
    row = found_or_404(selectors.interaction(viewer, interaction_id, channel=CHANNEL))
    return _interaction(viewer, row)


@router.patch(
    "/interactions/{interaction_id}",
    response={200: InteractionOut, **EDIT_ERRORS},
    summary="Change an interaction (send the version you read)",
)
def patch_interaction(request, interaction_id: int, body: InteractionPatch):
    viewer = api_staff(request)
    row = found_or_404(selectors.interaction(viewer, interaction_id, channel=CHANNEL))
    if not can_change(viewer, row):
        raise PermissionDenied(_("Only the organisation that wrote this record may change it."))
    fields = patched_fields(body, nullable=("offer_id",))
    if "offer_id" in fields:
        fields["offer"] = offer_or_422(viewer, fields.pop("offer_id"))
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
    with service_errors(INTERACTION_FIELDS):
        services.update_interaction(viewer, row, body.version, **fields)
    return _interaction(viewer, row)
