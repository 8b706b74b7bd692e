"""Pages for the national goals and their KPIs: the list, a goal with its KPIs' values,
entering and computing a value. Thin: they parse, check with ``permissions``, and call
``services`` and ``selectors``. Every table can be downloaded as CSV or XLSX."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from indgang.goals import pages, permissions
from indgang.goals.contracts.models import Target
from indgang.goals.kpis import computations, selectors, services
from indgang.goals.kpis.forms import KpiValueForm
from indgang.goals.kpis.models import Kpi


def kpi_table(organisation=None) -> dict:
    rows = selectors.kpi_rows()
    if organisation is not None:
        served = set(
            Target.objects.filter(contract__operator=organisation).values_list("goals", flat=True)
        )
        rows = [r for r in rows if r["goal"].pk in served]
    headers = [
        _("Goal"),
        _("KPI"),
        _("Unit"),
        _("Baseline"),
        _("Baseline year"),
        _("Target"),
        _("Target year"),
        _("Latest value"),
        _("Year of the latest value"),
        _("Source"),
    ]
    body = [
        [
            r["goal"].title,
            r["kpi"].name,
            r["kpi"].unit,
            r["kpi"].baseline,
            r["kpi"].baseline_year,
            r["kpi"].target,
            r["kpi"].target_year,
            r["latest"].value if r["latest"] else None,
            r["latest"].year if r["latest"] else None,
            r["latest"].source if r["latest"] else r["kpi"].source,
        ]
        for r in rows
    ]
    return pages.table("kpis", _("National goals and KPIs"), headers, body)


@login_required
def goal_list(request):
    permissions.staff_viewer(request)
    table = kpi_table()
    response = pages.export(request, [table], "nationale-maal")
    if response:
        return response
    return render(request, "goals/goal_list.html", {"goals": selectors.goals(), "table": table})


@login_required
def goal_detail(request, code: str):
    viewer = permissions.staff_viewer(request)
    goal = selectors.goal(code)
    if goal is None:
        raise Http404
    kpis = []
    for kpi in goal.kpis.all():
        values = sorted(kpi.values.all(), key=lambda v: v.year)
        kpis.append(
            {
                "kpi": kpi,
                "values": values,
                "computation": computations.REGISTRY.get(kpi.computation),
                "chart_id": f"kpi-data-{kpi.pk}",
                "chart": {
                    "labels": [kpi.baseline_year, *[v.year for v in values], kpi.target_year],
                    "values": [float(kpi.baseline), *[float(v.value) for v in values], None],
                    "target": [None] * (len(values) + 1) + [float(kpi.target)],
                },
            }
        )
    tables = [
        pages.table(
            f"kpi-{k['kpi'].pk}",
            k["kpi"].name,
            [_("Year"), _("Value"), _("Source"), _("Computed")],
            [[v.year, v.value, v.source, _("yes") if v.computed else _("no")] for v in k["values"]],
        )
        for k in kpis
    ]
    if tables:
        response = pages.export(request, tables, f"maal-{goal.code}")
        if response:
            return response
    return render(
        request,
        "goals/goal_detail.html",
        {
            "goal": goal,
            "kpis": kpis,
            "tables": {t["name"]: t for t in tables},
            "targets": selectors.targets_serving(goal, viewer),
            "can_maintain": permissions.can_maintain_goals(viewer),
            "form": KpiValueForm(initial={"year": timezone.localdate().year}),
            "this_year": timezone.localdate().year,
        },
    )


@login_required
@require_POST
def kpi_value(request, pk: int):
    viewer = permissions.staff_viewer(request)
    kpi = get_object_or_404(Kpi.objects.select_related("goal"), pk=pk)
    form = KpiValueForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            messages.error(request, f"{form.fields[field].label}: {' '.join(errors)}")
        return redirect("goals:goal", kpi.goal.code)
    try:
        services.enter_kpi_value(viewer, kpi, **form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The value is saved."))
    return redirect("goals:goal", kpi.goal.code)


@login_required
@require_POST
def kpi_compute(request, pk: int):
    viewer = permissions.staff_viewer(request)
    kpi = get_object_or_404(Kpi.objects.select_related("goal"), pk=pk)
    try:
        year = int(request.POST.get("year", ""))
    except ValueError:
        year = timezone.localdate().year
    try:
        row = services.compute_kpi_value(kpi, year, viewer)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if row is None:
            messages.warning(
                request, _("There are no data to compute %(year)s from.") % {"year": year}
            )
        else:
            messages.success(request, _("The value for %(year)s is computed.") % {"year": year})
    return redirect("goals:goal", kpi.goal.code)
