"""What other apps may use of ``organisations``: who is asking, and the operators.

Other apps import this module only; its names are the app's promise to them. Foreign keys
to an operator or a person use the string form ("organisations.Organisation",
settings.AUTH_USER_MODEL).
"""

from indgang.organisations.models import (
    Level,
    Membership,
    Organisation,
    OrganisationType,
    Person,
    Role,
)
from indgang.organisations.permissions import can_manage_members, is_national_analyst, role_in
from indgang.organisations.selectors import (
    local_business_service,
    membership_in,
    memberships_of,
    organisation_names,
    person_for_token,
)
from indgang.organisations.viewer import MANAGER_ROLES, NOBODY, WRITER_ROLES, Viewer, viewer_of

__all__ = [
    "MANAGER_ROLES",
    "NOBODY",
    "WRITER_ROLES",
    "Level",
    "Membership",
    "Organisation",
    "OrganisationType",
    "Person",
    "Role",
    "Viewer",
    "can_manage_members",
    "is_national_analyst",
    "local_business_service",
    "membership_in",
    "memberships_of",
    "organisation_names",
    "person_for_token",
    "role_in",
    "viewer_of",
]
