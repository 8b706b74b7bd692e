"""What the two import commands share: arguments, progress bar, report."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm

from indgang.core.public import nothing_imported, write_counts
from indgang.registry.readers import FileFormatError
from indgang.registry.services import ImportRejected


class ImportCommand(BaseCommand):
    source_for = None  # path -> Source
    run_import = None  # (source, skip_invalid=, progress=) -> ImportResult

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="the file to import")
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help="import the valid rows and report the rejected ones (default: import nothing "
            "if any row is bad)",
        )

    def progress(self, iterable, desc="", total=None):
        # A bar only on a terminal; logs and tests get the summary alone.
        return tqdm(
            iterable,
            desc=desc,
            total=total,
            unit=" rows",
            unit_scale=True,
            file=sys.stderr,
            disable=not sys.stderr.isatty(),
            leave=False,
        )

    def handle(self, *args, path: Path, skip_invalid: bool, **options):
        if not path.is_file():
            raise CommandError(_("No such file: %(path)s") % {"path": path})
        try:
            source = type(self).source_for(path)
            result = type(self).run_import(
                source, skip_invalid=skip_invalid, progress=self.progress
            )
        except FileFormatError as exc:
            raise CommandError(str(exc)) from None
        except ImportRejected as exc:
            raise nothing_imported(self, exc.result) from None
        write_counts(self, result)
