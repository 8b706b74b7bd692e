from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from indgang.core.public import NavItem
from indgang.organisations.public import viewer_of


def items(request) -> list[NavItem]:
    try:
        out = [
            NavItem(
                _("Events and courses"),
                reverse("events:calendar"),
                _("Information meetings, courses and networks across operators: sign up."),
            )
        ]
        if viewer_of(request).is_staff:
            out.append(
                NavItem(
                    _("Our events"),
                    reverse("events:mine"),
                    _("Publish events and courses, see sign-ups, record who came."),
                )
            )
    except NoReverseMatch:
        return []
    return out
