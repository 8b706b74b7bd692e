from django.core.management.base import BaseCommand
from django.db import transaction

from indgang.demo.order import DEMOS
from indgang.demo.organisations import reset_passwords
from indgang.demo.output import DemoOutput


class Command(BaseCommand):
    help = (
        "Load the fictitious demo data (operators, people, and what each app adds) where it "
        "is missing, and print the demo logins. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--new-passwords",
            action="store_true",
            help="give the demo logins new passwords and print them",
        )

    def handle(self, *args, new_passwords: bool, **options):
        out = DemoOutput()
        for label, module in DEMOS:
            if module.is_loaded():
                self.stdout.write(f"  {label}: demo data already present")
                continue
            with transaction.atomic():
                module.load(out)
            self.stdout.write(self.style.SUCCESS(f"  {label}: demo data loaded"))
        if new_passwords:
            reset_passwords(out)
        for line in out.lines:
            self.stdout.write(line)
        if out.logins:
            self.stdout.write("")
            self.stdout.write(
                self.style.WARNING("Demo logins (shown only now; all data is fictitious):")
            )
            width = max(len(login.email) for login in out.logins)
            for login in out.logins:
                self.stdout.write(
                    f"  {login.email:<{width}}  {login.password}  {login.description}"
                )
