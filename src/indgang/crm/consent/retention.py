"""Retention: records are anonymised five years after the last guidance
(``indgang crm_retention``).
"""

from datetime import date

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

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
    NeedsAssessment,
)
from indgang.crm.workdays import years_before

# Records are anonymised this long after the last course of guidance with the subject ended.
RETENTION_YEARS = 5


@transaction.atomic
def anonymise_expired(today: date | None = None) -> dict:
    """Anonymise what an organisation holds about a company or entrepreneur 5 years after
    its last interaction with them ended. Idempotent: run daily by a scheduler
    (``indgang crm_retention``)."""
    today = today or timezone.localdate()
    cutoff = years_before(today, RETENTION_YEARS)
    now = timezone.now()
    counts = {"companies": 0, "contact_persons": 0, "interactions": 0, "entrepreneurs": 0}

    last_by_company = (
        Interaction.objects.filter(company__isnull=False)
        .values("organisation_id", "company_id")
        .annotate(last=Max("date"))
        .filter(last__lt=cutoff)
    )
    for row in last_by_company:
        scope = {"organisation_id": row["organisation_id"], "company_id": row["company_id"]}
        stale = Interaction.objects.filter(**scope, anonymised_at__isnull=True)
        if not stale.exists():
            continue
        counts["companies"] += 1
        counts["interactions"] += stale.update(note="", anonymised_at=now)
        NeedsAssessment.objects.filter(**scope, anonymised_at__isnull=True).update(
            expressed_note="", observed_note="", next_step="", growth_mapping={}, anonymised_at=now
        )
        for contact in ContactPerson.objects.filter(**scope, anonymised_at__isnull=True):
            anonymise_contact(contact, now)
            counts["contact_persons"] += 1

    for entrepreneur in Entrepreneur.objects.filter(anonymised_at__isnull=True):
        dates = [
            entrepreneur.interactions.aggregate(last=Max("date"))["last"],
            entrepreneur.participations.aggregate(last=Max("interaction__date"))["last"],
            timezone.localtime(entrepreneur.created_at).date(),
        ]
        if max(d for d in dates if d) < cutoff:
            anonymise_entrepreneur(entrepreneur, now)
            counts["entrepreneurs"] += 1

    # Contact requests from the one entry: 5 years after they arrived.
    stale_requests = list(
        ContactRequest.objects.filter(created_at__date__lt=cutoff).exclude(email="")
    )
    anonymise_contact_requests(stale_requests, now)
    counts["contact_requests"] = len(stale_requests)
    return counts
