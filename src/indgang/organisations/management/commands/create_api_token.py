from django.core.management.base import BaseCommand, CommandError

from indgang.organisations.models import Person
from indgang.organisations.services import create_api_token


class Command(BaseCommand):
    help = "Create a bearer token for a person's own systems; the key is printed once."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--name", default="API", help="what the token is for")

    def handle(self, *args, email, name, **options):
        person = Person.objects.filter(email__iexact=email).first()
        if person is None:
            raise CommandError(f"No person with the email {email}.")
        key = create_api_token(person=person, name=name)
        self.stdout.write(key)
