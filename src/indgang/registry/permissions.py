"""Who may read the company register: the one place that decides.

Staff of any operator (a person with at least one membership, whatever the role) and
superusers. Anonymous visitors are sent to the login; the API answers 401.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from indgang.organisations.public import memberships_of


def can_view_register(person) -> bool:
    if not person.is_authenticated:
        return False
    return person.is_superuser or memberships_of(person).exists()


def can_open_crm_file(viewer) -> bool:
    """Whether the company's page links to its file in the CRM: for a person acting for an
    operator, as the CRM decides (its company file answers 404 to anyone else; the register
    sits below the CRM, so it states the rule rather than importing it)."""
    return viewer.is_staff


def require_register_access(person) -> None:
    if not can_view_register(person):
        raise PermissionDenied(
            _("Only staff of an operator in the business promotion system may see the register.")
        )
