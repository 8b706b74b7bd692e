"""Writes on entrepreneurs: create, edit, link to the company they founded."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from indgang.audit.public import Action
from indgang.crm.models import (
    Entrepreneur,
)
from indgang.crm.writing import log_change, require_owner, require_writer, save_versioned
from indgang.organisations.public import Viewer
from indgang.registry.public import Company


@transaction.atomic
def create_entrepreneur(viewer: Viewer, **data) -> Entrepreneur:
    require_writer(viewer)
    entrepreneur = Entrepreneur(
        organisation_id=viewer.organisation_id, created_by=viewer.person, **data
    )
    entrepreneur.full_clean()
    entrepreneur.save()
    log_change(viewer, Action.CREATE, [entrepreneur])
    return entrepreneur


@transaction.atomic
def update_entrepreneur(viewer: Viewer, entrepreneur: Entrepreneur, version: int, **data):
    require_owner(viewer, entrepreneur)
    save_versioned(entrepreneur, version, data)
    log_change(viewer, Action.CHANGE, [entrepreneur])
    return entrepreneur


@transaction.atomic
def link_entrepreneur(viewer: Viewer, entrepreneur: Entrepreneur, company: Company, version: int):
    """The entrepreneur founded ``company``: link them; earlier interactions stay as they were."""
    require_owner(viewer, entrepreneur)
    if entrepreneur.company_id and entrepreneur.company_id != company.pk:
        raise ValidationError({"company": _("This entrepreneur is already linked to a company.")})
    save_versioned(entrepreneur, version, {"company": company, "linked_at": timezone.now()})
    log_change(viewer, Action.CHANGE, [entrepreneur])
    return entrepreneur
