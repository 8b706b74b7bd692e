from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from indgang.core.public import nothing_imported, write_counts
from indgang.crm.importers import KINDS, FileError, ImportRejected, import_file


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
            raise nothing_imported(self, exc.result) from None
        write_counts(self, result)
