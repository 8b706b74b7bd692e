"""The CRM's pages. Thin: parse a form, call a service or selector, render.

Every page needs a login and a membership (``_viewer``); what a page then shows comes
from ``crm.selectors``, which apply ``crm.permissions``. Objects the viewer may not read
answer 404, never 403, so ids cannot be probed.
"""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from indgang.audit.selectors import search_log
from indgang.core.forms import add_service_errors
from indgang.crm import selectors, services
from indgang.crm.forms import (
    AccessLogForm,
    ConsentForm,
    ContactPersonForm,
    EntrepreneurForm,
    InteractionForm,
    LinkEntrepreneurForm,
    NeedsAssessmentForm,
    PersonDataForm,
    ReferralForm,
    ReferralStatusForm,
    SegmentForm,
)
from indgang.crm.models import GROUP_TYPES, SURVEY_TYPES, Interaction, ReferralStatus
from indgang.crm.permissions import Viewer, can_change, viewer_of
from indgang.registry.selectors import company_by_cvr


def _viewer(request, *, writes=False) -> Viewer:
    viewer = viewer_of(request)
    if not viewer.is_staff or (writes and not viewer.writes):
        raise Http404
    return viewer


def _company(cvr: str):
    company = company_by_cvr(cvr)
    if company is None:
        raise Http404
    return company


# --- Start page: worklists ----------------------------------------------------------------


@login_required
def home(request):
    viewer = _viewer(request)
    context = {
        "waiting": selectors.waiting_for_me(viewer)[:50],
        "unanswered": selectors.unanswered_for_manager(viewer)[:50],
        "prioritised": selectors.prioritised_without_talk(viewer)[:50],
        "quiet": selectors.my_companies_without_contact(viewer)[:50],
        "notifications": selectors.notifications(viewer.person, unread_only=True)[:20],
        "recent": selectors.recent_interactions(viewer, limit=15),
        "viewer": viewer,
    }
    return render(request, "crm/home.html", context)


# --- The company file ---------------------------------------------------------------------


@login_required
def company(request, cvr: str):
    viewer = _viewer(request)
    found = _company(cvr)
    segment = selectors.segment_of(viewer, found)
    context = {
        "company": found,
        "viewer": viewer,
        "timeline": selectors.company_timeline(viewer, found),
        "key_accounts": selectors.key_accounts(found),
        "segment": segment,
        "segment_form": SegmentForm(
            organisation_id=viewer.organisation_id,
            initial={
                "segment": segment.segment if segment else None,
                "key_account_owner": segment.key_account_owner_id if segment else None,
                "version": segment.version if segment else None,
            },
        )
        if viewer.manages
        else None,
        "consents": selectors.consents_of(viewer, found),
        "shared": selectors.has_sharing_consent(found),
        "contacts": selectors.contact_persons(viewer, found),
        "interactions": selectors.interactions_of(viewer, found, limit=50),
        "assessments": selectors.needs_assessments_of(viewer, found),
        "consent_form": ConsentForm() if viewer.writes else None,
        "consent_text": services.sharing_consent_text(),
    }
    return render(request, "crm/company.html", context)


