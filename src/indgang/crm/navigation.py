from django.urls import reverse
from django.utils.translation import gettext as _

from indgang.core.public import NavItem
from indgang.organisations.public import viewer_of


def items(request) -> list[NavItem]:
    viewer = viewer_of(request)
    if not viewer.is_staff:
        return []
    entries = [
        NavItem(
            _("CRM"),
            reverse("crm:home"),
            _("Your worklists, company files, interactions and referrals."),
        ),
        NavItem(
            _("Referrals"),
            reverse("crm:referrals"),
            _("Companies referred to and from your organisation."),
        ),
    ]
    if viewer.is_admin:
        entries.append(
            NavItem(
                _("Personal data"),
                reverse("privacy:access_log"),
                _("The access log, and a person's data exported or erased on request."),
            )
        )
    return entries
