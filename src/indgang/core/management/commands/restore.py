from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from indgang.core.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore the database from a backup made by `indgang backup`. Only into an empty "
        "database (as `indgang migrate` leaves it) unless --force is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="the backup file to read")
        parser.add_argument("--force", action="store_true", help="replace what the database holds")

    def handle(self, *args, path, force=False, **options):
        try:
            restore(path, force=force)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(_("Restored from %(path)s.") % {"path": path})
