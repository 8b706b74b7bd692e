"""Writing the access log. Called by the CRM's selectors and services whenever notes or
personal data are read, exported, changed or anonymised: one row per record."""

from collections.abc import Iterable

from indgang.audit.models import AccessLogEntry, Action


def record(
    *,
    person,
    acting_organisation_id: str | None,
    action: str,
    records: Iterable,
    channel: str = "",
    owner_organisation_id: str | None = None,
) -> int:
    """Log ``action`` on each record (a model instance with ``organisation_id``).

    ``owner_organisation_id`` files the rows under another organisation's log than the
    record's own: a consent recorded by one operator is logged for each operator whose
    notes it opens, so their data protection officers see who recorded it."""
    person = person if getattr(person, "is_authenticated", False) else None
    rows = [
        AccessLogEntry(
            person=person,
            person_email=getattr(person, "email", "") or "",
            acting_organisation_id=acting_organisation_id or "",
            owner_organisation_id=owner_organisation_id
            or getattr(item, "organisation_id", "")
            or "",
            action=action,
            record_type=item._meta.model_name,
            record_id=str(item.pk),
            cvr=_cvr_of(item),
            channel=channel,
        )
        for item in records
    ]
    AccessLogEntry.objects.bulk_create(rows)
    return len(rows)


def _cvr_of(item) -> str:
    company = getattr(item, "company", None) if hasattr(item, "company_id") else None
    return getattr(company, "cvr", "") or ""


__all__ = ["Action", "record"]
