"""Pages for local business promotion statistics and spending: the national comparison,
one municipality over the years, and entering spending. Thin: they parse, check with
``permissions``, and call ``services`` and ``selectors``. Every table can be downloaded as
CSV or XLSX."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from indgang.core.public import add_service_errors
from indgang.goals import counting, pages, permissions
from indgang.goals.contracts import selectors as contract_selectors
from indgang.goals.exports import Year
from indgang.goals.statistics import selectors, services
from indgang.goals.statistics.forms import SpendingForm
from indgang.goals.statistics.models import Spending
from indgang.reference.public import Municipality


def statistics_tables(rows, regions) -> list[dict]:
    headers = [
        _("Code"),
        _("Name"),
        _("Inhabitants"),
        _("Active companies"),
        _("Users of the local business service"),
        _("Users in percent of companies"),
        _("One-to-one users"),
        _("Spending (DKK)"),
        _("DKK per inhabitant"),
    ]

    def body(items):
        return [
            [
                r.code,
                r.name,
                r.population,
                r.companies,
                r.users,
                r.users_share,
                r.one_to_one_users,
                r.spending_dkk,
                r.kr_per_inhabitant,
            ]
            for r in items
        ]

    region_chart = {
        "labels": [r.name for r in regions],
        "users_share": [
            round(r.users_share, 1) if r.users_share is not None else None for r in regions
        ],
        "kr": [
            round(r.kr_per_inhabitant, 1) if r.kr_per_inhabitant is not None else None
            for r in regions
        ],
    }
    return [
        pages.table(
            "regions", _("By region"), headers, body(regions), region_chart, export_only=[0]
        ),
        pages.table("municipalities", _("By municipality"), headers, body(rows), export_only=[0]),
    ]


@login_required
def statistics(request):
    permissions.staff_viewer(request)
    year = pages.year(request)
    rows = counting.figures(year, [], statistics=True).statistics
    context = {"year": year, "years": [year - 1, year, year + 1], "counting": rows is None}
    if rows is None:
        if request.GET.get("export"):
            return redirect(f"{request.path}?year={year}")
        return render(request, "goals/statistics.html", context)
    tables = statistics_tables(rows, selectors.region_statistics(rows))
    response = pages.export(request, tables, f"erhvervsfremme-statistik-{year}")
    if response:
        return response
    return render(
        request,
        "goals/statistics.html",
        {**context, "tables": tables, "spreads": selectors.spreads(rows)},
    )


@login_required
def municipality(request, code: str):
    viewer = permissions.staff_viewer(request)
    found = get_object_or_404(Municipality.objects.select_related("region"), code=code)
    year = pages.year(request)
    history = []
    for y in range(year - 2, year + 1):
        row = selectors.municipality_statistics(y, [code])[0]
        history.append((y, row))
    headers = [
        _("Year"),
        _("Active companies"),
        _("Users of the local business service"),
        _("Users in percent of companies"),
        _("One-to-one users"),
        _("Spending (DKK)"),
        _("DKK per inhabitant"),
    ]
    table = pages.table(
        "years",
        _("Local business promotion by year"),
        headers,
        [
            [
                Year(y),
                r.companies,
                r.users,
                r.users_share,
                r.one_to_one_users,
                r.spending_dkk,
                r.kr_per_inhabitant,
            ]
            for y, r in history
        ],
        {"labels": [str(y) for y, _r in history], "users": [r.users for _y, r in history]},
    )
    response = pages.export(request, [table], f"kommune-{code}")
    if response:
        return response
    contracts = [
        c
        for c in contract_selectors.contracts_for(viewer)
        if any(m.pk == code for m in c.municipalities.all())
    ]
    return render(
        request,
        "goals/municipality.html",
        {"municipality": found, "table": table, "contracts": contracts, "year": year},
    )


@login_required
def spending(request):
    viewer = permissions.staff_viewer(request)
    allowed = permissions.spending_municipalities(viewer)
    if allowed is not None and not allowed:
        raise PermissionDenied(
            _("Only managers of an operator serving a municipality may enter its spending.")
        )
    form = SpendingForm(
        request.POST or None,
        municipalities=allowed,
        initial={"year": timezone.localdate().year - 1},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.set_spending(viewer, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The spending is saved."))
            return redirect("goals:spending")
    entered = Spending.objects.select_related("municipality").order_by(
        "-year", "municipality__name"
    )
    if allowed is not None:
        entered = entered.filter(municipality_id__in=allowed)
    table = pages.table(
        "spending",
        _("Spending entered"),
        [_("Year"), _("Municipality"), _("Spending (DKK)"), _("Source")],
        [[Year(s.year), s.municipality.label, s.amount_dkk, s.source] for s in entered],
    )
    response = pages.export(request, [table], "udgifter")
    if response:
        return response
    return render(request, "goals/spending.html", {"form": form, "table": table})
