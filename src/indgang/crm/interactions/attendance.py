"""Attendance at an operator's event or course becomes participation in the CRM.

The events app records who came; this turns it into one group interaction of the
organisation with those companies and entrepreneurs as participants, so the attendance is
on each company file's timeline, counts toward the performance contract's targets and is a
participation the effect measurement reads. Recording again (someone marked as came later,
or no longer) updates the same interaction: it is found by the organisation and the
``external_id`` the events app gives it.
"""

from datetime import date as Date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from indgang.audit.public import Action
from indgang.catalog.public import Offer
from indgang.crm.entrepreneurs.services import create_entrepreneur
from indgang.crm.interactions.services import InteractionData, log_interaction
from indgang.crm.models import GROUP_TYPES, Entrepreneur, Interaction, Participant
from indgang.crm.writing import log_change, themes_from_codes
from indgang.organisations.public import Role, Viewer
from indgang.registry.public import Company


def _entrepreneurs(viewer: Viewer, people: list[dict]) -> list[Entrepreneur]:
    """Each person who came without a CVR number, found by email at the organisation, or
    created as its entrepreneur."""
    found = []
    for person in people:
        email = (person.get("email") or "").strip()
        entrepreneur = (
            Entrepreneur.objects.filter(
                organisation_id=viewer.organisation_id,
                email__iexact=email,
                anonymised_at__isnull=True,
            ).first()
            if email
            else None
        )
        if entrepreneur is None:
            entrepreneur = create_entrepreneur(viewer, name=person["name"], email=email)
        found.append(entrepreneur)
    return found


@transaction.atomic
def record_event_attendance(
    *,
    organisation_id: str,
    external_id: str,
    type: str,
    date: Date,
    title: str,
    themes: list[str],
    offer_id: str | None,
    company_cvrs: list[str],
    entrepreneurs: list[dict],
    recorded_by=None,
) -> int:
    """The group interaction of ``organisation_id`` for an event, with who came; returns its
    id. ``entrepreneurs`` are ``{"name", "email"}`` of people who came without a CVR number.
    """
    if type not in GROUP_TYPES:
        raise ValidationError(
            {"type": _("Only events, courses and network meetings have participants.")}
        )
    viewer = Viewer(person=recorded_by, organisation_id=organisation_id, role=Role.ADMIN)
    companies = list(Company.objects.filter(cvr__in=set(company_cvrs)))
    unknown = sorted(set(company_cvrs) - {c.cvr for c in companies})
    if unknown:
        raise ValidationError(
            {"participants": _("Unknown CVR number: %(cvrs)s") % {"cvrs": ", ".join(unknown)}}
        )
    offer = Offer.objects.filter(pk=offer_id).first() if offer_id else None
    people = _entrepreneurs(viewer, entrepreneurs)
    interaction = Interaction.objects.filter(
        organisation_id=organisation_id, external_id=external_id
    ).first()
    if interaction is None:
        if not companies and not people:
            raise ValidationError(
                {"participants": _("An event or course needs at least one participant.")}
            )
        interaction = log_interaction(
            viewer,
            InteractionData(
                type=type,
                date=date,
                title=title,
                themes=tuple(themes),
                offer=offer,
                participant_companies=tuple(companies),
                participant_entrepreneurs=tuple(people),
                external_id=external_id,
            ),
        )
        return interaction.pk
    # A new version: its participants change, and whoever counts from the interactions
    # (the goals' activity stamps) or edits it must see that.
    Interaction.objects.filter(pk=interaction.pk).update(
        type=type, date=date, title=title, offer=offer, version=F("version") + 1
    )
    interaction.themes.set(themes_from_codes(themes))
    interaction.participants.all().delete()
    Participant.objects.bulk_create(
        [Participant(interaction=interaction, company=c) for c in companies]
        + [Participant(interaction=interaction, entrepreneur=e) for e in people]
    )
    log_change(viewer, Action.CHANGE, [interaction])
    return interaction.pk
