from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from indgang.core.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Write a consistent backup of the whole database to PATH while the app runs "
        "(SQLite: the online backup API; PostgreSQL: pg_dump's custom format)."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="the backup file to write")

    def handle(self, *args, path, **options):
        try:
            backup(path)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(_("Backup written to %(path)s.") % {"path": path})
