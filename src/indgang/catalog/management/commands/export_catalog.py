import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from indgang.catalog import exports


class Command(BaseCommand):
    help = "Write the catalog in the file schema (JSON), or the list of offers as CSV or XLSX."

    def add_arguments(self, parser):
        parser.add_argument("--out", type=Path, help="file to write; default standard output")
        parser.add_argument("--format", choices=["json", "csv", "xlsx"], default="json")

    def handle(self, *args, out: Path | None, format: str, **options):
        if format == "xlsx":
            if out is None:
                raise CommandError("--format xlsx needs --out PATH.")
            out.write_bytes(exports.export_xlsx())
            return
        text = exports.export_json() if format == "json" else exports.export_csv()
        if out is None:
            sys.stdout.write(text)
        else:
            out.write_text(text, encoding="utf-8")
