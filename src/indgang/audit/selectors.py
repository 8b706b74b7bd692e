"""Searching the access log: an organisation's administrators (its data protection
officer) see every access to the records their organisation holds, and every access
their own staff made."""

from datetime import date

from django.db.models import Q, QuerySet

from indgang.audit.models import AccessLogEntry


def search_log(
    *,
    organisation_id: str,
    cvr: str = "",
    person_email: str = "",
    action: str = "",
    record_type: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[AccessLogEntry]:
    entries = AccessLogEntry.objects.filter(
        Q(owner_organisation_id=organisation_id) | Q(acting_organisation_id=organisation_id)
    )
    if cvr:
        entries = entries.filter(cvr=cvr)
    if person_email:
        entries = entries.filter(person_email__icontains=person_email)
    if action:
        entries = entries.filter(action=action)
    if record_type:
        entries = entries.filter(record_type=record_type)
    if date_from:
        entries = entries.filter(at__date__gte=date_from)
    if date_to:
        entries = entries.filter(at__date__lte=date_to)
    return entries
