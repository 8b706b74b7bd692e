"""What other apps may use of ``organisations``: who is asking, and the operators.

Other apps import this module only; its names are the app's promise to them.
"""

from indgang.organisations.models import Level, OrganisationType, Role
from indgang.organisations.viewer import MANAGER_ROLES, NOBODY, WRITER_ROLES, Viewer, viewer_of

__all__ = [
    "MANAGER_ROLES",
    "NOBODY",
    "WRITER_ROLES",
    "Level",
    "OrganisationType",
    "Role",
    "Viewer",
    "viewer_of",
]
