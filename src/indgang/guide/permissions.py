"""Who may read a contact request: the members of the organisation it was sent to."""

from indgang.guide.models import ContactRequest
from indgang.organisations.models import Membership


def can_handle(person, contact_request: ContactRequest) -> bool:
    if not person.is_authenticated:
        return False
    return Membership.objects.filter(
        person=person, organisation_id=contact_request.operator_id
    ).exists()
