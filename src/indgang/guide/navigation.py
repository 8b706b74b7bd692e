from django.urls import reverse
from django.utils.translation import gettext as _

from indgang.core.public import NavItem


def items(request) -> list[NavItem]:
    return [
        NavItem(
            _("Find offers"),
            reverse("guide:start"),
            _("Describe your company and its needs, and see the offers you can use."),
        )
    ]
