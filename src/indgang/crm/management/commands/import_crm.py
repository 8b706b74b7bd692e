from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from indgang.crm.importers import KINDS, FileError, ImportRejected, ImportResult, import_file

SHOWN_REJECTIONS = 50


class Command(BaseCommand):
    help = (
        "Import an organisation's existing CRM data from CSV: companies "
        "(cvr,segment,key_account_owner_email), contacts (cvr,name,title,email,phone,"
        "legal_basis) or interactions (external_id,cvr,type,date,consultant_email,themes,"
        "offer_id,title,note). All or nothing unless --skip-invalid; safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=KINDS, help="what the file holds")
        parser.add_argument("path", type=Path, help="the CSV file")
        parser.add_argument(
            "--organisation",
            required=True,
            help="the id of the organisation the records belong to",
        )
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help="import the valid rows and report the rejected ones (default: import nothing "
            "if any row is bad)",
        )

    def handle(self, *args, kind, path, organisation, skip_invalid, **options):
        try:
            result = import_file(kind, path, organisation, skip_invalid=skip_invalid)
        except FileError as exc:
            raise CommandError(str(exc)) from None
        except ImportRejected as exc:
            self._rejections(exc.result)
            raise CommandError(
                _(
                    "%(count)d rows were rejected, so nothing was imported. Correct them, or "
                    "run again with --skip-invalid to import the other rows."
                )
                % {"count": exc.result.rejected}
            ) from None
        self._rejections(result)
        self.stdout.write(
            _(
                "created %(created)d, updated %(updated)d, unchanged %(unchanged)d, "
                "rejected %(rejected)d"
            )
            % {
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
                "rejected": result.rejected,
            }
        )

    def _rejections(self, result: ImportResult) -> None:
        for rejection in result.rejections[:SHOWN_REJECTIONS]:
            self.stderr.write(str(rejection))
        if len(result.rejections) > SHOWN_REJECTIONS:
            self.stderr.write(
                _("... and %(count)d more rejected rows")
                % {"count": len(result.rejections) - SHOWN_REJECTIONS}
            )
