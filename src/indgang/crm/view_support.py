"""What every CRM page shares: a login with a membership (``staff_viewer``), the company
by CVR or 404, a form's POST (``submit``), long lists a page at a time (``paginate``), and
links to offers only where the catalog shows them (``public_offer_ids``). Objects the
viewer may not read answer 404, never 403, so ids cannot be probed.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404

from indgang.catalog.public import published_offers
from indgang.core.public import add_service_errors
from indgang.crm.writing import Conflict
from indgang.organisations.public import Viewer, viewer_of
from indgang.registry.public import company_by_cvr


def staff_viewer(request, *, writes=False) -> Viewer:
    viewer = viewer_of(request)
    if not viewer.is_staff or (writes and not viewer.writes):
        raise Http404
    return viewer


def company_or_404(cvr: str):
    company = company_by_cvr(cvr)
    if company is None:
        raise Http404
    return company


@dataclass
class Submitted:
    saved: bool = False
    record: object = None
    status: int = 200


def submit(request, form, write, saved_message: str) -> Submitted:
    """The one way a CRM form page handles its POST.

    For a valid form, ``write(form.cleaned_data)`` calls a service; once it has saved, the
    page shows ``saved_message`` and the result carries what the service returned. Else the
    form is shown again, with the service's refusal on its fields: status 200, or 409 when
    someone saved the record after it was opened (``Conflict``).
    """
    if request.method != "POST" or not form.is_valid():
        return Submitted()
    try:
        record = write(form.cleaned_data)
    except ValidationError as exc:
        add_service_errors(form, exc)
        return Submitted(status=409 if isinstance(exc, Conflict) else 200)
    messages.success(request, saved_message)
    return Submitted(saved=True, record=record)


def public_offer_ids(ids) -> set[str]:
    """Those of the offers ``ids`` that the catalog shows (published, not ended): only
    they are linked; any other is named in plain text."""
    wanted = {i for i in ids if i}
    if not wanted:
        return set()
    return set(published_offers().filter(pk__in=wanted).values_list("pk", flat=True))
