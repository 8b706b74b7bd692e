"""Who sees which measured evidence: the national board (and superusers) every offer,
operator and level; anyone working for an operator its own offers. The evidence is
aggregate (estimates, intervals, counts), but an operator steers its own offers."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from indgang.organisations.public import MANAGER_ROLES, memberships_of


def sees_everything(person) -> bool:
    return (
        person.is_superuser
        or memberships_of(person).filter(organisation__is_national_board=True).exists()
    )


def operator_ids(person) -> set[str]:
    return set(memberships_of(person).values_list("organisation_id", flat=True))


def require_evidence_access(person) -> None:
    if not (sees_everything(person) or operator_ids(person)):
        raise PermissionDenied(_("Only operators and the national board see measured evidence."))


def in_menu(person) -> bool:
    """The menu offers the evidence page to those who steer: the national board (and
    superusers) and operators' managers; the page itself lets every operator's staff in."""
    if not person.is_authenticated:
        return False
    return sees_everything(person) or memberships_of(person).filter(role__in=MANAGER_ROLES).exists()
