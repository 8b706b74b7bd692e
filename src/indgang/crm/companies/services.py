"""Writes on a company's file: contact persons, the funnel segment, needs assessments."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from indgang.audit.public import Action
from indgang.core.public import validate_event_date
from indgang.crm.models import (
    CompanySegment,
    ContactPerson,
    Entrepreneur,
    GrowthParameter,
    NeedsAssessment,
    Segment,
)
from indgang.crm.writing import (
    log_change,
    require_owner,
    require_writer,
    save_versioned,
    themes_from_codes,
)
from indgang.organisations.public import Membership, Person, Viewer
from indgang.registry.public import Company


@transaction.atomic
def add_contact_person(viewer: Viewer, company: Company, **data) -> ContactPerson:
    require_writer(viewer)
    contact = ContactPerson(
        company=company, organisation_id=viewer.organisation_id, created_by=viewer.person, **data
    )
    contact.full_clean()
    contact.save()
    log_change(viewer, Action.CREATE, [contact])
    return contact


@transaction.atomic
def update_contact_person(viewer: Viewer, contact: ContactPerson, version: int, **data):
    require_owner(viewer, contact)
    save_versioned(contact, version, data)
    log_change(viewer, Action.CHANGE, [contact])
    return contact


@transaction.atomic
def set_segment(
    viewer: Viewer,
    company: Company,
    *,
    segment: str,
    key_account_owner: Person | None = None,
    version: int | None = None,
) -> CompanySegment:
    """Place ``company`` in the viewer's organisation's funnel; managers only."""
    if not viewer.manages:
        raise PermissionDenied(_("Only managers decide where a company sits in the funnel."))
    if segment not in Segment.values:
        raise ValidationError({"segment": _("Choose portfolio, prioritised or key account.")})
    if (
        key_account_owner is not None
        and not Membership.objects.filter(
            person=key_account_owner, organisation_id=viewer.organisation_id
        ).exists()
    ):
        raise ValidationError(
            {"key_account_owner": _("The key account owner must work in your organisation.")}
        )
    current = CompanySegment.objects.filter(
        company=company, organisation_id=viewer.organisation_id
    ).first()
    if current is None:
        return CompanySegment.objects.create(
            company=company,
            organisation_id=viewer.organisation_id,
            segment=segment,
            key_account_owner=key_account_owner,
        )
    save_versioned(
        current,
        current.version if version is None else version,
        {"segment": segment, "key_account_owner": key_account_owner, "updated_at": timezone.now()},
    )
    return current


def clean_growth_mapping(mapping: dict | None) -> dict:
    """``{parameter: {"rating": 1-5, "note": str}}``; unknown parameters and bad ratings
    are named in the error."""
    cleaned = {}
    errors = {}
    for key, value in (mapping or {}).items():
        if key not in GrowthParameter.values:
            errors[f"growth_mapping.{key}"] = _("Unknown growth-mapping parameter.")
            continue
        value = value or {}
        if not isinstance(value, dict):
            errors[f"growth_mapping.{key}"] = _("Give a rating and a note.")
            continue
        rating = value.get("rating")
        note = (value.get("note") or "").strip()
        if rating in ("", None):
            rating = None
        else:
            try:
                rating = int(rating)
            except (TypeError, ValueError):
                rating = 0
            if not 1 <= rating <= 5:
                errors[f"growth_mapping.{key}.rating"] = _("A rating is a whole number 1–5.")
                continue
        if rating is not None or note:
            cleaned[key] = {"rating": rating, "note": note}
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def record_needs_assessment(
    viewer: Viewer,
    *,
    company: Company | None = None,
    entrepreneur: Entrepreneur | None = None,
    date: date,
    expressed_themes=(),
    observed_themes=(),
    growth_mapping: dict | None = None,
    **fields,
) -> NeedsAssessment:
    require_writer(viewer)
    if (company is None) == (entrepreneur is None):
        raise ValidationError({"company": _("Choose a company or an entrepreneur.")})
    try:
        validate_event_date(date)
    except ValidationError as exc:
        raise ValidationError({"date": exc.messages}) from None
    assessment = NeedsAssessment(
        organisation_id=viewer.organisation_id,
        created_by=viewer.person,
        consultant=viewer.person,
        company=company,
        entrepreneur=entrepreneur,
        date=date,
        growth_mapping=clean_growth_mapping(growth_mapping),
        **fields,
    )
    assessment.full_clean()
    assessment.save()
    assessment.expressed_themes.set(themes_from_codes(expressed_themes))
    assessment.observed_themes.set(themes_from_codes(observed_themes))
    log_change(viewer, Action.CREATE, [assessment])
    return assessment


@transaction.atomic
def update_needs_assessment(
    viewer: Viewer,
    assessment: NeedsAssessment,
    version: int,
    *,
    expressed_themes=None,
    observed_themes=None,
    growth_mapping=None,
    **fields,
) -> NeedsAssessment:
    require_owner(viewer, assessment)
    if growth_mapping is not None:
        fields["growth_mapping"] = clean_growth_mapping(growth_mapping)
    save_versioned(assessment, version, fields)
    if expressed_themes is not None:
        assessment.expressed_themes.set(themes_from_codes(expressed_themes))
    if observed_themes is not None:
        assessment.observed_themes.set(themes_from_codes(observed_themes))
    log_change(viewer, Action.CHANGE, [assessment])
    return assessment
