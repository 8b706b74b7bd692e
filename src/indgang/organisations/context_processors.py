from indgang.organisations.models import Organisation
from indgang.organisations.selectors import memberships_of


def current_organisation(request) -> dict:
    membership = getattr(request, "membership", None)
    user = getattr(request, "user", None)
    return {
        "current_membership": membership if membership else None,
        "memberships": list(memberships_of(user)) if user is not None else [],
        "demo_mode": Organisation.objects.filter(is_demo=True).exists(),
    }
