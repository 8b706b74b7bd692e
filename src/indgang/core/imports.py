"""What every import command says at the end: the counts, the rejected rows, and why a
file with rejected rows imported nothing. Shared by the register's and the CRM's imports
(any result with created/updated/unchanged/rejected counts and a list of rejections)."""

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

SHOWN_REJECTIONS = 50


def write_rejections(command, result) -> None:
    for rejection in result.rejections[:SHOWN_REJECTIONS]:
        command.stderr.write(str(rejection))
    if len(result.rejections) > SHOWN_REJECTIONS:
        command.stderr.write(
            _("... and %(count)d more rejected rows")
            % {"count": len(result.rejections) - SHOWN_REJECTIONS}
        )


def nothing_imported(command, result) -> CommandError:
    """Report the rejected rows; the error to raise, as nothing was stored."""
    write_rejections(command, result)
    return CommandError(
        _(
            "%(count)d rows were rejected, so nothing was imported. Correct them, or run "
            "again with --skip-invalid to import the other rows."
        )
        % {"count": result.rejected}
    )


def write_counts(command, result) -> None:
    write_rejections(command, result)
    command.stdout.write(
        _(
            "created %(created)d, updated %(updated)d, unchanged %(unchanged)d, rejected %(rejected)d"
        )
        % {
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
            "rejected": result.rejected,
        }
    )
