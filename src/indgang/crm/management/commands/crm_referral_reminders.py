from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from indgang.crm.referrals import services


class Command(BaseCommand):
    help = (
        "Flag each referral nobody answered within 5 working days to the receiving "
        "operator's managers. For a scheduler: run daily; safe to run again."
    )

    def handle(self, *args, **options):
        flagged = services.flag_unanswered_referrals()
        if not flagged:
            self.stdout.write(_("No new unanswered referrals."))
            return
        self.stdout.write(
            ngettext(
                "%(count)d referral flagged to the receiver's managers as unanswered.",
                "%(count)d referrals flagged to the receivers' managers as unanswered.",
                flagged,
            )
            % {"count": flagged}
        )
