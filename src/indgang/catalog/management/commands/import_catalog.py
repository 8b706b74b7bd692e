from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from indgang.catalog import importers, services


class Command(BaseCommand):
    help = "Create or update operators and offers from a catalog file (JSON, schema version 1)."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, *args, path: Path, **options):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"{path}: {exc}") from None
        try:
            catalog = importers.validate(
                importers.parse_json(text), services.stored_operator_levels()
            )
        except importers.CatalogError as exc:
            for error in exc.errors:
                self.stderr.write(f"{path}: {error}")
            raise CommandError(f"{path}: {len(exc.errors)} errors; nothing was imported.") from None
        counts = services.import_catalog(catalog)
        self.stdout.write(
            f"{path}: {len(catalog.operators)} operators ({counts['operators_changed']} new or "
            f"changed), {len(catalog.offers)} offers ({counts['offers_created']} new, "
            f"{counts['offers_updated']} changed)."
        )
