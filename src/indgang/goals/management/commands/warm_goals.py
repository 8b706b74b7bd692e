"""``indgang warm_goals``: count every performance contract of the year ahead of the
managers (decision 0022)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from indgang.goals import counting


class Command(BaseCommand):
    help = (
        "Count every performance contract of the year, and the municipalities' statistics, "
        "and keep the figures in the cache, so the first dashboard of the day answers at once (for a "
        "scheduler shortly after midnight and after imports, and every minute where "
        "INDGANG_BACKGROUND=queue leaves the counting the pages ask for to it; safe to repeat)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--year",
            type=int,
            help="the contracts' year; default this year and any other year a page asked for",
        )

    def handle(self, *args, year=None, **options):
        if year is not None and not 2000 <= year <= 2100:
            raise CommandError(_("--year must be a year between 2000 and 2100"))
        asked = counting.asked_years()
        years = [year] if year else sorted({timezone.localdate().year, *asked})
        for y in years:
            n = counting.count_year(y)
            counting.answer_asked(y)
            self.stdout.write(_("%(year)d: %(n)d contracts counted.") % {"year": y, "n": n})
