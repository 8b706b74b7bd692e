"""Reads about organisations and people, scoped to the person asking."""

from django.db.models import QuerySet

from indgang.organisations.models import Membership, Organisation, OrganisationType, Person
from indgang.organisations.permissions import can_manage_members


def memberships_of(person: Person) -> QuerySet[Membership]:
    if not person.is_authenticated:
        return Membership.objects.none()
    return (
        Membership.objects.filter(person=person)
        .select_related("organisation")
        .order_by("created_at", "pk")
    )


def membership_in(person: Person, organisation_id: str) -> Membership | None:
    return memberships_of(person).filter(organisation_id=organisation_id).first()


def members_for_admin(viewer: Person, organisation: Organisation) -> QuerySet[Membership]:
    """The members of ``organisation``, for someone allowed to manage them; else nothing."""
    if not can_manage_members(viewer, organisation):
        return Membership.objects.none()
    return organisation.memberships.select_related("person").order_by("person__full_name")


def person_for_token(key: str) -> Person | None:
    """The active person a bearer token belongs to, or None; records the use."""
    from django.utils import timezone

    from indgang.organisations.models import ApiToken
    from indgang.organisations.services import hash_token

    token = (
        ApiToken.objects.select_related("person")
        .filter(key_hash=hash_token(key), revoked_at__isnull=True, person__is_active=True)
        .first()
    )
    if token is None:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.person


def local_business_service(municipality_code: str | None) -> Organisation | None:
    """The local business service (lokal erhvervsservice) serving a municipality, or None."""
    if not municipality_code:
        return None
    return (
        Organisation.objects.filter(
            type=OrganisationType.LOKAL_ERHVERVSSERVICE,
            municipalities_served__code=municipality_code,
        )
        .order_by("pk")
        .first()
    )


def organisation_names(ids=None) -> dict[str, str]:
    """{id: name} of every organisation, or of those with the given ids."""
    organisations = (
        Organisation.objects.all() if ids is None else Organisation.objects.filter(pk__in=ids)
    )
    return dict(organisations.values_list("pk", "name"))
