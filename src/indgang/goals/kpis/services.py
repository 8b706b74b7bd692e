"""Every write to the national goals' KPI values: entered by hand with their source, or
computed by a named computation. Each one transaction."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from indgang.core.public import in_system_language
from indgang.goals.kpis import computations
from indgang.goals.kpis.models import Kpi, KpiValue
from indgang.goals.permissions import can_maintain_goals
from indgang.organisations.public import Viewer


@transaction.atomic
def enter_kpi_value(viewer: Viewer, kpi: Kpi, *, year, value, source) -> KpiValue:
    if not can_maintain_goals(viewer):
        raise PermissionDenied(_("Only the national board maintains the national goals."))
    errors = {}
    if not isinstance(year, int) or not 1990 <= year <= 2100:
        errors["year"] = _("The year must be between 1990 and 2100.")
    try:
        value = Decimal(str(value))
        if not value.is_finite():
            raise InvalidOperation
    except (InvalidOperation, ValueError):
        errors["value"] = _("The value must be a number.")
    if not (source or "").strip():
        errors["source"] = _("Say where the value comes from.")
    if errors:
        raise ValidationError(errors)
    row, _created = KpiValue.objects.update_or_create(
        kpi=kpi,
        year=year,
        defaults={
            "value": value,
            "source": source.strip(),
            "computed": False,
            "entered_by": viewer.person,
        },
    )
    return row


@transaction.atomic
def compute_kpi_value(kpi: Kpi, year: int, viewer: Viewer | None = None) -> KpiValue | None:
    """Compute and store the KPI's value for ``year`` from its named computation."""
    if viewer is not None and not can_maintain_goals(viewer):
        raise PermissionDenied(_("Only the national board maintains the national goals."))
    computation = computations.REGISTRY.get(kpi.computation)
    if computation is None:
        raise ValidationError({"computation": _("This KPI is entered by hand, not computed.")})
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        raise ValidationError({"year": _("The year must be between 2000 and 2100.")})
    value = computation.function(year, kpi.parameter)
    if value is None:
        return None
    row, _created = KpiValue.objects.update_or_create(
        kpi=kpi,
        year=year,
        defaults={
            "value": value,
            # stored in the system's language, whatever page asked for the computation
            "source": in_system_language(computation.source),
            "computed": True,
            "entered_by": viewer.person if viewer else None,
        },
    )
    return row
