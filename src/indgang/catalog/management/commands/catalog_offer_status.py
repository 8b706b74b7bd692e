import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from indgang.catalog import services


class Command(BaseCommand):
    help = (
        "Let published offers follow their validity dates: past valid_to closed, before "
        "valid_from upcoming (for a daily scheduler; safe to repeat)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--today", help="the date to run for (YYYY-MM-DD); default today")

    def handle(self, *args, today=None, **options):
        try:
            day = dt.date.fromisoformat(today) if today else None
        except ValueError:
            raise CommandError("--today: give a date as YYYY-MM-DD.") from None
        counts = services.update_statuses_by_dates(day)
        self.stdout.write(
            f"{counts['lukket']} closed, {counts['aktiv']} opened, "
            f"{counts['kommende']} set to upcoming."
        )
