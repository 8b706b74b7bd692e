"""Who may do what with organisations and their members: the one place that decides."""

from indgang.organisations.models import Membership, Organisation, Person, Role


def role_in(person: Person, organisation: Organisation | str) -> str | None:
    if not person.is_authenticated:
        return None
    organisation_id = organisation if isinstance(organisation, str) else organisation.pk
    return (
        Membership.objects.filter(person=person, organisation_id=organisation_id)
        .values_list("role", flat=True)
        .first()
    )


def can_manage_members(person: Person, organisation: Organisation | str) -> bool:
    return role_in(person, organisation) == Role.ADMIN


def is_national_analyst(person: Person) -> bool:
    """Staff of the national board with the analyst role: read-only across all organisations."""
    if not person.is_authenticated:
        return False
    return Membership.objects.filter(
        person=person, role=Role.ANALYST, organisation__is_national_board=True
    ).exists()
