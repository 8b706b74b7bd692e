import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from indgang.privacy import services


class Command(BaseCommand):
    help = (
        "Anonymise personal data past the retention period: the CRM's records about companies "
        "and entrepreneurs 5 years after the last course of guidance with them ended, and "
        "survey invitations, referrals, consents and contact requests 5 years on. For a "
        "scheduler: run daily; safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--today",
            help="the day to count from, YYYY-MM-DD (default: today)",
        )

    def handle(self, *args, today=None, **options):
        day = None
        if today:
            try:
                day = dt.date.fromisoformat(today)
            except ValueError:
                raise CommandError(
                    _("--today %(value)r is not a date (YYYY-MM-DD)") % {"value": today}
                ) from None
        counts = services.anonymise_expired(day)
        self.stdout.write(
            _(
                "Anonymised: records about %(companies)d companies (%(interactions)d "
                "interactions, %(contact_persons)d contact persons) and %(entrepreneurs)d "
                "entrepreneurs."
            )
            % counts
        )
        self.stdout.write(
            _(
                "Also anonymised: %(needs_assessments)d needs assessments, %(referrals)d "
                "referrals, %(consents)d consents, %(contact_requests)d contact requests, "
                "%(survey_invitations)d survey invitations and %(event_signups)d sign-ups to "
                "events."
            )
            % counts
        )
