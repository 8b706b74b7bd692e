"""Who may measure effects and read the reports: the one place that decides.

Analysts (of any organisation), managers, everyone at the national board, and superusers.
A run's result is an aggregate over the whole system (estimates and diagnostics, no notes and
no personal data), so everyone who may use the pages may read every run. Consultants and
people without a membership get 403; anonymous visitors are sent to the login.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext as _

from indgang.organisations.public import Organisation, Role, memberships_of

ROLES = (Role.ANALYST, Role.MANAGER)


def _qualifying(person):
    return memberships_of(person).filter(
        Q(role__in=ROLES) | Q(organisation__is_national_board=True)
    )


def can_measure_effects(person) -> bool:
    if not person.is_authenticated:
        return False
    return person.is_superuser or _qualifying(person).exists()


def require_effects_access(person) -> None:
    if not can_measure_effects(person):
        raise PermissionDenied(
            _("Only analysts, managers and the national board may use effect measurement.")
        )


def organisation_for_run(person, current_membership=None) -> Organisation | None:
    """The organisation a run is started for: the one the person is working as, if that
    membership qualifies, else the first one that does (None for a superuser without)."""
    qualifying = _qualifying(person).select_related("organisation").order_by("created_at", "pk")
    if current_membership is not None and qualifying.filter(pk=current_membership.pk).exists():
        return current_membership.organisation
    first = qualifying.first()
    return first.organisation if first else None
