"""Who may see and do what in the CRM: the one place that decides.

The rules (issue 6, item 5):

- The register facts of a company and the *timeline* (which operator was in contact, when,
  by which kind of interaction, about which themes) are visible to the staff of every
  operator: anyone with a membership.
- *Content* (notes, needs assessments, contact persons, entrepreneurs, the text of a
  referral) is visible to the organisation that wrote it; to the receiver of a referral,
  for what was sent with it; and to other operators only while the company has a consent
  to sharing in force that names them or every operator (decision 0018).
- Analysts see aggregates, never content.
- Writing is for consultants, managers and administrators of the organisation a person is
  acting for (``request.membership``); a record is changed only by its own organisation.

A ``Viewer`` (``organisations.public``, the one "who is asking" of every app) is the person
together with the organisation they act for; selectors and services take one, so a page and
an API endpoint apply exactly the same rules.
"""

from django.db.models import Exists, OuterRef, Q

from indgang.crm.models import Consent, ConsentScope
from indgang.organisations.public import Viewer


def consents_opening_to(viewer: Viewer):
    """The consents in force that open a company's notes to ``viewer``'s organisation: those
    to every operator, and those that name it (decision 0018)."""
    return Consent.objects.filter(withdrawn_at__isnull=True).filter(
        Q(scope=ConsentScope.ALL) | Q(operators=viewer.organisation_id)
    )


def sharing_consent_in_force(viewer: Viewer, company_field: str = "company"):
    """An ``Exists`` expression: the record's company has a consent in force that opens its
    notes to ``viewer``'s organisation."""
    return Exists(consents_opening_to(viewer).filter(company=OuterRef(company_field)))


def content_q(viewer: Viewer, company_field: str = "company") -> Q:
    """The records with content (notes, personal data) ``viewer`` may read."""
    if not viewer.reads_content:
        return Q(pk__in=[])
    return Q(organisation_id=viewer.organisation_id) | Q(
        sharing_consent_in_force(viewer, company_field)
    )


def can_read_content(viewer: Viewer, record) -> bool:
    """The same rule as ``content_q``, for one record in hand."""
    if not viewer.reads_content:
        return False
    if record.organisation_id == viewer.organisation_id:
        return True
    company_id = getattr(record, "company_id", None)
    return bool(company_id and consents_opening_to(viewer).filter(company_id=company_id).exists())


def can_change(viewer: Viewer, record) -> bool:
    return viewer.writes and record.organisation_id == viewer.organisation_id


def referral_q(viewer: Viewer) -> Q:
    """The referrals whose content ``viewer`` may read: sent by or to their organisation."""
    if not viewer.reads_content:
        return Q(pk__in=[])
    return Q(organisation_id=viewer.organisation_id) | Q(to_organisation_id=viewer.organisation_id)


def is_receiver(viewer: Viewer, referral) -> bool:
    return viewer.writes and referral.to_organisation_id == viewer.organisation_id


def is_sender(viewer: Viewer, referral) -> bool:
    return viewer.writes and referral.organisation_id == viewer.organisation_id
