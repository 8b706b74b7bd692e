from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from indgang.core.public import NavItem
from indgang.effects.evidence.permissions import in_menu
from indgang.effects.permissions import can_measure_effects


def items(request) -> list[NavItem]:
    try:
        runs_url = reverse("effects:runs")
        evidence_url = reverse("effects:evidence")
    except NoReverseMatch:  # the project's urls.py does not include the effects pages
        return []
    found = []
    if can_measure_effects(request.user):
        found.append(
            NavItem(
                _("Effect measurement"),
                runs_url,
                _("Measure the effect of offers on participants against a matched control group."),
            )
        )
    if in_menu(request.user):
        found.append(
            NavItem(
                _("Measured evidence"),
                evidence_url,
                _("The measured effect of each offer, with its interval and history."),
            )
        )
    return found
