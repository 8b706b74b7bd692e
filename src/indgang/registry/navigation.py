from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from indgang.core.public import NavItem


def items(request) -> list[NavItem]:
    if not request.user.is_authenticated:
        return []
    try:
        url = reverse("registry:search")
    except NoReverseMatch:  # the project's urls.py does not include the register's pages
        return []
    return [
        NavItem(
            _("Companies"),
            url,
            _("Search the company register by CVR number or name, with its yearly figures."),
        )
    ]
