"""Who may change which offers: the one place that decides."""

from indgang.organisations.models import Organisation, Person, Role
from indgang.organisations.permissions import role_in

OFFER_EDITORS = {Role.MANAGER, Role.ADMIN}


def can_manage_offers(person: Person, organisation: Organisation | str) -> bool:
    """A manager or administrator of the operator keeps its offers; nobody else."""
    return role_in(person, organisation) in OFFER_EDITORS
