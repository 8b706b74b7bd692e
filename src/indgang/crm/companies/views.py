"""The company file's pages: the CRM start page (worklists), the file with its
timeline, the funnel segment, contact persons and needs assessments.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from indgang.core.public import paginate
from indgang.crm.companies import selectors, services
from indgang.crm.companies.forms import ContactPersonForm, NeedsAssessmentForm, SegmentForm
from indgang.crm.consent import selectors as consent_selectors
from indgang.crm.consent import services as consent_services
from indgang.crm.consent.forms import ConsentForm
from indgang.crm.interactions import selectors as interactions_selectors
from indgang.crm.permissions import can_change
from indgang.crm.reading import record_type_names
from indgang.crm.view_support import Submitted, company_or_404, staff_viewer, submit
from indgang.organisations.public import organisation_names

# Entries of the company's timeline per page.
TIMELINE_PAGE = 50


def company_page(
    request, viewer, found, *, consent_form=None, segment_form=None, status: int = 200
):
    """The company file; a consent or segment form that was refused is shown again as it
    was typed, with its errors summed up at the top."""
    segment = selectors.segment_of(viewer, found)
    contacts = selectors.contact_persons(viewer, found)
    if segment_form is None and viewer.manages:
        segment_form = SegmentForm(
            organisation_id=viewer.organisation_id,
            initial={
                "segment": segment.segment if segment else None,
                "key_account_owner": segment.key_account_owner_id if segment else None,
                "version": segment.version if segment else None,
            },
        )
    if consent_form is None and viewer.writes:
        consent_form = ConsentForm(
            meetings=consent_services.meetings_with(viewer, found),
            contacts=[c for c in contacts if c.organisation_id == viewer.organisation_id],
        )
    reads = consent_selectors.reads_under_consent(viewer, found)
    readers = organisation_names({e.acting_organisation_id for e in reads})
    kinds = record_type_names()
    # The timeline a page at a time (``?side=``): a company in contact with every operator
    # for years has hundreds of entries.
    timeline = paginate(request, selectors.CompanyTimeline(viewer, found), TIMELINE_PAGE)
    context = {
        "company": found,
        "viewer": viewer,
        "timeline": timeline,
        "page": timeline,
        "key_accounts": selectors.key_accounts(found),
        "segment": segment,
        "segment_form": segment_form,
        "consents": consent_selectors.consents_of(viewer, found),
        "shared": consent_selectors.has_sharing_consent(found),
        # Names, not codes: the reader's organisation and the kind of record read.
        "reads_under_consent": [
            {
                "at": e.at,
                "who": e.person_email,
                "organisation": readers.get(e.acting_organisation_id, e.acting_organisation_id),
                "record": f"{kinds.get(e.record_type, e.record_type).capitalize()} {e.record_id}",
            }
            for e in reads
        ],
        "contacts": contacts,
        "interactions": interactions_selectors.interactions_of(viewer, found, limit=50),
        "assessments": selectors.needs_assessments_of(viewer, found),
        "consent_form": consent_form,
        "consent_text": consent_services.sharing_consent_text(),
    }
    return render(request, "crm/company.html", context, status=status)


@login_required
def company(request, cvr: str):
    return company_page(request, staff_viewer(request), company_or_404(cvr))


@login_required
@require_POST
def segment(request, cvr: str):
    viewer = staff_viewer(request)
    found = company_or_404(cvr)
    if not viewer.manages:
        raise Http404
    form = SegmentForm(request.POST, organisation_id=viewer.organisation_id)
    result = submit(
        request,
        form,
        lambda data: services.set_segment(
            viewer,
            found,
            segment=data["segment"],
            key_account_owner=data["key_account_owner"],
            version=data["version"],
        ),
        _("The company's place in your funnel is saved."),
    )
    if result.saved:
        return redirect("crm:company", cvr=found.cvr)
    return company_page(request, viewer, found, segment_form=form, status=result.status)


@login_required
def add_contact(request, cvr: str):
    viewer = staff_viewer(request, writes=True)
    found = company_or_404(cvr)
    form = ContactPersonForm(request.POST or None)
    result = submit(
        request,
        form,
        lambda data: services.add_contact_person(
            viewer, found, **{k: v for k, v in data.items() if k != "version"}
        ),
        _("The contact person is saved."),
    )
    if result.saved:
        return redirect("crm:company", cvr=found.cvr)
    return render(request, "crm/contact_form.html", {"form": form, "company": found})


@login_required
def edit_contact(request, pk: int):
    viewer = staff_viewer(request, writes=True)
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
    result = submit(
        request,
        form,
        lambda data: services.update_contact_person(
            viewer,
            contact,
            data["version"] or 0,
            **{k: v for k, v in data.items() if k != "version"},
        ),
        _("The contact person is saved."),
    )
    if result.saved:
        return redirect("crm:company", cvr=contact.company.cvr)
    return render(
        request,
        "crm/contact_form.html",
        {"form": form, "company": contact.company, "contact": contact},
        status=result.status,
    )


@login_required
def new_assessment(request, cvr: str):
    viewer = staff_viewer(request, writes=True)
    found = company_or_404(cvr)
    form = NeedsAssessmentForm(request.POST or None)
    result = submit(
        request,
        form,
        lambda data: services.record_needs_assessment(viewer, company=found, **form.service_data()),
        _("The needs assessment is saved."),
    )
    if result.saved:
        return redirect("crm:assessment", pk=result.record.pk)
    return render(request, "crm/assessment_form.html", {"form": form, "company": found})


@login_required
def assessment(request, pk: int):
    viewer = staff_viewer(request)
    found = selectors.needs_assessment(viewer, pk)
    if found is None:
        raise Http404
    editable = can_change(viewer, found) and not found.anonymised_at
    form = None
    result = Submitted()
    if editable:
        form = NeedsAssessmentForm(
            request.POST or None, initial=NeedsAssessmentForm.initial_for(found)
        )
        result = submit(
            request,
            form,
            lambda data: services.update_needs_assessment(
                viewer, found, data["version"] or 0, **form.service_data()
            ),
            _("The needs assessment is saved."),
        )
        if result.saved:
            return redirect("crm:assessment", pk=found.pk)
    elif request.method == "POST":
        raise Http404
    return render(
        request,
        "crm/assessment.html",
        {"assessment": found, "form": form, "viewer": viewer},
        status=result.status,
    )
