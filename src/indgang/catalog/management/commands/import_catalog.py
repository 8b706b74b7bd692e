from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from indgang.catalog import importers, services
from indgang.core.public import not_utf8


class Command(BaseCommand):
    help = "Create or update operators and offers from a catalog file (JSON, schema version 1)."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, *args, path: Path, **options):
        try:
            text = path.read_text(encoding="utf-8-sig")
        except OSError as exc:
            raise CommandError(
                _("Cannot read %(path)s: %(error)s") % {"path": path, "error": exc.strerror}
            ) from None
        except UnicodeDecodeError:
            raise CommandError(f"{path}: {not_utf8(path)}") from None
        try:
            catalog = importers.validate(
                importers.parse_json(text), services.stored_operator_levels()
            )
        except importers.CatalogError as exc:
            for error in exc.errors:
                self.stderr.write(f"{path}: {error}")
            raise CommandError(
                _("%(path)s: %(count)d errors; nothing was imported.")
                % {"path": path, "count": len(exc.errors)}
            ) from None
        counts = services.import_catalog(catalog)
        self.stdout.write(
            f"{path}: {len(catalog.operators)} operators ({counts['operators_changed']} new or "
            f"changed), {len(catalog.offers)} offers ({counts['offers_created']} new, "
            f"{counts['offers_updated']} changed)."
        )
