"""The contact request from the results page, and its receipt.

Post, redirect, get: a request that was sent ends on a receipt of its own address, which
only the session that sent it can see, so a reload shows the receipt again and never sends
twice. A form with errors comes back on the results page, the errors summed up at the top
of the form; the form's address keeps the results' query, so loading it again (a reload,
the language switch) leads back to the results.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from indgang.core.public import hit, within
from indgang.crm import public as crm
from indgang.guide import receipts
from indgang.guide.forms import ContactForm, NeedsForm
from indgang.guide.views import contact_choices, find_results, results_context

CONTACT_SCOPE = "guide-contact"
MORE = "vis"  # the "Vis flere" button's name: how many offers to show
TOO_MANY_REQUESTS = gettext_lazy(
    "We have received many requests from you or for this company in a short time. Try "
    "again later, or contact your local business service directly."
)


def back_to_results(params: QueryDict, fragment: str):
    """The results of the query the form was sent from, at the form (``#contact``)."""
    if not params:
        return redirect("guide:start")
    return redirect(f"{reverse('guide:results')}?{params.urlencode()}#{fragment}")


@require_http_methods(["GET", "POST"])
def contact(request):
    if request.method == "GET":
        return back_to_results(request.GET, "contact")
    if MORE in request.POST:
        return _more_offers(request)
    # Limits (decision 0017): per address on every try, per email and company on each
    # request that would be sent, and all senders together, so a flood never fills the
    # operators' inboxes.
    if not within(request, CONTACT_SCOPE, settings.CONTACT_FORM_RATE):
        return render(request, "429.html", status=429)
    params = QueryDict(request.POST["query"]) if "query" in request.POST else request.GET
    needs_form = NeedsForm(params)
    if not needs_form.is_valid():
        return redirect("guide:start")
    facts, result, rows, misses, chosen = find_results(needs_form)
    form = ContactForm(request.POST, offer_choices=contact_choices(rows, chosen))
    status = 200
    if form.is_valid() and form.is_robot():
        request.session["guide_sent"] = []
        return redirect("guide:thanks")
    if form.is_valid() and not _contact_within_limits(form.cleaned_data, facts.record()):
        form.add_error(None, TOO_MANY_REQUESTS)
        status = 429
    if form.is_valid():
        data = form.cleaned_data
        contact_data = {k: data[k] for k in ("contact_name", "email", "phone")}
        try:
            sent = crm.request_contact(
                offer_ids=data["offers"],
                unsure=data["unsure"],
                contact=contact_data,
                facts=facts.record(),
                needs=needs_form.cleaned_data["needs"],
                needs_text=needs_form.cleaned_data["text"],
                consent=data["consent"],
            )
        except ValidationError as exc:
            for name, errors in exc.message_dict.items():
                form.add_error(name if name == "consent" else None, errors)
        else:
            receipt = receipts.receipt_of(sent, contact_data)
            receipts.remember(request.session, receipt)
            receipts.send(receipt)
            return redirect("guide:receipt", ref=receipt["reference"])
    context = results_context(needs_form, params, contact_form=form)
    return render(request, "guide/results.html", context, status=status)


def _more_offers(request):
    """ "Vis flere" pressed without JavaScript (htmx fetches the same in place): the form
    comes back with more offers, what was ticked and typed kept, nothing validated or sent.
    It is posted, not linked, so that the typed name and email never land in an address."""
    params = QueryDict(request.POST.get("query", ""), mutable=True)
    needs_form = NeedsForm(params)
    if not needs_form.is_valid():
        return redirect("guide:start")
    params["vis"] = request.POST[MORE]
    _facts, _result, rows, _misses, chosen = find_results(needs_form)
    typed = {name: request.POST.get(name, "") for name in ("contact_name", "email", "phone")}
    typed["offers"] = request.POST.getlist("offers")
    typed["unsure"] = "unsure" in request.POST
    typed["consent"] = "consent" in request.POST
    form = ContactForm(offer_choices=contact_choices(rows, chosen), initial=typed)
    return render(request, "guide/results.html", results_context(needs_form, params, form))


def _contact_within_limits(data: dict, facts: dict) -> bool:
    rate = settings.CONTACT_FORM_RATE
    keys = [f"email:{data['email'].lower()}"] + (
        [f"cvr:{facts['cvr']}"] if facts.get("cvr") else []
    )
    counted = [hit(CONTACT_SCOPE, key, rate) for key in keys]  # every key counts
    return all(counted) and hit(CONTACT_SCOPE, "all", settings.CONTACT_FORM_TOTAL_RATE)


def receipt(request, ref: str):
    found = receipts.recall(request.session, ref)
    if found is None:
        raise Http404  # another session's receipt, or none: nothing to see
    return render(request, "guide/receipt.html", {"receipt": found})


def thanks(request):
    """The honeypot's answer: thanked, with nothing sent (decision 0017)."""
    operators = request.session.pop("guide_sent", None)
    if operators is None:
        return redirect("guide:start")
    return render(request, "guide/thanks.html", {"operators": operators})
