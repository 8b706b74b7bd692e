"""Who may do what with events: the one place that decides.

Anybody may read the calendar and sign up. Staff with a writing role publish events for their
operator. The operator and each co-host see an event's sign-ups (personal data), export them
and record who came.
"""

from indgang.organisations.public import Viewer


def can_publish(viewer: Viewer) -> bool:
    return viewer.writes


def is_host(viewer: Viewer, event) -> bool:
    if not viewer.is_staff:
        return False
    if event.organisation_id == viewer.organisation_id:
        return True
    return event.co_hosts.filter(pk=viewer.organisation_id).exists()


def can_see_signups(viewer: Viewer, event) -> bool:
    return viewer.reads_content and is_host(viewer, event)


def can_record_attendance(viewer: Viewer, event) -> bool:
    return viewer.writes and is_host(viewer, event)
