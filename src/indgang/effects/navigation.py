from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from indgang.core.public import NavItem
from indgang.effects.permissions import can_measure_effects


def items(request) -> list[NavItem]:
    if not can_measure_effects(request.user):
        return []
    try:
        url = reverse("effects:runs")
    except NoReverseMatch:  # the project's urls.py does not include the effects pages
        return []
    return [
        NavItem(
            _("Effect measurement"),
            url,
            _("Measure the effect of offers on participants against a matched control group."),
        )
    ]
