"""Who am I, and the operators of the system."""

from ninja import Router, Schema

from indgang.organisations.selectors import memberships_of

PATH = ""
router = Router(tags=["organisations"])


class MembershipOut(Schema):
    organisation_id: str
    organisation_name: str
    role: str


class MeOut(Schema):
    email: str
    full_name: str
    memberships: list[MembershipOut]


@router.get("/me", response=MeOut)
def me(request):
    person = request.user
    return {
        "email": person.email,
        "full_name": person.full_name,
        "memberships": [
            {
                "organisation_id": m.organisation_id,
                "organisation_name": m.organisation.name,
                "role": m.role,
            }
            for m in memberships_of(person)
        ],
    }
