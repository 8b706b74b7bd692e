"""Anonymising a person's data: the one way erasure and retention both remove it."""

from django.db.models import F

from indgang.crm.models import (
    ContactPerson,
    ContactRequest,
    Entrepreneur,
    Interaction,
    NeedsAssessment,
    Referral,
)

ANONYMOUS = "—"


def anonymise_contact(contact: ContactPerson, now) -> None:
    ContactPerson.objects.filter(pk=contact.pk).update(
        name=ANONYMOUS, title="", email="", phone="", anonymised_at=now, version=F("version") + 1
    )


def anonymise_entrepreneur(entrepreneur: Entrepreneur, now) -> None:
    Entrepreneur.objects.filter(pk=entrepreneur.pk).update(
        name=ANONYMOUS, email="", phone="", idea="", anonymised_at=now, version=F("version") + 1
    )
    Interaction.objects.filter(entrepreneur=entrepreneur).update(note="", anonymised_at=now)
    NeedsAssessment.objects.filter(entrepreneur=entrepreneur).update(
        expressed_note="", observed_note="", next_step="", growth_mapping={}, anonymised_at=now
    )


def anonymise_contact_requests(requests, now) -> None:
    """What a company wrote through the one entry, and the contact it gave, go; the fact
    that it asked (and to whom) stays countable."""
    ids = [r.pk for r in requests]
    ContactRequest.objects.filter(pk__in=ids).update(
        contact_name=ANONYMOUS, email="", phone="", needs_text="", profile={}
    )
    Referral.objects.filter(contact_request_id__in=ids).update(company_wants="", anonymised_at=now)
