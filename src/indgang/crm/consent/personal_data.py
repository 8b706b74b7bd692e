"""A person's data for the data protection officer: export everything the
organisation holds about an email, or erase (anonymise) it.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from indgang.audit.public import Action
from indgang.crm.consent.anonymise import (
    anonymise_contact,
    anonymise_contact_requests,
    anonymise_entrepreneur,
)
from indgang.crm.models import (
    ContactPerson,
    ContactRequest,
    Entrepreneur,
    Interaction,
)
from indgang.crm.writing import log_change
from indgang.organisations.public import Viewer


def _person_records(organisation_id: str, email: str):
    email = email.strip().lower()
    contacts = ContactPerson.objects.filter(
        organisation_id=organisation_id, email__iexact=email, anonymised_at__isnull=True
    ).select_related("company")
    entrepreneurs = Entrepreneur.objects.filter(
        organisation_id=organisation_id, email__iexact=email, anonymised_at__isnull=True
    )
    return list(contacts), list(entrepreneurs)


def export_person_data(viewer: Viewer, email: str) -> dict:
    """Everything the viewer's organisation holds about the person with ``email`` (GDPR
    art. 15), for its administrators (the data protection officer)."""
    if not viewer.is_admin:
        raise PermissionDenied(_("Only administrators may export a person's data."))
    contacts, entrepreneurs = _person_records(viewer.organisation_id, email)
    interactions = Interaction.objects.filter(organisation_id=viewer.organisation_id).filter(
        contacts__in=contacts
    ) | Interaction.objects.filter(
        organisation_id=viewer.organisation_id, entrepreneur__in=entrepreneurs
    )
    interactions = list(interactions.distinct().prefetch_related("themes"))
    log_change(viewer, Action.EXPORT, [*contacts, *entrepreneurs, *interactions])
    return {
        "email": email,
        "organisation": viewer.organisation_id,
        "exported_at": timezone.now().isoformat(),
        "contact_persons": [
            {
                "company_cvr": c.company.cvr,
                "company_name": c.company.name,
                "name": c.name,
                "title": c.title,
                "email": c.email,
                "phone": c.phone,
                "legal_basis": c.legal_basis,
                "created_at": c.created_at.isoformat(),
            }
            for c in contacts
        ],
        "entrepreneurs": [
            {
                "name": e.name,
                "email": e.email,
                "phone": e.phone,
                "idea": e.idea,
                "municipality_code": e.municipality_id,
                "legal_basis": e.legal_basis,
                "created_at": e.created_at.isoformat(),
            }
            for e in entrepreneurs
        ],
        "interactions": [
            {
                "date": i.date.isoformat(),
                "type": i.type,
                "title": i.title,
                "themes": [t.code for t in i.themes.all()],
                "note": i.note,
            }
            for i in interactions
        ],
    }


@transaction.atomic
def erase_person(viewer: Viewer, email: str) -> int:
    """Anonymise the person with ``email`` in the viewer's organisation's records (GDPR
    art. 17). The activity stays countable; names, contact details and notes about an
    entrepreneur go. Returns the number of records anonymised."""
    if not viewer.is_admin:
        raise PermissionDenied(_("Only administrators may erase a person's data."))
    now = timezone.now()
    contacts, entrepreneurs = _person_records(viewer.organisation_id, email)
    requests = list(
        ContactRequest.objects.filter(operator_id=viewer.organisation_id, email__iexact=email)
    )
    log_change(viewer, Action.ANONYMISE, [*contacts, *entrepreneurs])
    for contact in contacts:
        anonymise_contact(contact, now)
    for entrepreneur in entrepreneurs:
        anonymise_entrepreneur(entrepreneur, now)
    anonymise_contact_requests(requests, now)
    return len(contacts) + len(entrepreneurs) + len(requests)
