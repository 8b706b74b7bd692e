"""What the two import commands share: arguments, progress bar, report."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm

from indgang.registry.importers import FileFormatError, ImportResult
from indgang.registry.services import ImportRejected

SHOWN_REJECTIONS = 50


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
                "created %(created)d, updated %(updated)d, unchanged %(unchanged)d, rejected %(rejected)d"
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
