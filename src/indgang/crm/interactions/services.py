"""Logging and editing an interaction."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from indgang.audit.public import Action
from indgang.catalog.public import Offer
from indgang.core.public import EARLIEST_EVENT, event_date_message
from indgang.crm.models import (
    GROUP_TYPES,
    Entrepreneur,
    Interaction,
    LegalBasis,
    Participant,
)
from indgang.crm.permissions import can_read_content
from indgang.crm.writing import (
    log_change,
    require_owner,
    require_writer,
    save_versioned,
    themes_from_codes,
)
from indgang.organisations.public import Viewer
from indgang.registry.public import Company


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
    elif data.date < EARLIEST_EVENT:
        errors["date"] = event_date_message()
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
    require_writer(viewer)
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
    interaction.themes.set(themes_from_codes(data.themes))
    interaction.contacts.set(data.contacts)
    if data.type in GROUP_TYPES:
        Participant.objects.bulk_create(
            [Participant(interaction=interaction, company=c) for c in data.participant_companies]
            + [
                Participant(interaction=interaction, entrepreneur=e)
                for e in data.participant_entrepreneurs
            ]
        )
    log_change(viewer, Action.CREATE, [interaction])
    return interaction


@transaction.atomic
def update_interaction(
    viewer: Viewer, interaction: Interaction, version: int, *, themes=None, contacts=None, **fields
) -> Interaction:
    require_owner(viewer, interaction)
    if "date" in fields and fields["date"] > timezone.localdate() + timedelta(days=366):
        raise ValidationError({"date": _("The date is more than a year ahead.")})
    if "date" in fields and fields["date"] < EARLIEST_EVENT:
        raise ValidationError({"date": event_date_message()})
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
    save_versioned(interaction, version, fields)
    if themes is not None:
        interaction.themes.set(themes_from_codes(themes))
    if contacts is not None:
        interaction.contacts.set(contacts)
    log_change(viewer, Action.CHANGE, [interaction])
    return interaction
