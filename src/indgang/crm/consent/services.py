"""Giving and withdrawing a company's consent to sharing."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from indgang.audit.public import Action
from indgang.crm.models import (
    Consent,
)
from indgang.crm.writing import log_change, require_writer
from indgang.organisations.public import Viewer
from indgang.registry.public import Company


def sharing_consent_text() -> str:
    return _(
        "The company agrees that the operators of the Danish business promotion system may "
        "see the notes, needs assessments and contact persons recorded about it, so that it "
        "is helped in a coordinated way. The consent can be withdrawn at any time."
    )


@transaction.atomic
def give_consent(viewer: Viewer, company: Company, *, given_by: str, given_at=None) -> Consent:
    require_writer(viewer)
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
    log_change(viewer, Action.CREATE, [consent])
    return consent


@transaction.atomic
def withdraw_consent(viewer: Viewer, consent: Consent) -> Consent:
    """Any operator's staff may record a withdrawal: the company may tell anyone."""
    require_writer(viewer)
    if consent.withdrawn_at is None:
        consent.withdrawn_at = timezone.now()
        consent.save(update_fields=["withdrawn_at"])
        log_change(viewer, Action.CHANGE, [consent])
    return consent