@login_required
@require_POST
def segment(request, cvr: str):
    viewer = _viewer(request)
    found = _company(cvr)
    if not viewer.manages:
        raise Http404
    form = SegmentForm(request.POST, organisation_id=viewer.organisation_id)
    if form.is_valid():
        try:
            services.set_segment(
                viewer,
                found,
                segment=form.cleaned_data["segment"],
                key_account_owner=form.cleaned_data["key_account_owner"],
                version=form.cleaned_data["version"],
            )
            messages.success(request, _("The company's place in your funnel is saved."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, _("Choose a segment."))
    return redirect("crm:company", cvr=found.cvr)


@login_required
def log_interaction(request, cvr: str):
    viewer = _viewer(request, writes=True)
    found = _company(cvr)
    contacts = [c for c in selectors.contact_persons(viewer, found) if c.anonymised_at is None]
    form = InteractionForm(
        request.POST or None, organisation_id=viewer.organisation_id, contacts=contacts
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            interaction = services.log_interaction(
                viewer,
                services.InteractionData(
                    type=data["type"],
                    date=data["date"],
                    company=found,
                    title=data["title"],
                    note=data["note"],
                    themes=data["themes"],
                    offer=data["offer"],
                    contacts=tuple(data.get("contacts") or ()),
                    participant_companies=tuple(data.get("participants") or ()),
                    legal_basis=data["legal_basis"],
                ),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The interaction is logged."))
            return redirect("crm:interaction", pk=interaction.pk)
    return render(
        request, "crm/interaction_form.html", {"form": form, "company": found, "viewer": viewer}
    )


@login_required
def interaction(request, pk: int):
    viewer = _viewer(request)
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
            # After these the company's contact may be asked how satisfied it was.
            "survey_types": SURVEY_TYPES,
        },
    )


@login_required
def edit_interaction(request, pk: int):
    viewer = _viewer(request, writes=True)
    found = selectors.interaction(viewer, pk)
    if found is None or not can_change(viewer, found):
        raise Http404
    contacts = (
        [c for c in selectors.contact_persons(viewer, found.company) if c.anonymised_at is None]
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
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_interaction(
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
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            status = 409 if isinstance(exc, services.Conflict) else 400
        else:
            messages.success(request, _("The interaction is saved."))
            return redirect("crm:interaction", pk=found.pk)
    return render(
        request,
        "crm/interaction_form.html",
        {"form": form, "company": found.company, "interaction": found, "viewer": viewer},
        status=status,
    )


# --- Contact persons ----------------------------------------------------------------------


@login_required
def add_contact(request, cvr: str):
    viewer = _viewer(request, writes=True)
    found = _company(cvr)
    form = ContactPersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            services.add_contact_person(viewer, found, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The contact person is saved."))
            return redirect("crm:company", cvr=found.cvr)
    return render(request, "crm/contact_form.html", {"form": form, "company": found})


@login_required
def edit_contact(request, pk: int):
    viewer = _viewer(request, writes=True)
    contact = selectors.contact_person(viewer, pk)
    if contact is None or not can_change(viewer, contact) or contact.anonymised_at:
        raise Http404
    form = ContactPersonForm(
        request.POST or None,
        initial={
            "version": contact.version,
            "name": contact.name,
            "title": contact.title,
            "email": contact.email,
            "phone": contact.phone,
            "legal_basis": contact.legal_basis,
        },
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version") or 0
        try:
            services.update_contact_person(viewer, contact, version, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
            status = 409
        else:
            messages.success(request, _("The contact person is saved."))
            return redirect("crm:company", cvr=contact.company.cvr)
    return render(
        request,
        "crm/contact_form.html",
        {"form": form, "company": contact.company, "contact": contact},
        status=status,
    )


# --- Needs assessments --------------------------------------------------------------------


@login_required
def new_assessment(request, cvr: str):
    viewer = _viewer(request, writes=True)
    found = _company(cvr)
    form = NeedsAssessmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            assessment = services.record_needs_assessment(
                viewer, company=found, **form.service_data()
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The needs assessment is saved."))
            return redirect("crm:assessment", pk=assessment.pk)
    return render(request, "crm/assessment_form.html", {"form": form, "company": found})


@login_required
def assessment(request, pk: int):
    viewer = _viewer(request)
    found = selectors.needs_assessment(viewer, pk)
    if found is None:
        raise Http404
    editable = can_change(viewer, found) and not found.anonymised_at
    form = None
    status = 200
    if editable:
        form = NeedsAssessmentForm(
            request.POST or None, initial=NeedsAssessmentForm.initial_for(found)
        )
        if request.method == "POST" and form.is_valid():
            try:
                services.update_needs_assessment(
                    viewer, found, form.cleaned_data["version"] or 0, **form.service_data()
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
                status = 409 if isinstance(exc, services.Conflict) else 400
            else:
                messages.success(request, _("The needs assessment is saved."))
                return redirect("crm:assessment", pk=found.pk)
    elif request.method == "POST":
        raise Http404
    return render(
        request,
        "crm/assessment.html",
        {"assessment": found, "form": form, "viewer": viewer},
        status=status,
    )


# --- Referrals ----------------------------------------------------------------------------


@login_required
def refer(request, cvr: str):
    viewer = _viewer(request, writes=True)
    found = _company(cvr)
    form = ReferralForm(request.POST or None, organisation_id=viewer.organisation_id)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            referral = services.refer_company(
                viewer,
                company=found,
                to_organisation=data["to_organisation"],
                to_person=data["to_person_email"],
                private_adviser=data["private_adviser"],
                offer=data["offer"],
                themes=data["themes"],
                reason=data["reason"],
                company_wants=data["company_wants"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The referral is sent."))
            return redirect("crm:referral", pk=referral.pk)
    return render(request, "crm/refer_form.html", {"form": form, "company": found})


@login_required
def referrals(request):
    viewer = _viewer(request)
    direction = request.GET.get("retning", "in")
    direction = direction if direction in ("in", "out", "all") else "in"
    status = request.GET.get("status", "")
    status = status if status in ReferralStatus.values else ""
    rows = selectors.referrals(viewer, direction=direction, status=status)[:200]
    return render(
        request,
        "crm/referrals.html",
        {
            "referrals": rows,
            "direction": direction,
            "status": status,
            "statuses": ReferralStatus.choices,
            "viewer": viewer,
        },
    )


@login_required
def referral(request, pk: int):
    viewer = _viewer(request)
    found = selectors.referral(viewer, pk)
    if found is None:
        raise Http404
    next_statuses = services.next_statuses(viewer, found)
    can_complete = ReferralStatus.COMPLETED in next_statuses
    completing = selectors.completing_interactions(viewer, found) if can_complete else []
    return render(
        request,
        "crm/referral.html",
        {
            "referral": found,
            "viewer": viewer,
            "next_statuses": [(s, ReferralStatus(s).label) for s in next_statuses],
            "completing": completing,
            "can_complete": can_complete,
        },
    )


@login_required
@require_POST
def referral_status(request, pk: int):
    viewer = _viewer(request, writes=True)
    found = selectors.referral(viewer, pk)
    if found is None:
        raise Http404
    form = ReferralStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a status."))
        return redirect("crm:referral", pk=found.pk)
    data = form.cleaned_data
    interaction = None
    if data.get("interaction"):
        interaction = Interaction.objects.filter(
            pk=data["interaction"], organisation_id=viewer.organisation_id
        ).first()
    try:
        services.move_referral(
            viewer,
            found,
            data["status"],
            version=data["version"] or 0,
            decline_reason=data["decline_reason"],
            interaction=interaction,
        )
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The referral's status is changed."))
    return redirect("crm:referral", pk=found.pk)


# --- Consent ------------------------------------------------------------------------------


@login_required
@require_POST
def give_consent(request, cvr: str):
    viewer = _viewer(request, writes=True)
    found = _company(cvr)
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
    viewer = _viewer(request, writes=True)
    consent = selectors.consent(viewer, pk)
    if consent is None:
        raise Http404
    services.withdraw_consent(viewer, consent)
    messages.success(request, _("The consent is withdrawn."))
    return redirect("crm:company", cvr=consent.company.cvr)


# --- Entrepreneurs ------------------------------------------------------------------------


@login_required
def entrepreneurs(request):
    viewer = _viewer(request)
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
    return render(
        request,
        "crm/entrepreneurs.html",
        {"entrepreneurs": selectors.entrepreneurs(viewer, query)[:200], "form": form, "q": query},
    )


@login_required
def entrepreneur(request, pk: int):
    viewer = _viewer(request)
    found = selectors.entrepreneur(viewer, pk)
    if found is None:
        raise Http404
    link_form = None
    if can_change(viewer, found) and not found.company_id:
        link_form = LinkEntrepreneurForm(request.POST or None, initial={"version": found.version})
        if request.method == "POST" and link_form.is_valid():
            try:
                services.link_entrepreneur(
                    viewer,
                    found,
                    link_form.cleaned_data["cvr"],
                    link_form.cleaned_data["version"] or 0,
                )
            except ValidationError as exc:
                add_service_errors(link_form, exc)
            else:
                messages.success(request, _("The entrepreneur is linked to the company."))
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
    viewer = _viewer(request, writes=True)
    found = selectors.entrepreneur(viewer, pk)
    if found is None:
        raise Http404
    form = InteractionForm(
        request.POST or None, organisation_id=viewer.organisation_id, with_participants=False
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data["type"] in GROUP_TYPES:
            kwargs = {"participant_entrepreneurs": (found,)}
        else:
            kwargs = {"entrepreneur": found}
        try:
            created = services.log_interaction(
                viewer,
                services.InteractionData(
                    type=data["type"],
                    date=data["date"],
                    title=data["title"],
                    note=data["note"],
                    themes=data["themes"],
                    offer=data["offer"],
                    legal_basis=data["legal_basis"],
                    **kwargs,
                ),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The interaction is logged."))
            return redirect("crm:interaction", pk=created.pk)
    return render(
        request,
        "crm/interaction_form.html",
        {"form": form, "entrepreneur": found, "viewer": viewer},
    )


# --- Notifications ------------------------------------------------------------------------


@login_required
def notifications(request):
    viewer = _viewer(request)
    if request.method == "POST":
        services.mark_notifications_read(viewer.person)
        return redirect("crm:notifications")
    return render(
        request,
        "crm/notifications.html",
        {"notifications": selectors.notifications(viewer.person)[:100]},
    )


# --- GDPR: the data protection officer's pages (administrators) ---------------------------


@login_required
def person_data(request):
    viewer = _viewer(request)
    if not viewer.is_admin:
        raise Http404
    form = PersonDataForm(request.POST or None)
    erased = None
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        if "export" in request.POST:
            data = services.export_person_data(viewer, email)
            response = HttpResponse(
                json.dumps(data, ensure_ascii=False, indent=2),
                content_type="application/json; charset=utf-8",
            )
            response["Content-Disposition"] = 'attachment; filename="persondata.json"'
            return response
        if "erase" in request.POST:
            erased = services.erase_person(viewer, email)
    return render(request, "crm/person_data.html", {"form": form, "erased": erased})


@login_required
def access_log(request):
    viewer = _viewer(request)
    if not viewer.is_admin:
        raise Http404
    form = AccessLogForm(request.GET or None)
    entries = []
    if form.is_valid():
        entries = search_log(organisation_id=viewer.organisation_id, **form.cleaned_data)[:500]
    elif not request.GET:
        entries = search_log(organisation_id=viewer.organisation_id)[:100]
    return render(request, "crm/access_log.html", {"form": form, "entries": entries})
