"""Who is asking: the person together with the organisation they act for.

Every app's selectors and services take a ``Viewer``, so a page and an API endpoint apply
exactly the same rules. ``viewer_of(request)`` builds it from the browser session or the
bearer token.
"""

from dataclasses import dataclass

from indgang.organisations.models import Role

WRITER_ROLES = (Role.CONSULTANT, Role.MANAGER, Role.ADMIN)
MANAGER_ROLES = (Role.MANAGER, Role.ADMIN)


@dataclass(frozen=True)
class Viewer:
    person: object
    organisation_id: str | None
    role: str | None

    @property
    def is_staff(self) -> bool:
        """Works for an operator: may see register facts and timelines."""
        return self.organisation_id is not None

    @property
    def reads_content(self) -> bool:
        return self.is_staff and self.role != Role.ANALYST

    @property
    def writes(self) -> bool:
        return self.is_staff and self.role in WRITER_ROLES

    @property
    def manages(self) -> bool:
        return self.is_staff and self.role in MANAGER_ROLES

    @property
    def is_admin(self) -> bool:
        return self.is_staff and self.role == Role.ADMIN


NOBODY = Viewer(person=None, organisation_id=None, role=None)


def viewer_of(request) -> Viewer:
    """The viewer behind a page or API request (session or bearer token)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return NOBODY
    membership = getattr(request, "membership", None)
    # ``request.membership`` is lazy: it may wrap None (no membership).
    if not membership or membership.person_id != user.pk:
        # An API token authenticates after the middleware ran: look the membership up again.
        from indgang.organisations.middleware import current_membership

        membership = current_membership(request)
    if not membership:
        return Viewer(person=user, organisation_id=None, role=None)
    return Viewer(person=user, organisation_id=membership.organisation_id, role=membership.role)
