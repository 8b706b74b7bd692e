"""The entrepreneur pages: the list, one entrepreneur, a session logged with them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from indgang.core.public import paginate
from indgang.crm.entrepreneurs import selectors, services
from indgang.crm.entrepreneurs.forms import EntrepreneurForm, LinkEntrepreneurForm
from indgang.crm.interactions import services as interactions_services
from indgang.crm.interactions.forms import InteractionForm
from indgang.crm.models import GROUP_TYPES
from indgang.crm.permissions import can_change
from indgang.crm.view_support import staff_viewer, submit


@login_required
def entrepreneurs(request):
    viewer = staff_viewer(request)
    if not viewer.reads_content:
        raise Http404
    form = EntrepreneurForm(request.POST or None) if viewer.writes else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
            found = services.create_entrepreneur(viewer, **data)
            messages.success(request, _("The entrepreneur is saved."))
            return redirect("crm:entrepreneur", pk=found.pk)
    query = request.GET.get("q", "")[:100]
    page = paginate(request, selectors.entrepreneurs(viewer, query))
    return render(
        request,
        "crm/entrepreneurs.html",
        {"entrepreneurs": page.object_list, "page": page, "form": form, "q": query},
    )


@login_required
def entrepreneur(request, pk: int):
    viewer = staff_viewer(request)
    found = selectors.entrepreneur(viewer, pk)
    if found is None:
        raise Http404
    link_form = None
    if can_change(viewer, found) and not found.company_id:
        link_form = LinkEntrepreneurForm(request.POST or None, initial={"version": found.version})
        result = submit(
            request,
            link_form,
            lambda data: services.link_entrepreneur(
                viewer, found, data["cvr"], data["version"] or 0
            ),
            _("The entrepreneur is linked to the company."),
        )
        if result.saved:
            return redirect("crm:entrepreneur", pk=found.pk)
    elif request.method == "POST":
        raise Http404
    return render(
        request,
        "crm/entrepreneur.html",
        {
            "entrepreneur": found,
            "interactions": selectors.entrepreneur_interactions(viewer, found),
            "link_form": link_form,
            "viewer": viewer,
        },
    )


@login_required
def entrepreneur_interaction(request, pk: int):
    viewer = staff_viewer(request, writes=True)
    found = selectors.entrepreneur(viewer, pk)
    if found is None:
        raise Http404
    form = InteractionForm(
        request.POST or None, organisation_id=viewer.organisation_id, with_participants=False
    )

    def log(data):
        # An entrepreneur takes part in a group interaction; a session is with them.
        subject = (
            {"participant_entrepreneurs": (found,)}
            if data["type"] in GROUP_TYPES
            else {"entrepreneur": found}
        )
        return interactions_services.log_interaction(viewer, form.interaction_data(**subject))

    result = submit(request, form, log, _("The interaction is logged."))
    if result.saved:
        return redirect("crm:interaction", pk=result.record.pk)
    return render(
        request,
        "crm/interaction_form.html",
        {"form": form, "entrepreneur": found, "viewer": viewer},
    )
