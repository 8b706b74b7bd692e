"""Pages for goals: dashboards, contracts and targets, national goals, statistics, spending
and satisfaction surveys. Thin: they parse, check with ``permissions``, and call
``services`` and ``selectors``. Every table can be downloaded as CSV or XLSX
(``?export=csv|xlsx&table=<name>``)."""

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

from indgang.core.forms import add_service_errors
from indgang.crm.models import Interaction
from indgang.crm.permissions import viewer_of
from indgang.goals import computations, engine, exports, permissions, selectors, services
from indgang.goals.forms import (
    ContractForm,
    KpiValueForm,
    SpendingForm,
    SurveyForm,
    TargetForm,
)
from indgang.goals.models import Kpi, Measure, SurveyInvitation, Target
from indgang.reference.models import Municipality

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


# --- Helpers ----------------------------------------------------------------------------


def _staff_viewer(request):
    viewer = viewer_of(request)
    if not permissions.is_staff(viewer) and not permissions.is_national(viewer):
        raise PermissionDenied(_("Only staff of an operator may see goals and contracts."))
    return viewer


def _year(request) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return timezone.localdate().year
    return year if 2000 <= year <= 2100 else timezone.localdate().year


def _table(name, title, headers, rows, chart=None) -> dict:
    return {"name": name, "title": title, "headers": headers, "rows": rows, "chart": chart}


def _export(request, tables: list[dict], filename: str) -> HttpResponse | None:
    fmt = request.GET.get("export")
    if fmt not in exports.FORMATS:
        return None
    wanted = request.GET.get("table") or tables[0]["name"]
    for table in tables:
        if table["name"] == wanted:
            return exports.table_response(
                fmt, f"{filename}-{table['name']}", table["headers"], table["rows"]
            )
    raise Http404


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
    return _table("targets", _("Targets and progress"), headers, body, chart)


def _pct(value, target):
    if value is None or not target:
        return None
    return round(100.0 * value / target, 1)


def _statistics_tables(rows, regions) -> list[dict]:
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
        _table("regions", _("By region"), headers, body(regions), region_chart),
        _table("municipalities", _("By municipality"), headers, body(rows)),
    ]


# --- Dashboards -------------------------------------------------------------------------


@login_required
def dashboard(request):
    viewer = _staff_viewer(request)
    year = _year(request)
    kind = permissions.dashboard_kind(viewer)
    organisation = permissions.organisation_of(viewer)
    contracts = list(selectors.contracts_for(viewer, year))
    tables = []
    contract_cards = []
    for contract in contracts:
        rows = selectors.contract_rows(contract)
        contract_cards.append(
            {"contract": contract, "counts": selectors.status_counts(rows), "rows": rows}
        )
    headers = [
        _("Contract"),
        _("Operator"),
        _("Year"),
        _("Targets"),
        STATUS_LABELS[engine.BEHIND],
        STATUS_LABELS[engine.ON_TRACK],
        STATUS_LABELS[engine.AHEAD],
        _("Frozen"),
    ]
    tables.append(
        _table(
            "contracts",
            _("Performance contracts"),
            headers,
            [
                [
                    c["contract"].title,
                    c["contract"].operator.name,
                    c["contract"].year,
                    len(c["rows"]),
                    c["counts"][engine.BEHIND],
                    c["counts"][engine.ON_TRACK],
                    c["counts"][engine.AHEAD],
                    _("yes") if c["contract"].is_frozen else _("no"),
                ]
                for c in contract_cards
            ],
            {
                "labels": [
                    str(STATUS_LABELS[s]) for s in (engine.BEHIND, engine.ON_TRACK, engine.AHEAD)
                ],
                "values": [
                    sum(c["counts"][s] for c in contract_cards)
                    for s in (engine.BEHIND, engine.ON_TRACK, engine.AHEAD)
                ],
            },
        )
    )
    if kind == "national":
        rows = selectors.municipality_statistics(year)
        tables.extend(_statistics_tables(rows, selectors.region_statistics(rows))[:1])
        tables.append(_kpi_table())
    elif kind in ("municipality", "erhvervshus"):
        codes = selectors.municipalities_of(viewer)
        rows = selectors.municipality_statistics(year, codes)
        stats = _statistics_tables(rows, selectors.region_statistics(rows))
        tables.append(stats[1])
    if kind == "erhvervshus":
        tables.append(_kpi_table(organisation))
    response = _export(request, tables, f"maal-{year}")
    if response:
        return response
    titles = {
        "national": _("The national board's dashboard"),
        "erhvervshus": _("The Erhvervshus board's dashboard"),
        "municipality": _("The municipality's dashboard"),
        "operator": _("Goals and performance contracts"),
    }
    return render(
        request,
        "goals/dashboard.html",
        {
            "kind": kind,
            "heading": titles.get(kind, titles["operator"]),
            "organisation": organisation,
            "year": year,
            "years": [year - 1, year, year + 1],
            "tables": tables,
            "cards": contract_cards if kind != "national" else [],
            "can_create": permissions.can_manage_contracts(viewer),
            "status_labels": STATUS_LABELS,
        },
    )


