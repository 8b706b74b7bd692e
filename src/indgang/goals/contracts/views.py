"""Pages for performance contracts and their targets: progress, forms, freezing the yearly
report and its PDF. Thin: they parse, check with ``permissions``, and call ``services``
and ``selectors``. Every table can be downloaded as CSV or XLSX."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from indgang.core.public import add_service_errors
from indgang.goals import pages, permissions
from indgang.goals.contracts import engine, selectors, services
from indgang.goals.contracts import exports as contract_exports
from indgang.goals.contracts.forms import ContractForm, TargetForm
from indgang.goals.contracts.models import Measure, Target
from indgang.goals.statistics import selectors as statistics_selectors

STATUS_LABELS = {
    engine.BEHIND: gettext_lazy("Behind"),
    engine.ON_TRACK: gettext_lazy("On track"),
    engine.AHEAD: gettext_lazy("Ahead"),
    engine.NOT_STARTED: gettext_lazy("Not started"),
}
METHOD_LABELS = {
    "final": gettext_lazy("final"),
    "linear": gettext_lazy("linear by elapsed days"),
    "seasonal": gettext_lazy("last year's seasonal pattern"),
    "share": gettext_lazy("the share so far"),
    "none": "–",
}


def _progress_table(rows: list[dict]) -> dict:
    headers = [
        _("Target"),
        _("What is counted"),
        _("Target value"),
        _("Result so far"),
        _("Forecast for the year"),
        _("Forecast method"),
        _("Status"),
    ]
    body = [
        [
            r["name"],
            Measure(r["measure"]).label,
            r["target"],
            r["value"],
            r["forecast"],
            METHOD_LABELS.get(r["forecast_method"], ""),
            STATUS_LABELS.get(r["status"], ""),
        ]
        for r in rows
    ]
    chart = {
        "labels": [r["name"] for r in rows],
        "value": [_pct(r["value"], r["target"]) for r in rows],
        "forecast": [_pct(r["forecast"], r["target"]) for r in rows],
    }
    return pages.table("targets", _("Targets and progress"), headers, body, chart)


def _pct(value, target):
    if value is None or not target:
        return None
    return round(100.0 * value / target, 1)


def _readable_contract(request, pk):
    viewer = permissions.staff_viewer(request)
    contract = selectors.contract(viewer, pk)
    if contract is None:
        raise Http404
    return viewer, contract


@login_required
def contract_detail(request, pk: int):
    viewer, contract = _readable_contract(request, pk)
    rows = selectors.contract_rows(contract)
    table = _progress_table(rows)
    response = pages.export(request, [table], f"resultatkontrakt-{contract.pk}")
    if response:
        return response
    year_over = timezone.localdate() > date(contract.year, 12, 31)
    targets = {t.pk: t for t in contract.targets.all()}
    return render(
        request,
        "goals/contract_detail.html",
        {
            "contract": contract,
            "rows": rows,
            "table": table,
            "targets": targets,
            "can_change": permissions.can_change_contract(viewer, contract),
            "can_freeze": permissions.can_freeze(viewer, contract)
            and year_over
            and not contract.is_frozen,
            "status_labels": STATUS_LABELS,
        },
    )


@login_required
def contract_form(request, pk: int | None = None):
    viewer = permissions.staff_viewer(request)
    contract = None
    if pk is not None:
        viewer, contract = _readable_contract(request, pk)
        if not permissions.can_change_contract(viewer, contract):
            raise PermissionDenied(_("This contract cannot be changed (frozen, or not yours)."))
    elif not permissions.can_manage_contracts(viewer):
        raise PermissionDenied(_("Only an operator's managers may make performance contracts."))
    initial = {}
    if contract is not None:
        initial = {
            "title": contract.title,
            "year": contract.year,
            "municipalities": list(contract.municipalities.all()),
            "note": contract.note,
        }
    else:
        served = statistics_selectors.municipalities_of(viewer)
        initial = {"municipalities": served, "year": timezone.localdate().year}
    form = ContractForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if contract is None:
                contract = services.create_contract(viewer, **data)
            else:
                services.update_contract(viewer, contract, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The contract is saved."))
            return redirect("goals:contract", contract.pk)
    return render(request, "goals/contract_form.html", {"form": form, "contract": contract})


@login_required
def target_form(request, pk: int, target_pk: int | None = None):
    viewer, contract = _readable_contract(request, pk)
    if not permissions.can_change_contract(viewer, contract):
        raise PermissionDenied(_("This contract cannot be changed (frozen, or not yours)."))
    target = None
    initial = {"in_contract_municipalities": True}
    if target_pk is not None:
        target = get_object_or_404(Target, pk=target_pk, contract=contract)
        initial = {
            "name": target.name,
            "measure": target.measure,
            "interaction_types": target.interaction_types,
            "target_group": target.target_group,
            "in_contract_municipalities": target.in_contract_municipalities,
            "value": target.value,
            "goals": list(target.goals.all()),
        }
    form = TargetForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            if target is None:
                services.add_target(viewer, contract, **data)
            else:
                services.update_target(viewer, target, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The target is saved."))
            return redirect("goals:contract", contract.pk)
    return render(
        request,
        "goals/target_form.html",
        {"form": form, "contract": contract, "target": target},
    )


@login_required
@require_POST
def target_delete(request, pk: int, target_pk: int):
    viewer, contract = _readable_contract(request, pk)
    target = get_object_or_404(Target, pk=target_pk, contract=contract)
    services.delete_target(viewer, target)
    messages.success(request, _("The target is deleted."))
    return redirect("goals:contract", contract.pk)


@login_required
@require_POST
def freeze(request, pk: int):
    viewer, contract = _readable_contract(request, pk)
    try:
        services.freeze_report(viewer, contract)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The yearly report is frozen; its figures no longer change."))
    return redirect("goals:contract", contract.pk)


@login_required
def report_pdf(request, pk: int):
    viewer, contract = _readable_contract(request, pk)
    if not contract.is_frozen:
        raise Http404
    pdf = contract_exports.report_pdf(contract, contract.report.rows, STATUS_LABELS)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="aarsrapport-{contract.year}-{contract.pk}.pdf"'
    )
    return response
