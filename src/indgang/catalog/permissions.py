"""Who may change which offers, and who may see the catalog's analyses: the one place that
decides."""

from indgang.organisations.public import Organisation, Person, Role, memberships_of, role_in

OFFER_EDITORS = {Role.MANAGER, Role.ADMIN}


def can_manage_offers(person: Person, organisation: Organisation | str) -> bool:
    """A manager or administrator of the operator keeps its offers; nobody else."""
    return role_in(person, organisation) in OFFER_EDITORS


def can_view_catalog_analysis(person: Person) -> bool:
    """The continuity and overlap analyses of the whole catalog: for the managers (and
    administrators) of any operator, and for everyone who works at the national board
    (its analysts above all). Consultants of an operator and the public do not see them."""
    if not person.is_authenticated:
        return False
    return (
        memberships_of(person).filter(role__in=OFFER_EDITORS).exists()
        or memberships_of(person).filter(organisation__is_national_board=True).exists()
    )
