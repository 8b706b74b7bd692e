"""The interaction pages: log one from the company file, read it, edit it."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from indgang.crm.companies import selectors as companies_selectors
from indgang.crm.interactions import selectors, services
from indgang.crm.interactions.forms import InteractionForm
from indgang.crm.models import SURVEY_TYPES
from indgang.crm.permissions import can_change
from indgang.crm.view_support import company_or_404, public_offer_ids, staff_viewer, submit


@login_required
def log_interaction(request, cvr: str):
    viewer = staff_viewer(request, writes=True)
    found = company_or_404(cvr)
    contacts = [
        c for c in companies_selectors.contact_persons(viewer, found) if c.anonymised_at is None
    ]
    form = InteractionForm(
        request.POST or None, organisation_id=viewer.organisation_id, contacts=contacts
    )
    result = submit(
        request,
        form,
        lambda data: services.log_interaction(viewer, form.interaction_data(company=found)),
        _("The interaction is logged."),
    )
    if result.saved:
        return redirect("crm:interaction", pk=result.record.pk)
    return render(
        request, "crm/interaction_form.html", {"form": form, "company": found, "viewer": viewer}
    )


@login_required
def interaction(request, pk: int):
    viewer = staff_viewer(request)
    found = selectors.interaction(viewer, pk)
    if found is None:
        raise Http404
    return render(
        request,
        "crm/interaction.html",
        {
            "interaction": found,
            "viewer": viewer,
            "can_change": can_change(viewer, found),
            # Linked only where the catalog shows it: a draft or ended offer is named only.
            "offer_public": found.offer_id in public_offer_ids([found.offer_id]),
            # After these the company's contact may be asked how satisfied it was.
            "survey_types": SURVEY_TYPES,
        },
    )


@login_required
def edit_interaction(request, pk: int):
    viewer = staff_viewer(request, writes=True)
    found = selectors.interaction(viewer, pk)
    if found is None or not can_change(viewer, found):
        raise Http404
    contacts = (
        [
            c
            for c in companies_selectors.contact_persons(viewer, found.company)
            if c.anonymised_at is None
        ]
        if found.company
        else []
    )
    initial = {
        "version": found.version,
        "type": found.type,
        "date": found.date,
        "themes": [t.code for t in found.themes.all()],
        "note": found.note,
        "title": found.title,
        "contacts": [c.pk for c in found.contacts.all()],
        "offer": found.offer_id,
        "legal_basis": found.legal_basis,
    }
    form = InteractionForm(
        request.POST or None,
        initial=initial,
        organisation_id=viewer.organisation_id,
        contacts=contacts,
        with_participants=False,
    )
    result = submit(
        request,
        form,
        lambda data: services.update_interaction(
            viewer,
            found,
            data["version"] or 0,
            themes=data["themes"],
            contacts=data.get("contacts"),
            type=data["type"],
            date=data["date"],
            note=data["note"],
            title=data["title"],
            offer=data["offer"],
            legal_basis=data["legal_basis"],
        ),
        _("The interaction is saved."),
    )
    if result.saved:
        return redirect("crm:interaction", pk=found.pk)
    return render(
        request,
        "crm/interaction_form.html",
        {"form": form, "company": found.company, "interaction": found, "viewer": viewer},
        status=result.status,
    )
