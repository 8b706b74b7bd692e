"""Who may see and do what with goals, contracts, surveys and statistics: the one place.

- A performance contract and its progress: the operator's own staff, and the national
  board (its people read every contract; analysts read aggregates only, and a contract's
  progress is an aggregate). Anyone else gets a 404, as if the contract did not exist.
- Changing a contract, its targets, freezing its report: the operator's managers and
  administrators, until the report is frozen.
- Sending a satisfaction survey: consultants, managers and administrators of the
  organisation that logged the interaction. Reading the comments: the operator's staff
  except analysts (comments are content, not aggregates).
- National goals and KPIs: every operator's staff reads them; the national board's
  managers and administrators (and superusers) maintain them.
- Statistics per municipality and region: aggregates, read by every operator's staff.
- Spending: entered by the managers and administrators of an operator serving the
  municipality, or of the national board.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from indgang.organisations.public import (
    MANAGER_ROLES,
    Organisation,
    OrganisationType,
    Viewer,
    is_national_analyst,
    viewer_of,
)
from indgang.reference.public import Municipality


def staff_viewer(request) -> Viewer:
    """The viewer of a goals page or endpoint: staff of an operator or the national board."""
    viewer = viewer_of(request)
    if not is_staff(viewer) and not is_national(viewer):
        raise PermissionDenied(_("Only staff of an operator may see goals and contracts."))
    return viewer


def organisation_of(viewer: Viewer) -> Organisation | None:
    if not viewer.is_staff:
        return None
    return Organisation.objects.filter(pk=viewer.organisation_id).first()


def is_national(viewer: Viewer) -> bool:
    """Works for the national board (any role), or is a national analyst, or a superuser."""
    person = viewer.person
    if person is not None and getattr(person, "is_superuser", False):
        return True
    if person is not None and is_national_analyst(person):
        return True
    return (
        viewer.is_staff
        and Organisation.objects.filter(pk=viewer.organisation_id, is_national_board=True).exists()
    )


def is_staff(viewer: Viewer) -> bool:
    person = viewer.person
    return viewer.is_staff or bool(person is not None and getattr(person, "is_superuser", False))


def can_read_contract(viewer: Viewer, contract) -> bool:
    if viewer.is_staff and viewer.organisation_id == contract.operator_id:
        return True
    return is_national(viewer)


def can_manage_contracts(viewer: Viewer) -> bool:
    return viewer.manages


def can_change_contract(viewer: Viewer, contract) -> bool:
    return (
        viewer.manages and viewer.organisation_id == contract.operator_id and not contract.is_frozen
    )


def can_freeze(viewer: Viewer, contract) -> bool:
    return viewer.manages and viewer.organisation_id == contract.operator_id


def can_read_comments(viewer: Viewer, organisation_id: str) -> bool:
    return viewer.reads_content and viewer.organisation_id == organisation_id


def can_send_survey(viewer: Viewer, interaction) -> bool:
    return viewer.writes and interaction.organisation_id == viewer.organisation_id


def can_maintain_goals(viewer: Viewer) -> bool:
    person = viewer.person
    if person is not None and getattr(person, "is_superuser", False):
        return True
    return (
        viewer.role in MANAGER_ROLES
        and Organisation.objects.filter(pk=viewer.organisation_id, is_national_board=True).exists()
    )


def spending_municipalities(viewer: Viewer):
    """The municipality codes whose spending ``viewer`` may enter (None: all)."""
    if can_maintain_goals(viewer):
        return None
    if viewer.role not in MANAGER_ROLES:
        return set()
    return set(
        Municipality.objects.filter(operators__pk=viewer.organisation_id).values_list(
            "code", flat=True
        )
    )


def can_enter_spending(viewer: Viewer, municipality_code: str) -> bool:
    allowed = spending_municipalities(viewer)
    return allowed is None or municipality_code in allowed


def dashboard_kind(viewer: Viewer) -> str:
    """Which dashboard a person gets: national, erhvervshus, municipality, operator, none."""
    if is_national(viewer):
        return "national"
    org = organisation_of(viewer)
    if org is None:
        return "none"
    if org.type == OrganisationType.ERHVERVSHUS:
        return "erhvervshus"
    if org.type == OrganisationType.LOKAL_ERHVERVSSERVICE:
        return "municipality"
    return "operator"
