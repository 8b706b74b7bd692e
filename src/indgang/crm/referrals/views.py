"""The referral pages: refer a company, the inbox and outbox, one referral and its
answer, notifications.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from indgang.core.public import add_service_errors, paginate
from indgang.crm.models import Interaction, ReferralStatus
from indgang.crm.permissions import can_read_content
from indgang.crm.referrals import selectors, services
from indgang.crm.referrals.forms import ReferralForm, ReferralStatusForm
from indgang.crm.view_support import (
    company_or_404,
    public_offer_ids,
    staff_viewer,
    submit,
)
from indgang.crm.writing import Conflict

# The receiver's answers are actions; the referral's status stays a status.
ACTIONS = {
    ReferralStatus.RECEIVED: gettext_lazy("Confirm receipt"),
    ReferralStatus.ACCEPTED: gettext_lazy("Accept the referral"),
    ReferralStatus.DECLINED: gettext_lazy("Decline the referral"),
    ReferralStatus.COMPLETED: gettext_lazy("Mark as completed"),
}


@login_required
def refer(request, cvr: str):
    viewer = staff_viewer(request, writes=True)
    found = company_or_404(cvr)
    options = {
        "organisation_id": viewer.organisation_id,
        "offers_url": reverse("crm:refer", args=[found.cvr]),
    }
    if request.headers.get("HX-Request") and request.method == "GET":
        # The receiver changed: the offer field again, with the new receiver's offers.
        form = ReferralForm(
            initial={"to_organisation": request.GET.get("to_organisation")}, **options
        )
        return render(request, "crm/_refer_offer.html", {"form": form})
    if request.method == "POST" and "show_offers" in request.POST:
        # Without JavaScript: the form again as typed, with the chosen receiver's offers.
        form = ReferralForm.typed(request.POST, **options)
        return render(request, "crm/refer_form.html", {"form": form, "company": found})
    form = ReferralForm(request.POST or None, **options)
    result = submit(
        request,
        form,
        lambda data: services.refer_company(
            viewer,
            company=found,
            to_organisation=data["to_organisation"],
            to_person=data["to_person_email"],
            private_adviser=data["private_adviser"],
            offer=data["offer"],
            themes=data["themes"],
            reason=data["reason"],
            company_wants=data["company_wants"],
        ),
        _("The referral is sent."),
    )
    if result.saved:
        return redirect("crm:referral", pk=result.record.pk)
    return render(
        request, "crm/refer_form.html", {"form": form, "company": found}, status=result.status
    )


@login_required
def referrals(request):
    viewer = staff_viewer(request)
    direction = request.GET.get("retning", "in")
    direction = direction if direction in ("in", "out", "all") else "in"
    status = request.GET.get("status", "")
    status = status if status in ReferralStatus.values else ""
    reference = request.GET.get("reference", "").strip()[:40]
    if reference:
        direction = "all"  # a reference names one request, whichever way it went
    found = selectors.referrals(viewer, direction=direction, status=status, reference=reference)
    page = paginate(request, found)
    return render(
        request,
        "crm/referrals.html",
        {
            "referrals": page.object_list,
            "page": page,
            "direction": direction,
            "status": status,
            "reference": reference,
            "statuses": ReferralStatus.choices,
            "viewer": viewer,
        },
    )


def _answer_form(viewer, found, data=None) -> ReferralStatusForm | None:
    """The receiver's answer form, or None when the viewer has nothing to answer."""
    next_statuses = services.next_statuses(viewer, found)
    if not next_statuses:
        return None
    completing = (
        selectors.completing_interactions(viewer, found)
        if ReferralStatus.COMPLETED in next_statuses
        else []
    )
    form = ReferralStatusForm(
        data,
        initial={"version": found.version},
        completing=completing,
        name_whom=not found.company_id,
    )
    form.actions = [(s, ACTIONS[s]) for s in next_statuses]
    form.can_complete = ReferralStatus.COMPLETED in next_statuses
    form.completing = completing
    return form


def _referral_page(request, viewer, found, answer_form=None, status=200):
    if answer_form is None:
        answer_form = _answer_form(viewer, found)
    offers = list(found.contact_request.offers.all()) if found.contact_request_id else []
    completed = found.completed_interaction
    return render(
        request,
        "crm/referral.html",
        {
            "referral": found,
            "viewer": viewer,
            "answer_form": answer_form,
            "requested_offers": offers,
            "public_offers": public_offer_ids([found.offer_id, *(o.pk for o in offers)]),
            # The sender sees the receiver's interaction only where it may read it.
            "completed_readable": bool(completed and can_read_content(viewer, completed)),
        },
        status=status,
    )


@login_required
def referral(request, pk: int):
    viewer = staff_viewer(request)
    found = selectors.referral(viewer, pk)
    if found is None:
        elsewhere = selectors.organisation_holding(viewer, pk)
        if elsewhere is None:
            raise Http404
        # A notification of the person's other organisation: say so, and offer to switch.
        return render(
            request,
            "crm/referral_elsewhere.html",
            {"organisation": elsewhere, "next": request.get_full_path()},
        )
    return _referral_page(request, viewer, found)


@login_required
@require_POST
def referral_status(request, pk: int):
    viewer = staff_viewer(request, writes=True)
    found = selectors.referral(viewer, pk)
    if found is None:
        raise Http404
    form = _answer_form(viewer, found, request.POST)
    if form is None:
        raise Http404
    if form.is_valid():
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
        except Conflict as exc:
            # Someone answered first: the referral as it is now, the answer as typed.
            found = selectors.referral(viewer, pk)
            typed = request.POST.copy()
            typed["version"] = str(found.version)
            fresh = _answer_form(viewer, found, typed)
            if fresh is not None:
                fresh.is_valid()
                fresh.add_error(None, exc.messages)
            else:
                messages.error(request, " ".join(exc.messages))
            return _referral_page(request, viewer, found, fresh, status=409)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return _referral_page(request, viewer, selectors.referral(viewer, pk), form)
        messages.success(
            request,
            _("The referral is now: %(status)s.")
            % {"status": ReferralStatus(data["status"]).label.lower()},
        )
        return redirect("crm:referral", pk=found.pk)
    return _referral_page(request, viewer, found, form)


@login_required
def notifications(request):
    viewer = staff_viewer(request)
    if request.method == "POST":
        services.mark_notifications_read(viewer.person)
        return redirect("crm:notifications")
    page = paginate(request, selectors.notifications(viewer.person))
    return render(
        request,
        "crm/notifications.html",
        {"notifications": page.object_list, "page": page, "viewer": viewer},
    )
