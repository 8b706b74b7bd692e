"""A person's data across the whole system, for the organisation's data protection officer
(its administrators): export (GDPR art. 15) and erasure (art. 17); and retention, the
scheduled anonymisation of what is older than the retention period.

Each app answers for its own records through its public face (the CRM's company files,
the surveys, the events' sign-ups, the one entry's alerts); this module gathers them, so
one request covers everything the organisation holds. What is erased leaves no old value
in the database files: SQLite runs with ``secure_delete`` and the write-ahead log is
truncated after an erasure (decision 0019).
"""

from datetime import date

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from indgang.crm import public as crm
from indgang.events import public as events
from indgang.goals import public as goals
from indgang.guide import public as guide
from indgang.organisations.public import Organisation, Viewer
from indgang.privacy.register import APPS


def _require_admin(viewer: Viewer) -> None:
    if not viewer.is_admin:
        raise PermissionDenied(_("Only administrators may export or erase a person's data."))


def _holds_the_platform(viewer: Viewer) -> bool:
    """The alerts of the one entry are held by the platform itself, whose controller is the
    national board: only its data protection officer sees or erases them."""
    return Organisation.objects.filter(pk=viewer.organisation_id, is_national_board=True).exists()


def export_person(viewer: Viewer, email: str) -> dict:
    """Everything the viewer's organisation holds about the person with ``email``."""
    _require_admin(viewer)
    email = email.strip()
    platform = {"alerts": guide.alert_personal_data(email)} if _holds_the_platform(viewer) else {}
    return {
        "email": email,
        "organisation": viewer.organisation_id,
        "exported_at": timezone.now().isoformat(),
        **crm.person_data(viewer, email),
        "survey_answers": goals.survey_person_data(viewer.organisation_id, email),
        "event_signups": events.signup_personal_data(email, viewer.organisation_id),
        **platform,
    }


def erase_person(viewer: Viewer, email: str) -> int:
    """Anonymise the person with ``email`` in everything the viewer's organisation holds;
    returns the number of records changed."""
    _require_admin(viewer)
    email = email.strip()
    with transaction.atomic():
        changed = crm.erase_person_data(viewer, email)
        changed += goals.erase_survey_person_data(viewer.organisation_id, email)
        changed += events.erase_signups(email, viewer.organisation_id)
        if _holds_the_platform(viewer):
            changed += guide.erase_alerts(email)
    scrub_database_files()
    return changed


def anonymise_expired(today: date | None = None) -> dict:
    """Retention: every app's records past the retention period, anonymised. Safe to run
    again (what is anonymised is not counted twice)."""
    today = today or timezone.localdate()
    with transaction.atomic():
        counts = crm.anonymise_expired(today)
        counts["survey_invitations"] = goals.anonymise_expired_surveys(crm.retention_cutoff(today))
        counts["event_signups"] = events.anonymise_expired_signups(today)
    scrub_database_files()
    return counts


def scrub_database_files() -> None:
    """On SQLite, move what the write-ahead log holds into the database file (where
    ``secure_delete`` has overwritten the old values) and empty the log file."""
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        return  # PostgreSQL's VACUUM reclaims dead rows; inside a transaction, the caller's
        # own commit comes first.
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def record_type_names() -> dict[str, str]:
    """{model name as the access log files it: the record's name in the active language},
    for every app whose records hold personal data (``register.APPS``)."""
    names = {}
    for label in APPS:
        for model in apps.get_app_config(label).get_models():
            names.setdefault(model._meta.model_name, str(model._meta.verbose_name).capitalize())
    return names
