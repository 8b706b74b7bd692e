from django.core.management.base import BaseCommand

from indgang.guide.alerts import services


class Command(BaseCommand):
    help = (
        "Send the guide's alerts what is due (new offers, changed followed offers, deadlines "
        "within 14 days) and erase unused alerts (for a scheduler; safe to repeat)."
    )

    def handle(self, *args, **options):
        counts = services.send_due()
        erased = services.erase_unused()
        self.stdout.write(
            f"{counts['mails']} mails: {counts['new']} new offers, {counts['changed']} changes, "
            f"{counts['deadlines']} deadlines; {erased} alerts erased."
        )
