"""Every write for the statistics: a municipality's spending on local business promotion."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from indgang.core.public import MAX_BIGINT
from indgang.goals.permissions import can_enter_spending
from indgang.goals.statistics.models import Spending
from indgang.organisations.public import Viewer


@transaction.atomic
def set_spending(viewer: Viewer, *, municipality, year, amount_dkk, source="", is_demo=False):
    if not can_enter_spending(viewer, municipality.pk):
        raise PermissionDenied(
            _("Only managers of an operator serving the municipality may enter its spending.")
        )
    errors = {}
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        errors["year"] = _("The year must be between 2000 and 2100.")
    if not isinstance(amount_dkk, int) or not 0 <= amount_dkk <= MAX_BIGINT:
        errors["amount_dkk"] = _("The spending must be a whole number of kroner, 0 or more.")
    if errors:
        raise ValidationError(errors)
    spending, _created = Spending.objects.update_or_create(
        municipality=municipality,
        year=year,
        defaults={
            "amount_dkk": amount_dkk,
            "source": source.strip(),
            "entered_by": viewer.person,
            "is_demo": is_demo,
        },
    )
    return spending
