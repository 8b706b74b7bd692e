from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from indgang.core.public import MAX_INT
from indgang.organisations.public import viewer_of
from indgang.registry import selectors
from indgang.registry.forms import CompanySearchForm
from indgang.registry.permissions import can_open_crm_file, require_register_access

PAGE_SIZE = 25


@login_required
def search(request):
    require_register_access(request.user)
    form = CompanySearchForm(request.GET or None)
    page = None
    offset = 0
    if form.is_valid():
        try:
            offset = max(0, min(int(request.GET.get("offset", 0)), MAX_INT))
        except ValueError:
            offset = 0
        page = selectors.search_companies(
            limit=PAGE_SIZE, offset=offset, **{k: v or "" for k, v in form.cleaned_data.items()}
        )
    context = {
        "form": form,
        "page": page,
        "offset": offset,
        "previous_offset": max(0, offset - PAGE_SIZE) if offset else None,
        "next_offset": offset + PAGE_SIZE if page and page.total > offset + PAGE_SIZE else None,
        "query_string": _without_offset(request.GET),
    }
    template = "registry/_results.html" if request.htmx else "registry/search.html"
    return render(request, template, context)


def _without_offset(params) -> str:
    params = params.copy()
    params.pop("offset", None)
    return params.urlencode()


@login_required
def company(request, cvr: str):
    require_register_access(request.user)
    found = selectors.company_by_cvr(cvr)
    if found is None:
        raise Http404
    figures = selectors.figures_of(found)
    chart = {
        "years": [f.year for f in figures],
        "turnover": [f.turnover_dkk for f in figures],
        "value_added": [f.value_added_dkk for f in figures],
        "exports": [f.exports_dkk for f in figures],
        "fte": [float(f.employees_fte) if f.employees_fte is not None else None for f in figures],
    }
    return render(
        request,
        "registry/company.html",
        {
            "company": found,
            "figures": figures,
            "chart": chart,
            "crm_file": can_open_crm_file(viewer_of(request)),
        },
    )
