from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from indgang.catalog.selectors import managed_organisations
from indgang.core.navigation import NavItem


def items(request) -> list[NavItem]:
    try:
        out = [
            NavItem(
                _("Offers"),
                reverse("catalog:list"),
                _("Every state, regional and local offer for companies in one list."),
            )
        ]
        if managed_organisations(request.user).exists():
            out.append(
                NavItem(
                    _("Our offers"),
                    reverse("catalog:mine"),
                    _("Create, edit, publish and archive your organisation's offers."),
                )
            )
    except NoReverseMatch:  # the project's URLconf does not mount the catalog (yet)
        return []
    return out
