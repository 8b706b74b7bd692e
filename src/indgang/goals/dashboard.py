"""The goals dashboard: one overview per kind of reader, drawn from every sub-domain.

The national board sees every contract, the regional comparison and the national goals;
an Erhvervshus board its contracts, its municipalities and the goals it works for; a
municipality's operator its contracts and its municipalities; any other operator its
contracts. Every table can be downloaded as CSV or XLSX.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from indgang.goals import counting, pages, permissions
from indgang.goals.contracts import engine
from indgang.goals.contracts import selectors as contract_selectors
from indgang.goals.contracts.views import STATUS_LABELS
from indgang.goals.exports import Year
from indgang.goals.kpis.views import kpi_table
from indgang.goals.statistics import selectors as statistics_selectors
from indgang.goals.statistics.views import statistics_tables

CONTRACTS_PER_PAGE = 50


@login_required
def dashboard(request):
    viewer = permissions.staff_viewer(request)
    year = pages.year(request)
    kind = permissions.dashboard_kind(viewer)
    organisation = permissions.organisation_of(viewer)
    # The national board's page shows no contract cards, so no municipalities.
    contracts = list(
        contract_selectors.contracts_for(viewer, year, municipalities=kind != "national")
    )
    local = kind in ("municipality", "erhvervshus")
    figures = counting.figures(
        year,
        contracts,
        statistics=kind == "national" or local,
        codes=statistics_selectors.municipalities_of(viewer) if local else None,
    )
    tables = []
    contract_cards = []
    for contract in contracts:
        rows = figures.rows.get(contract.pk)
        contract_cards.append(
            {
                "contract": contract,
                "counts": contract_selectors.status_counts(rows or []),
                "rows": rows,
            }
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
        pages.table(
            "contracts",
            _("Performance contracts"),
            headers,
            [
                [
                    c["contract"].title,
                    c["contract"].operator.name,
                    Year(c["contract"].year),
                    *(
                        [
                            len(c["rows"]),
                            c["counts"][engine.BEHIND],
                            c["counts"][engine.ON_TRACK],
                            c["counts"][engine.AHEAD],
                        ]
                        if c["rows"] is not None
                        else [_("being counted"), None, None, None]
                    ),
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
    if kind == "national":  # every contract of the country: a page at a time
        pages.paged(request, tables[0], CONTRACTS_PER_PAGE)
    if figures.statistics is not None:
        rows = figures.statistics
        stats = statistics_tables(rows, statistics_selectors.region_statistics(rows))
        # The national board compares regions; an operator sees its municipalities.
        tables.append(stats[0] if kind == "national" else stats[1])
    if kind == "national":
        tables.append(kpi_table())
    if kind == "erhvervshus":
        tables.append(kpi_table(organisation))
    if figures.counting and request.GET.get("export") and request.GET.get("table") != "kpis":
        # Nothing half-counted is downloaded: the page shows the counting's progress.
        return redirect(f"{request.path}?year={year}")
    response = pages.export(request, tables, f"maal-{year}")
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
            # The link only for those who may enter some municipality's spending.
            "can_enter_spending": permissions.spending_municipalities(viewer) != set(),
            "status_labels": STATUS_LABELS,
            "counting": figures.counting,
            "partial": True,  # the counted contracts are shown while the rest is counted
        },
    )


@login_required
def counting_status(request):
    """The progress of a year's counting, for the goals pages to poll (htmx): a fragment
    while counting, and an instruction to reload the page when done."""
    permissions.staff_viewer(request)
    year = pages.year(request)
    progress = counting.progress(year)
    if progress.state is None:  # counted: the page shows it all when reloaded
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    return render(
        request,
        "goals/_counting.html",
        {"year": year, "progress": progress, "partial": request.GET.get("partial") == "1"},
    )
