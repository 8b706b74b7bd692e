"""What every CRM service shares: the writer and owner checks, optimistic locking
(``Conflict``), themes by code, and the access-log entry for a change.

Each service takes the ``Viewer`` (person + the organisation they act for), checks it with
``crm.permissions`` and raises ``PermissionDenied`` or ``ValidationError`` (with the field
named) rather than writing something half. Editing uses optimistic locking: the caller
passes the ``version`` it read; if someone saved in between, ``Conflict`` is raised and
nothing is written.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F
from django.utils.translation import gettext as _

from indgang.audit.public import record as audit
from indgang.catalog.public import Theme, ensure_themes
from indgang.crm.permissions import can_change
from indgang.organisations.public import Viewer


class Conflict(ValidationError):
    """Someone else saved the record after it was read; nothing was written."""

    def __init__(self):
        super().__init__(
            _(
                "Someone else changed this record after you opened it. Reload it to see "
                "their change, then make yours again."
            ),
            code="conflict",
        )


def require_writer(viewer: Viewer) -> None:
    if not viewer.writes:
        raise PermissionDenied(_("Only consultants and managers of an operator may do this."))


def require_owner(viewer: Viewer, record) -> None:
    if not can_change(viewer, record):
        raise PermissionDenied(_("Only the organisation that wrote this record may change it."))


def save_versioned(record, expected_version: int, fields: dict) -> None:
    """Write ``fields`` only if the stored version is still ``expected_version``."""
    model = type(record)
    for name, value in fields.items():
        setattr(record, name, value)
    # The same field checks as a create (lengths, choices), on the changed fields only.
    record.clean_fields(exclude=[f.name for f in model._meta.fields if f.name not in fields])
    updated = model.objects.filter(pk=record.pk, version=expected_version).update(
        version=F("version") + 1, **fields
    )
    if not updated:
        raise Conflict()
    record.version = expected_version + 1


def themes_from_codes(codes) -> list[Theme]:
    codes = list(dict.fromkeys(codes or []))
    if codes:
        ensure_themes()
    themes = list(Theme.objects.filter(code__in=codes))
    unknown = set(codes) - {t.code for t in themes}
    if unknown:
        raise ValidationError(
            {"themes": _("Unknown theme: %(codes)s") % {"codes": ", ".join(sorted(unknown))}}
        )
    return themes


def log_change(viewer: Viewer, action: str, records, channel: str = "") -> None:
    audit(
        person=viewer.person,
        acting_organisation_id=viewer.organisation_id,
        action=action,
        records=records,
        channel=channel,
    )
