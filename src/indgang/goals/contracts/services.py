"""Every write to performance contracts, their targets and yearly reports: one function per
thing a person does, each one transaction.

Services take the ``Viewer`` (person + the organisation they act for), check it with
``goals/permissions.py`` and raise ``PermissionDenied`` or ``ValidationError`` naming the
field, rather than writing something half.
"""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from indgang.crm import public as crm_public
from indgang.goals.contracts import metrics
from indgang.goals.contracts.models import (
    SHARE_MEASURES,
    Measure,
    PerformanceContract,
    Target,
    TargetGroup,
    YearlyReport,
)
from indgang.goals.permissions import can_change_contract, can_freeze
from indgang.organisations.public import Viewer


def _check_contract(title: str, year, municipalities) -> dict:
    errors = {}
    if not (title or "").strip():
        errors["title"] = _("Give the contract a title.")
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        errors["year"] = _("The year must be between 2000 and 2100.")
    if not municipalities:
        errors["municipalities"] = _("Choose at least one municipality.")
    return errors


@transaction.atomic
def create_contract(viewer: Viewer, *, title, year, municipalities, note="", is_demo=False):
    if not viewer.manages:
        raise PermissionDenied(_("Only an operator's managers may make performance contracts."))
    errors = _check_contract(title, year, municipalities)
    if (
        not errors
        and PerformanceContract.objects.filter(
            operator_id=viewer.organisation_id, year=year, title=title.strip()
        ).exists()
    ):
        errors["title"] = _("Your organisation already has a contract with this title that year.")
    if errors:
        raise ValidationError(errors)
    contract = PerformanceContract.objects.create(
        title=title.strip(),
        year=year,
        operator_id=viewer.organisation_id,
        note=note,
        created_by=viewer.person,
        is_demo=is_demo,
    )
    contract.municipalities.set(municipalities)
    return contract


@transaction.atomic
def update_contract(viewer: Viewer, contract, *, title, year, municipalities, note=""):
    if not can_change_contract(viewer, contract):
        raise PermissionDenied(_("This contract cannot be changed (frozen, or not yours)."))
    errors = _check_contract(title, year, municipalities)
    if errors:
        raise ValidationError(errors)
    contract.title, contract.year, contract.note = title.strip(), year, note
    contract.save()
    contract.municipalities.set(municipalities)
    return contract


def _clean_target(data: dict) -> dict:
    errors = {}
    if not (data.get("name") or "").strip():
        errors["name"] = _("Name the target.")
    if data.get("measure") not in Measure.values:
        errors["measure"] = _("Choose what is counted.")
    if data.get("target_group", TargetGroup.ALL) not in TargetGroup.values:
        errors["target_group"] = _("Choose a target group.")
    types = list(data.get("interaction_types") or [])
    unknown = [t for t in types if t not in crm_public.InteractionType.values]
    if unknown:
        errors["interaction_types"] = _("Unknown interaction type: %(types)s") % {
            "types": ", ".join(unknown)
        }
    try:
        value = Decimal(str(data.get("value")))
    except (InvalidOperation, TypeError, ValueError):
        value = None
    if value is None or not value.is_finite() or value < 0:
        errors["value"] = _("The target value must be a number of 0 or more.")
    elif data.get("measure") in SHARE_MEASURES and value > 100:
        errors["value"] = _("A share is at most 100 %.")
    if errors:
        raise ValidationError(errors)
    return {
        "name": data["name"].strip(),
        "measure": data["measure"],
        "interaction_types": types,
        "target_group": data.get("target_group", TargetGroup.ALL),
        "in_contract_municipalities": bool(data.get("in_contract_municipalities", True)),
        "value": value,
    }


@transaction.atomic
def add_target(viewer: Viewer, contract, *, goals=(), **data) -> Target:
    if not can_change_contract(viewer, contract):
        raise PermissionDenied(_("This contract cannot be changed (frozen, or not yours)."))
    clean = _clean_target(data)
    position = contract.targets.count()
    target = Target.objects.create(contract=contract, position=position, **clean)
    target.goals.set(goals)
    return target


@transaction.atomic
def update_target(viewer: Viewer, target: Target, *, goals=(), **data) -> Target:
    if not can_change_contract(viewer, target.contract):
        raise PermissionDenied(_("This contract cannot be changed (frozen, or not yours)."))
    for name, value in _clean_target(data).items():
        setattr(target, name, value)
    target.save()
    target.goals.set(goals)
    return target


@transaction.atomic
def delete_target(viewer: Viewer, target: Target) -> None:
    if not can_change_contract(viewer, target.contract):
        raise PermissionDenied(_("This contract cannot be changed (frozen, or not yours)."))
    target.delete()


@transaction.atomic
def freeze_report(viewer: Viewer, contract, today: date | None = None) -> YearlyReport:
    """Keep the contract's figures as they are at the end of its year; they no longer change."""
    if not can_freeze(viewer, contract):
        raise PermissionDenied(_("Only the operator's managers may freeze the yearly report."))
    today = today or timezone.localdate()
    if contract.is_frozen:
        raise ValidationError(_("The yearly report is already frozen."))
    if today <= date(contract.year, 12, 31):
        raise ValidationError(
            {
                "year": _("The yearly report can be frozen when the year %(year)s is over.")
                % {"year": contract.year}
            }
        )
    as_of = date(contract.year, 12, 31)
    rows = [p.as_row() for p in metrics.contract_progress(contract, as_of)]
    return YearlyReport.objects.create(
        contract=contract, as_of=as_of, rows=rows, frozen_by=viewer.person
    )