def _kpi_table(organisation=None) -> dict:
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
    return _table("kpis", _("National goals and KPIs"), headers, body)


# --- Contracts and targets --------------------------------------------------------------


def _readable_contract(request, pk):
    viewer = _staff_viewer(request)
    contract = selectors.contract(viewer, pk)
    if contract is None:
        raise Http404
    return viewer, contract


@login_required
def contract_detail(request, pk: int):
    viewer, contract = _readable_contract(request, pk)
    rows = selectors.contract_rows(contract)
    table = _progress_table(rows)
    response = _export(request, [table], f"resultatkontrakt-{contract.pk}")
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
    viewer = _staff_viewer(request)
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
        served = selectors.municipalities_of(viewer)
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
    pdf = exports.report_pdf(contract, contract.report.rows, STATUS_LABELS)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="aarsrapport-{contract.year}-{contract.pk}.pdf"'
    )
    return response


# --- National goals ---------------------------------------------------------------------


@login_required
def goal_list(request):
    _staff_viewer(request)
    table = _kpi_table()
    response = _export(request, [table], "nationale-maal")
    if response:
        return response
    return render(request, "goals/goal_list.html", {"goals": selectors.goals(), "table": table})


@login_required
def goal_detail(request, code: str):
    viewer = _staff_viewer(request)
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
        _table(
            f"kpi-{k['kpi'].pk}",
            k["kpi"].name,
            [_("Year"), _("Value"), _("Source"), _("Computed")],
            [[v.year, v.value, v.source, _("yes") if v.computed else _("no")] for v in k["values"]],
        )
        for k in kpis
    ]
    if tables:
        response = _export(request, tables, f"maal-{goal.code}")
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
    viewer = _staff_viewer(request)
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
    viewer = _staff_viewer(request)
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


# --- Statistics and spending -------------------------------------------------------------


@login_required
def statistics(request):
    _staff_viewer(request)
    year = _year(request)
    rows = selectors.municipality_statistics(year)
    regions = selectors.region_statistics(rows)
    tables = _statistics_tables(rows, regions)
    response = _export(request, tables, f"erhvervsfremme-statistik-{year}")
    if response:
        return response
    return render(
        request,
        "goals/statistics.html",
        {
            "year": year,
            "years": [year - 1, year, year + 1],
            "tables": tables,
            "spreads": selectors.spreads(rows),
        },
    )


@login_required
def municipality(request, code: str):
    viewer = _staff_viewer(request)
    found = get_object_or_404(Municipality.objects.select_related("region"), code=code)
    year = _year(request)
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
    table = _table(
        "years",
        _("Local business promotion by year"),
        headers,
        [
            [
                y,
                r.companies,
                r.users,
                r.users_share,
                r.one_to_one_users,
                r.spending_dkk,
                r.kr_per_inhabitant,
            ]
            for y, r in history
        ],
        {"labels": [y for y, _r in history], "users": [r.users for _y, r in history]},
    )
    response = _export(request, [table], f"kommune-{code}")
    if response:
        return response
    contracts = [
        c
        for c in selectors.contracts_for(viewer)
        if any(m.pk == code for m in c.municipalities.all())
    ]
    return render(
        request,
        "goals/municipality.html",
        {"municipality": found, "table": table, "contracts": contracts, "year": year},
    )


