"""The data protection pages: consents on the company file, a person's data (export
and erasure) and the access log.
"""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from indgang.audit.public import search_log
from indgang.crm.consent import personal_data, selectors, services
from indgang.crm.consent.forms import AccessLogForm, ConsentForm, PersonDataForm
from indgang.crm.view_support import company_or_404, staff_viewer


@login_required
@require_POST
def give_consent(request, cvr: str):
    viewer = staff_viewer(request, writes=True)
    found = company_or_404(cvr)
    form = ConsentForm(request.POST)
    if form.is_valid():
        services.give_consent(viewer, found, given_by=form.cleaned_data["given_by"])
        messages.success(request, _("The consent is recorded."))
    else:
        messages.error(request, _("Name who gave the consent and confirm the company agreed."))
    return redirect("crm:company", cvr=found.cvr)


@login_required
@require_POST
def withdraw_consent(request, pk: int):
    viewer = staff_viewer(request, writes=True)
    consent = selectors.consent(viewer, pk)
    if consent is None:
        raise Http404
    services.withdraw_consent(viewer, consent)
    messages.success(request, _("The consent is withdrawn."))
    return redirect("crm:company", cvr=consent.company.cvr)


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
            data = personal_data.export_person_data(viewer, email)
            response = HttpResponse(
                json.dumps(data, ensure_ascii=False, indent=2),
                content_type="application/json; charset=utf-8",
            )
            response["Content-Disposition"] = 'attachment; filename="persondata.json"'
            return response
        if "erase" in request.POST:
            erased = personal_data.erase_person(viewer, email)
    return render(request, "crm/person_data.html", {"form": form, "erased": erased})


@login_required
def access_log(request):
    viewer = staff_viewer(request)
    if not viewer.is_admin:
        raise Http404
    form = AccessLogForm(request.GET or None)
    entries = []
    if form.is_valid():
        entries = search_log(organisation_id=viewer.organisation_id, **form.cleaned_data)[:500]
    elif not request.GET:
        entries = search_log(organisation_id=viewer.organisation_id)[:100]
    return render(request, "crm/access_log.html", {"form": form, "entries": entries})
