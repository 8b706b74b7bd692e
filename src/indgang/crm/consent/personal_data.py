"""A person's data in the CRM, for the data protection officer: everything the organisation
holds about an email, exported (GDPR art. 15) or erased (art. 17).

The person is found by email as a contact person, an entrepreneur, the sender of a contact
request, or the addressee of a consent's receipt; what is held about them is those records
and every interaction, referral and consent that names them (by their record, or by their
name in a title, note or text). Erasure anonymises all of it; the activity itself stays
countable. The other apps' parts (surveys, sign-ups, alerts) are gathered by
``indgang.privacy``, which calls ``person_data`` and ``erase_person_data`` here.
"""

import re

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from indgang.audit.public import Action
from indgang.crm.consent.anonymise import (
    ANONYMOUS,
    anonymise_contact,
    anonymise_contact_requests,
    anonymise_entrepreneur,
)
from indgang.crm.models import (
    Consent,
    ContactPerson,
    ContactRequest,
    Entrepreneur,
    Interaction,
    Referral,
)
from indgang.crm.writing import log_change
from indgang.organisations.public import Viewer

# Names shorter than this are not searched for in free text (too many false hits).
MIN_NAME = 4


class _Held:
    """What one organisation holds about one email."""

    def __init__(self, organisation_id: str, email: str):
        email = email.strip()
        own = {"organisation_id": organisation_id}
        self.contacts = list(
            ContactPerson.objects.filter(
                **own, email__iexact=email, anonymised_at__isnull=True
            ).select_related("company")
        )
        self.entrepreneurs = list(
            Entrepreneur.objects.filter(**own, email__iexact=email, anonymised_at__isnull=True)
        )
        self.requests = list(
            ContactRequest.objects.filter(operator_id=organisation_id, email__iexact=email)
            .exclude(contact_name=ANONYMOUS)
            .prefetch_related("offers")
        )
        self.names = sorted(
            {
                r.name if hasattr(r, "name") else r.contact_name
                for r in [*self.contacts, *self.entrepreneurs, *self.requests]
            }
            - {"", ANONYMOUS}
        )
        names_q = Q()
        for name in (n for n in self.names if len(n) >= MIN_NAME):
            names_q |= Q(title__icontains=name) | Q(note__icontains=name)
        self.interactions = list(
            Interaction.objects.filter(**own)
            .filter(
                Q(contacts__in=self.contacts)
                | Q(entrepreneur__in=self.entrepreneurs)
                | Q(participants__entrepreneur__in=self.entrepreneurs)
                | (names_q if names_q else Q(pk__in=[]))
            )
            .distinct()
            .prefetch_related("themes")
        )
        text_q = Q()
        for name in (n for n in self.names if len(n) >= MIN_NAME):
            text_q |= (
                Q(reason__icontains=name)
                | Q(company_wants__icontains=name)
                | Q(decline_reason__icontains=name)
            )
        self.referrals = list(
            Referral.objects.filter(Q(**own) | Q(to_organisation_id=organisation_id))
            .filter(
                Q(contact_request__in=self.requests)
                | Q(entrepreneur__in=self.entrepreneurs)
                | (text_q if text_q else Q(pk__in=[]))
            )
            .distinct()
        )
        given_q = Q(receipt_email__iexact=email) if email else Q(pk__in=[])
        for name in (n for n in self.names if len(n) >= MIN_NAME):
            given_q |= Q(given_by__icontains=name)
        self.consents = list(
            Consent.objects.filter(organisation_id=organisation_id).filter(given_q)
        )

    def records(self) -> list:
        return [
            *self.contacts,
            *self.entrepreneurs,
            *self.interactions,
            *self.referrals,
            *self.consents,
        ]


def person_data(viewer: Viewer, email: str) -> dict:
    """Everything the viewer's organisation holds in the CRM about the person with
    ``email``. The caller checks that the viewer is the organisation's administrator."""
    held = _Held(viewer.organisation_id, email)
    log_change(viewer, Action.EXPORT, held.records())
    return {
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
            for c in held.contacts
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
            for e in held.entrepreneurs
        ],
        "interactions": [
            {
                "date": i.date.isoformat(),
                "type": i.type,
                "title": i.title,
                "themes": [t.code for t in i.themes.all()],
                "note": i.note,
            }
            for i in held.interactions
        ],
        "referrals": [
            {
                "created_at": r.created_at.isoformat(),
                "from": r.organisation_id,
                "to": r.to_organisation_id or r.private_adviser,
                "status": r.status,
                "reason": r.reason,
                "company_wants": r.company_wants,
                "decline_reason": r.decline_reason,
            }
            for r in held.referrals
        ],
        "contact_requests": [
            {
                "created_at": r.created_at.isoformat(),
                "contact_name": r.contact_name,
                "email": r.email,
                "phone": r.phone,
                "company_name": r.company_name,
                "cvr": r.cvr,
                "needs_text": r.needs_text,
                "needs": r.needs,
                "offers": [o.pk for o in r.offers.all()],
                "consent_text": r.consent_text,
                "consent_given_at": r.consent_given_at.isoformat(),
            }
            for r in held.requests
        ],
        "consents": [
            {
                "company_cvr": c.company.cvr,
                "given_by": c.given_by,
                "given_at": c.given_at.isoformat(),
                "text": c.text,
                "receipt_email": c.receipt_email,
                "withdrawn_at": c.withdrawn_at.isoformat() if c.withdrawn_at else None,
            }
            for c in held.consents
        ],
    }


def _without_names(text: str, names: list[str]) -> str:
    for name in names:
        if len(name) >= MIN_NAME:
            text = re.sub(re.escape(name), ANONYMOUS, text, flags=re.IGNORECASE)
    return text


@transaction.atomic
def erase_person_data(viewer: Viewer, email: str) -> int:
    """Anonymise the person with ``email`` everywhere the viewer's organisation holds them
    in the CRM. Returns the number of records changed."""
    now = timezone.now()
    held = _Held(viewer.organisation_id, email)
    log_change(viewer, Action.ANONYMISE, held.records())
    # Names out of the free texts first; then the records about the person, whose own
    # updates (notes about an entrepreneur, a request's text) come last and stand.
    for interaction in held.interactions:
        interaction.title = _without_names(interaction.title, held.names)
        interaction.note = _without_names(interaction.note, held.names)
        interaction.save(update_fields=["title", "note"])
    for referral in held.referrals:
        for field in ("reason", "company_wants", "decline_reason"):
            setattr(referral, field, _without_names(getattr(referral, field), held.names))
        referral.save(update_fields=["reason", "company_wants", "decline_reason"])
    for consent in held.consents:
        consent.given_by = _without_names(consent.given_by, held.names) or ANONYMOUS
        if consent.receipt_email.lower() == email.strip().lower():
            consent.receipt_email = ""
        consent.save(update_fields=["given_by", "receipt_email"])
    for contact in held.contacts:
        anonymise_contact(contact, now)
    for entrepreneur in held.entrepreneurs:
        anonymise_entrepreneur(entrepreneur, now)
    anonymise_contact_requests(held.requests, now)
    return len(held.records()) + len(held.requests)
