from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from indgang.catalog.permissions import can_view_catalog_analysis
from indgang.catalog.selectors import managed_organisations
from indgang.core.public import NavItem


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
        if can_view_catalog_analysis(request.user):
            out.append(
                NavItem(
                    _("Continuity"),
                    reverse("catalog:continuity"),
                    _(
                        "Which offers run when, per theme and region: gaps between rounds, "
                        "offers that have ended, deadlines."
                    ),
                )
            )
            out.append(
                NavItem(
                    _("Overlap"),
                    reverse("catalog:overlap"),
                    _("Offers from different operators that offer much the same thing."),
                )
            )
    except NoReverseMatch:  # the project's URLconf does not mount the catalog (yet)
        return []
    return out
