"""The data protection pages: consents on the company file, a person's data (export
and erasure) and the access log.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from indgang.crm.companies.views import company_page
from indgang.crm.consent import selectors, services
from indgang.crm.consent.forms import ConsentForm
from indgang.crm.view_support import company_or_404, staff_viewer, submit


def link_base(request) -> str:
    return f"{request.scheme}://{request.get_host()}"


@login_required
@require_POST
def give_consent(request, cvr: str):
    viewer = staff_viewer(request, writes=True)
    found = company_or_404(cvr)
    form = ConsentForm(request.POST, meetings=services.meetings_with(viewer, found))
    result = submit(
        request,
        form,
        lambda data: services.give_consent(
            viewer,
            found,
            interaction=data["interaction"],
            given_by=data["given_by"],
            scope=data["scope"],
            operators=list(data["operators"]),
            receipt_email=data["receipt_email"],
            link_base=link_base(request),
        ),
        _("The consent is recorded."),
    )
    if result.saved:
        return redirect("crm:company", cvr=found.cvr)
    # Refused: the company file again, the consent as it was typed, its errors on top.
    return company_page(request, viewer, found, consent_form=form, status=result.status)


def consent_link(request, token: str):
    """The company's receipt link: what it consented to, and withdrawal in one step. No
    login: the secret in the link is the key."""
    consent = services.consent_by_link(token)
    if request.method == "POST" and consent is not None:
        services.withdraw_by_link(token)
        return redirect("consent_link", token=token)
    return render(
        request, "crm/consent_link.html", {"consent": consent}, status=200 if consent else 404
    )


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
