from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from indgang.events import services


class Command(BaseCommand):
    help = (
        "Email a reminder to everyone signed up for an event that begins tomorrow "
        "(for a daily scheduler; safe to repeat: each sign-up is reminded once)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--base-url",
            default=getattr(settings, "EVENTS_BASE_URL", ""),
            help="the site's address for the cancel links, e.g. https://indgang.example.dk",
        )

    def handle(self, *args, base_url, **options):
        sent = services.send_reminders(base_url=base_url.rstrip("/"))
        self.stdout.write(_("%(n)s reminders sent.") % {"n": sent})
