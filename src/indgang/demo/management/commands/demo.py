from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import override

from indgang.demo.order import DEMOS
from indgang.demo.organisations import reset_passwords
from indgang.demo.output import DemoOutput
from indgang.organisations.public import Person, memberships_of


def who(email: str, fallback: str) -> str:
    """The login's role and organisation as the header shows them, in Danish: "Konsulent,
    Erhvervshus Midtjylland (også Konsulent, Aarhus Kommune – Erhvervsservice)"."""
    person = Person.objects.filter(email=email).first()
    roles = [
        f"{m.get_role_display()}, {m.organisation.name}"
        for m in (memberships_of(person) if person else [])
    ]
    if not roles:
        return fallback
    if len(roles) == 1:
        return roles[0]
    return _("%(first)s (also %(others)s)") % {"first": roles[0], "others": "; ".join(roles[1:])}


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
            with override("da"):
                self.stdout.write("")
                self.stdout.write(
                    self.style.WARNING(_("Demo logins (shown only now; all data is fictitious):"))
                )
                width = max(len(login.email) for login in out.logins)
                for login in out.logins:
                    self.stdout.write(
                        f"  {login.email:<{width}}  {login.password}  "
                        f"{who(login.email, login.description)}"
                    )
