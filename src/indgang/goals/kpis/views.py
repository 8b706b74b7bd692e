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

from indgang.core.public import add_service_errors
from indgang.goals import pages, permissions
from indgang.goals.contracts.models import Target
from indgang.goals.exports import Year
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
            Year(r["kpi"].baseline_year),
            r["kpi"].target,
            Year(r["kpi"].target_year),
            r["latest"].value if r["latest"] else None,
            Year(r["latest"].year) if r["latest"] else None,
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


def _value_form(kpi, data=None) -> KpiValueForm:
    """A KPI's own value form: its fields' ids are the KPI's (several on one page)."""
    form = KpiValueForm(
        data, auto_id=f"kpi-{kpi.pk}-%s", initial={"year": timezone.localdate().year}
    )
    form.kpi_pk = kpi.pk
    return form


def _goal_page(request, viewer, goal, refused=None, compute=None):
    """The goal with its KPIs; ``refused``, a value form with errors, is shown as typed,
    and so is ``compute`` ({"kpi", "year", "error"}), a year that cannot be computed."""
    kpis = []
    for kpi in goal.kpis.all():
        values = sorted(kpi.values.all(), key=lambda v: v.year)
        form = refused if refused is not None and refused.kpi_pk == kpi.pk else None
        kpis.append(
            {
                "kpi": kpi,
                "values": values,
                "computation": computations.REGISTRY.get(kpi.computation),
                "form": form or _value_form(kpi),
                "chart_id": f"kpi-data-{kpi.pk}",
                "chart": {
                    "labels": [
                        str(y)
                        for y in (kpi.baseline_year, *(v.year for v in values), kpi.target_year)
                    ],
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
            [
                [Year(v.year), v.value, v.source, _("yes") if v.computed else _("no")]
                for v in k["values"]
            ],
        )
        for k in kpis
    ]
    if tables:
        response = pages.export(request, tables, f"maal-{goal.code}")
        if response:
            return response
    for k, t in zip(kpis, tables, strict=True):
        k["table"] = t
    return render(
        request,
        "goals/goal_detail.html",
        {
            "goal": goal,
            "kpis": kpis,
            "refused": refused,
            "compute": compute,
            "targets": selectors.targets_serving(goal, viewer),
            "can_maintain": permissions.can_maintain_goals(viewer),
            "this_year": timezone.localdate().year,
        },
    )


@login_required
def goal_detail(request, code: str):
    viewer = permissions.staff_viewer(request)
    goal = selectors.goal(code)
    if goal is None:
        raise Http404
    return _goal_page(request, viewer, goal)


@login_required
@require_POST
def kpi_value(request, pk: int):
    viewer = permissions.staff_viewer(request)
    kpi = get_object_or_404(Kpi.objects.select_related("goal"), pk=pk)
    form = _value_form(kpi, request.POST)
    if form.is_valid():
        try:
            services.enter_kpi_value(viewer, kpi, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The value is saved."))
            return redirect("goals:goal", kpi.goal.code)
    # Refused: the goal's page again, the value as it was typed, its errors on top.
    return _goal_page(request, viewer, kpi.goal, refused=form)


def _refused_year(request, viewer, kpi, typed: str, error: str):
    """The goal's page again, the year as it was typed and why it was refused, on top."""
    compute = {"kpi": kpi.pk, "year": typed, "error": error}
    return _goal_page(request, viewer, kpi.goal, compute=compute)


@login_required
@require_POST
def kpi_compute(request, pk: int):
    viewer = permissions.staff_viewer(request)
    kpi = get_object_or_404(Kpi.objects.select_related("goal"), pk=pk)
    typed = request.POST.get("year", "")[:20]
    try:
        year = int(typed)
    except ValueError:
        example = {"year": timezone.localdate().year}
        return _refused_year(
            request, viewer, kpi, typed, _("Give the year as a number, e.g. %(year)s.") % example
        )
    try:
        row = services.compute_kpi_value(kpi, year, viewer)
    except ValidationError as exc:
        return _refused_year(request, viewer, kpi, typed, " ".join(exc.messages))
    if row is None:
        messages.warning(request, _("There are no data to compute %(year)s from.") % {"year": year})
    else:
        messages.success(request, _("The value for %(year)s is computed.") % {"year": year})
    return redirect("goals:goal", kpi.goal.code)
