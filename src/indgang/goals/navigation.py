from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from indgang.core.public import NavItem


def items(request) -> list[NavItem]:
    if not request.user.is_authenticated:
        return []
    membership = getattr(request, "membership", None)
    if not membership and not request.user.is_superuser:
        return []
    try:
        url = reverse("goals:dashboard")
    except NoReverseMatch:
        return []
    return [
        NavItem(
            _("Goals"),
            url,
            _("Performance contracts, national goals, satisfaction and local statistics."),
        )
    ]
