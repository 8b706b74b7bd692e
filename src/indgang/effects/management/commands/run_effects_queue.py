"""``indgang run_effects_queue``: execute queued effect runs and make queued report files
(for a scheduler)."""

import datetime as dt

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from indgang.effects import downloads, services


class Command(BaseCommand):
    help = (
        "Execute the queued effect-measurement runs one after another, oldest first, then "
        "make the queued report files (PDF, spreadsheet), and mark runs and files whose "
        "progress stopped long ago as interrupted. Safe to run from a scheduler every few "
        "minutes: each is done once, by whoever claims it first."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--stale-minutes",
            type=int,
            default=int(services.STALE_AFTER.total_seconds() // 60),
            help="a running run silent this long is marked interrupted (default 30)",
        )
        parser.add_argument("--limit", type=int, default=None, help="execute at most this many")

    def handle(self, *args, stale_minutes: int, limit: int | None, **options):
        stale = dt.timedelta(minutes=stale_minutes)
        downloads.mark_exports_interrupted(stale)
        interrupted = services.mark_interrupted(stale)
        if interrupted:
            self.stdout.write(
                _("%(count)d interrupted runs marked failed") % {"count": interrupted}
            )
        for run in services.run_queued(limit=limit):
            self.stdout.write(
                _("run %(id)d: %(status)s") % {"id": run.pk, "status": run.get_status_display()}
            )
        for made in downloads.run_queued_exports(limit=limit):
            self.stdout.write(
                _("report file %(id)d (%(kind)s): %(status)s")
                % {"id": made.run_id, "kind": made.kind, "status": made.get_status_display()}
            )
