"""The data protection officer's pages: a person's data (export and erasure) and the
access log. For the organisation's administrators only; anyone else gets 404."""

import json

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render

from indgang.audit.public import search_log
from indgang.core.public import PER_PAGE, paginate
from indgang.organisations.public import organisation_names, viewer_of
from indgang.privacy import services
from indgang.privacy.forms import AccessLogForm, PersonDataForm


def staff_viewer(request):
    viewer = viewer_of(request)
    if not viewer.is_staff:
        raise Http404
    return viewer


@login_required
def person_data(request):
    viewer = staff_viewer(request)
    if not viewer.is_admin:
        raise Http404
    form = PersonDataForm(request.POST or None)
    erased = None
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        if "export" in request.POST:
            data = services.export_person(viewer, email)
            response = HttpResponse(
                json.dumps(data, ensure_ascii=False, indent=2),
                content_type="application/json; charset=utf-8",
            )
            response["Content-Disposition"] = 'attachment; filename="persondata.json"'
            return response
        if "erase" in request.POST:
            erased = services.erase_person(viewer, email)
    return render(request, "privacy/person_data.html", {"form": form, "erased": erased})


@login_required
def access_log(request):
    viewer = staff_viewer(request)
    if not viewer.is_admin:
        raise Http404
    form = AccessLogForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    entries = search_log(organisation_id=viewer.organisation_id, **filters)
    if form.is_bound and not form.is_valid():
        entries = entries.none()
    page = paginate(request, entries, per_page=PER_PAGE)
    rows = list(page.object_list)
    names = organisation_names({e.acting_organisation_id for e in rows})
    kinds = services.record_type_names()
    return render(
        request,
        "privacy/access_log.html",
        {
            "form": form,
            "page": page,
            # Names, not codes: the organisation acted for and the kind of record.
            "entries": [
                {
                    "entry": e,
                    "organisation": names.get(e.acting_organisation_id, e.acting_organisation_id),
                    "record": kinds.get(e.record_type, e.record_type),
                }
                for e in rows
            ],
        },
    )
