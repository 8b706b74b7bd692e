"""Reads of consents."""

from django.db.models import QuerySet

from indgang.crm.models import (
    Consent,
)
from indgang.organisations.public import Viewer
from indgang.registry.public import Company


def consents_of(viewer: Viewer, company: Company) -> QuerySet[Consent]:
    if not viewer.is_staff:
        return Consent.objects.none()
    return company.consents.select_related("organisation").order_by("-given_at")


def consent(viewer: Viewer, pk: int) -> Consent | None:
    if not viewer.is_staff:
        return None
    return Consent.objects.filter(pk=pk).select_related("company").first()


def has_sharing_consent(company: Company) -> bool:
    return company.consents.filter(withdrawn_at__isnull=True).exists()