@login_required
def spending(request):
    viewer = _staff_viewer(request)
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
    from indgang.goals.models import Spending

    entered = Spending.objects.select_related("municipality").order_by(
        "-year", "municipality__name"
    )
    if allowed is not None:
        entered = entered.filter(municipality_id__in=allowed)
    table = _table(
        "spending",
        _("Spending entered"),
        [_("Year"), _("Municipality"), _("Spending (DKK)"), _("Source")],
        [[s.year, s.municipality.name, s.amount_dkk, s.source] for s in entered],
    )
    response = _export(request, [table], "udgifter")
    if response:
        return response
    return render(request, "goals/spending.html", {"form": form, "table": table})


# --- Satisfaction surveys ---------------------------------------------------------------


@login_required
def surveys(request):
    viewer = _staff_viewer(request)
    if not viewer.is_staff:
        raise PermissionDenied
    comments = permissions.can_read_comments(viewer, viewer.organisation_id)
    invitations = selectors.survey_invitations(viewer)
    headers = [
        _("Sent"),
        _("Guidance"),
        _("Date of the guidance"),
        _("Answered"),
        _("Satisfaction"),
    ]
    if comments:
        headers.append(_("Comment"))
    rows = []
    for inv in invitations:
        response = getattr(inv, "response", None)
        row = [
            timezone.localtime(inv.sent_at).date(),
            inv.interaction.title or inv.interaction.get_type_display(),
            inv.interaction.date,
            timezone.localtime(response.answered_at).date() if response else None,
            response.score if response else None,
        ]
        if comments:
            row.append(response.comment if response else "")
        rows.append(row)
    table = _table("surveys", _("Satisfaction surveys"), headers, rows)
    export = _export(request, [table], "tilfredshed")
    if export:
        return export
    summary = selectors.survey_summary(viewer.organisation_id, _year(request))
    pending = selectors.surveyable_interactions(viewer, services.SURVEY_TYPES)
    return render(
        request,
        "goals/surveys.html",
        {"table": table, "summary": summary, "pending": pending},
    )


@login_required
def survey_send(request, interaction_pk: int):
    viewer = _staff_viewer(request)
    interaction = (
        Interaction.objects.select_related("organisation", "company")
        .filter(pk=interaction_pk)
        .first()
    )
    if interaction is None or not permissions.can_send_survey(viewer, interaction):
        raise Http404
    if request.method == "POST":
        try:
            sent = services.send_surveys(viewer, interaction, request.build_absolute_uri("/")[:-1])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request, _("The survey was sent to %(n)s recipients.") % {"n": len(sent)}
            )
            return redirect("goals:surveys")
    already = set(interaction.survey_invitations.values_list("email", flat=True))
    recipients = services.survey_recipients(viewer, interaction)
    return render(
        request,
        "goals/survey_send.html",
        {
            "interaction": interaction,
            "recipients": [r for r in recipients if r["email"] not in already],
            "already": sorted(already),
            "allowed_type": interaction.type in services.SURVEY_TYPES,
        },
    )


def survey(request, token: str):
    """The public survey page: no login, a one-time token."""
    invitation = services.invitation_for(token)
    if invitation is None:
        raise Http404
    context = {
        "operator": invitation.organisation.name,
        "date": invitation.interaction.date,
        "kind": invitation.interaction.get_type_display(),
    }
    if SurveyInvitation.objects.filter(pk=invitation.pk, response__isnull=False).exists():
        return render(request, "goals/survey_done.html", {**context, "already": True})
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.answer_survey(token, **form.cleaned_data)
        except services.AlreadyAnswered:
            return render(request, "goals/survey_done.html", {**context, "already": True})
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return render(request, "goals/survey_done.html", {**context, "already": False})
    return render(request, "goals/survey.html", {**context, "form": form})
