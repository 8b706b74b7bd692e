"""Retention: records are anonymised five years after the last guidance
(``indgang crm_retention``).
"""

from datetime import date

from django.db import transaction
from django.db.models import Exists, Max, OuterRef, Q, Subquery
from django.utils import timezone

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
    NeedsAssessment,
    Referral,
    ReferralEvent,
)
from indgang.crm.workdays import years_before

# Records are anonymised this long after the last course of guidance with the subject ended.
RETENTION_YEARS = 5


def retention_cutoff(today: date) -> date:
    """Records whose last use is before this day are past the retention period."""
    return years_before(today, RETENTION_YEARS)


@transaction.atomic
def anonymise_expired(today: date | None = None) -> dict:
    """Anonymise what an organisation holds about a company or entrepreneur 5 years after
    its last interaction with them ended. Idempotent: run daily by a scheduler
    (``indgang crm_retention``)."""
    today = today or timezone.localdate()
    cutoff = retention_cutoff(today)
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

    # Group interactions (events, courses): their notes, 5 years after the event.
    counts["interactions"] += Interaction.objects.filter(
        company__isnull=True, entrepreneur__isnull=True, date__lt=cutoff, anonymised_at__isnull=True
    ).update(note="", anonymised_at=now)

    # Contact persons and assessments at companies the organisation has no interaction with
    # since the cutoff: 5 years after they were recorded.
    recent = Interaction.objects.filter(
        organisation_id=OuterRef("organisation_id"),
        company_id=OuterRef("company_id"),
        date__gte=cutoff,
    )
    for contact in ContactPerson.objects.filter(
        anonymised_at__isnull=True, created_at__date__lt=cutoff
    ).exclude(Exists(recent)):
        anonymise_contact(contact, now)
        counts["contact_persons"] += 1
    counts["needs_assessments"] = (
        NeedsAssessment.objects.filter(
            anonymised_at__isnull=True, date__lt=cutoff, company__isnull=False
        )
        .exclude(Exists(recent))
        .update(
            expressed_note="", observed_note="", next_step="", growth_mapping={}, anonymised_at=now
        )
    )

    # Referrals: their texts, 5 years after they were sent.
    old_referrals = Referral.objects.filter(created_at__date__lt=cutoff)
    counts["referrals"] = old_referrals.filter(anonymised_at__isnull=True).update(
        reason="", company_wants="", decline_reason="", anonymised_at=now
    )
    ReferralEvent.objects.filter(referral__in=old_referrals).exclude(note="").update(note="")

    # Consents: who gave them, 5 years after they ended (withdrawn, or the organisation's
    # last interaction with the company).
    last_contact = (
        Interaction.objects.filter(
            organisation_id=OuterRef("organisation_id"), company_id=OuterRef("company_id")
        )
        .order_by()
        .values("company_id")
        .annotate(last=Max("date"))
        .values("last")
    )
    counts["consents"] = (
        Consent.objects.filter(given_at__date__lt=cutoff)
        .exclude(given_by=ANONYMOUS)
        .annotate(last=Subquery(last_contact))
        .filter(Q(withdrawn_at__date__lt=cutoff) | Q(last__lt=cutoff) | Q(last__isnull=True))
        .update(given_by=ANONYMOUS, receipt_email="")
    )

    # Contact requests from the one entry: 5 years after they arrived.
    stale_requests = list(
        ContactRequest.objects.filter(created_at__date__lt=cutoff).exclude(email="")
    )
    anonymise_contact_requests(stale_requests, now)
    counts["contact_requests"] = len(stale_requests)
    return counts
