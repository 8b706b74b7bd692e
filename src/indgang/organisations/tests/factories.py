import factory

from indgang.organisations.models import (
    Level,
    Membership,
    Organisation,
    OrganisationType,
    Person,
    Role,
)

PASSWORD = "korrekt-hest-batteri-42"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    id = factory.Sequence(lambda n: f"operator-{n}")
    name = factory.Sequence(lambda n: f"Operatør {n}")
    type = OrganisationType.LOKAL_ERHVERVSSERVICE
    level = Level.LOKAL


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.dk")
    full_name = factory.Sequence(lambda n: f"Person Nummer{n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    person = factory.SubFactory(PersonFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.CONSULTANT
