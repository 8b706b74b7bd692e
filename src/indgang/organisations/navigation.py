from django.urls import reverse
from django.utils.translation import gettext as _

from indgang.core.public import NavItem


def items(request) -> list[NavItem]:
    if not request.user.is_authenticated:
        return []
    return [
        NavItem(
            _("My organisations"),
            reverse("organisations:mine"),
            _("The organisations you work for, your role, and their members."),
        )
    ]
