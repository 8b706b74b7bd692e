from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from indgang.organisations import selectors, services
from indgang.organisations.forms import AddMemberForm, ChangeRoleForm
from indgang.organisations.middleware import SESSION_KEY
from indgang.organisations.models import Membership, Organisation
from indgang.organisations.permissions import can_manage_members


def _administered(request, organisation_id: str) -> Organisation:
    organisation = get_object_or_404(Organisation, pk=organisation_id)
    if not can_manage_members(request.user, organisation):
        # Not an admin here: the page does not exist, as far as the visitor can tell.
        raise Http404
    return organisation


@login_required
def my_organisations(request):
    return render(
        request,
        "organisations/my_organisations.html",
        {"memberships": selectors.memberships_of(request.user)},
    )


@login_required
def members(request, organisation_id: str):
    organisation = _administered(request, organisation_id)
    form = AddMemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            membership, created = services.add_member(
                actor=request.user, organisation=organisation, request=request, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error("email", exc)
        else:
            if created:
                messages.success(
                    request,
                    _("%(name)s was added and has been emailed a link to choose a password.")
                    % {"name": membership.person.full_name},
                )
            else:
                messages.success(request, _("%(name)s was added.") % {"name": membership.person})
            return redirect("organisations:members", organisation_id=organisation.pk)
    rows = [
        (m, ChangeRoleForm(initial={"role": m.role}, prefix=f"m{m.pk}"))
        for m in selectors.members_for_admin(request.user, organisation)
    ]
    return render(
        request,
        "organisations/members.html",
        {"organisation": organisation, "rows": rows, "form": form},
    )


def _membership_for_admin(request, organisation_id: str, membership_id: int) -> Membership:
    organisation = _administered(request, organisation_id)
    return get_object_or_404(Membership, pk=membership_id, organisation=organisation)


@login_required
@require_POST
def change_role(request, organisation_id: str, membership_id: int):
    membership = _membership_for_admin(request, organisation_id, membership_id)
    form = ChangeRoleForm(request.POST, prefix=f"m{membership.pk}")
    if form.is_valid():
        try:
            services.change_role(actor=request.user, membership=membership, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("%(name)s is now %(role)s.")
                % {"name": membership.person, "role": membership.get_role_display()},
            )
    else:
        messages.error(request, _("Choose one of the roles in the list."))
    return redirect("organisations:members", organisation_id=organisation_id)


@login_required
@require_POST
def remove_member(request, organisation_id: str, membership_id: int):
    membership = _membership_for_admin(request, organisation_id, membership_id)
    try:
        services.remove_member(actor=request.user, membership=membership)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("%(name)s is no longer a member of %(organisation)s.")
            % {"name": membership.person, "organisation": membership.organisation},
        )
    return redirect("organisations:members", organisation_id=organisation_id)


@login_required
@require_POST
def switch(request):
    membership = selectors.membership_in(request.user, request.POST.get("organisation", ""))
    if membership is None:
        raise PermissionDenied
    request.session[SESSION_KEY] = membership.organisation_id
    next_url = request.POST.get("next") or request.headers.get("referer") or "/"
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    return redirect(next_url)
