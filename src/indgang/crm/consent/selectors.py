"""Reads of consents."""

from django.db.models import QuerySet

from indgang.audit.public import Action, search_log
from indgang.crm.models import (
    Consent,
)
from indgang.organisations.public import Viewer
from indgang.registry.public import Company


def consents_of(viewer: Viewer, company: Company) -> QuerySet[Consent]:
    """Every consent on the company, with who recorded it and in which meeting: the staff of
    every operator see them, since a consent decides who reads whose notes."""
    if not viewer.is_staff:
        return Consent.objects.none()
    return (
        company.consents.select_related("organisation", "recorded_by", "interaction")
        .prefetch_related("operators")
        .order_by("-given_at")
    )


def reads_under_consent(viewer: Viewer, company: Company, limit: int = 50):
    """The reads by other operators of the viewer's organisation's notes on the company
    (the access log), newest first: what a consent has opened, and to whom."""
    if not viewer.reads_content:
        return []
    return list(
        search_log(organisation_id=viewer.organisation_id, cvr=company.cvr, action=Action.READ)
        .filter(owner_organisation_id=viewer.organisation_id)
        .exclude(acting_organisation_id=viewer.organisation_id)[:limit]
    )


def consent(viewer: Viewer, pk: int) -> Consent | None:
    if not viewer.is_staff:
        return None
    return Consent.objects.filter(pk=pk).select_related("company").first()


def has_sharing_consent(company: Company) -> bool:
    return company.consents.filter(withdrawn_at__isnull=True).exists()
