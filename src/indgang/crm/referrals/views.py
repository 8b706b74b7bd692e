"""The referral pages: refer a company, the inbox and outbox, one referral and its
answer, notifications.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from indgang.crm.models import Interaction, ReferralStatus
from indgang.crm.referrals import selectors, services
from indgang.crm.referrals.forms import ReferralForm, ReferralStatusForm
from indgang.crm.view_support import company_or_404, staff_viewer, submit


@login_required
def refer(request, cvr: str):
    viewer = staff_viewer(request, writes=True)
    found = company_or_404(cvr)
    form = ReferralForm(request.POST or None, organisation_id=viewer.organisation_id)
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
    return render(request, "crm/refer_form.html", {"form": form, "company": found})


@login_required
def referrals(request):
    viewer = staff_viewer(request)
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
    viewer = staff_viewer(request)
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
    viewer = staff_viewer(request, writes=True)
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


@login_required
def notifications(request):
    viewer = staff_viewer(request)
    if request.method == "POST":
        services.mark_notifications_read(viewer.person)
        return redirect("crm:notifications")
    return render(
        request,
        "crm/notifications.html",
        {"notifications": selectors.notifications(viewer.person)[:100]},
    )
