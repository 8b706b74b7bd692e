from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from indgang.catalog.public import Offer, offer_evidence, present_evidence, size_band
from indgang.core.public import hit, within
from indgang.crm import public as crm
from indgang.events import public as events
from indgang.guide import matching
from indgang.guide.alerts.forms import SubscribeForm
from indgang.guide.forms import ContactForm, NeedsForm
from indgang.guide.presentation import cost_line, explain, place_names
from indgang.organisations.public import Level, local_business_service

RESULT_LIMIT = 30
DEADLINE_SOON_DAYS = 14
LEVELS = [
    (Level.LOKAL, gettext_lazy("Local")),
    (Level.DECENTRAL, gettext_lazy("Erhvervshus and regional")),
    (Level.NATIONAL, gettext_lazy("National")),
]


def start(request):
    return render(request, "guide/start.html", {"form": NeedsForm()})


def facts_from_form(data: dict) -> matching.CompanyFacts:
    age = 0 if data.get("not_started") else data.get("age")
    growth = {"yes": True, "no": False}.get(data.get("growth") or "")
    facts = matching.CompanyFacts(
        cvr=data.get("cvr") or None,
        municipality_code=data["municipality"].code if data.get("municipality") else None,
        db07_section=data["sector"].code if data.get("sector") else None,
        employees=data.get("employees"),
        age_years=age,
        growth_ambition=growth,
    )
    return matching.facts_with_register(facts)


def _deadline(offer, today):
    deadline = offer.application_deadline
    if deadline and today <= deadline <= today + timedelta(days=DEADLINE_SOON_DAYS):
        return {"date": deadline, "days": (deadline - today).days}
    return None


def _results(form: NeedsForm):
    data = form.cleaned_data
    facts = facts_from_form(data)
    result = matching.match(facts, data["needs"], data["text"], RESULT_LIMIT)
    offers = Offer.objects.select_related("operator").in_bulk([r.offer_id for r in result.results])
    names = place_names()
    today = timezone.localdate()
    evidence = offer_evidence(
        offers, size=size_band(facts.employees), sector=facts.db07_section
    )  # measured effects of companies like this one, where they pass the rules (0020)
    rows = []
    for item in result.results:
        offer = offers[item.offer_id]
        rows.append(
            {
                "offer": offer,
                "explanation": explain(item, names),
                "cost": cost_line(offer),
                "meets_need": item.meets_need,
                "deadline": _deadline(offer, today),
                "evidence": present_evidence(evidence.get(str(item.offer_id))),
            }
        )
    misses = []
    for item in matching.near_misses(facts, data["needs"], data["text"]):
        offer = Offer.objects.select_related("operator").get(pk=item.offer_id)
        misses.append({"offer": offer, "explanation": explain(item, names)})
    return facts, result, rows, misses


def _context(request, form, query: str, contact_form=None) -> dict:
    facts, result, rows, misses = _results(form)
    level = request.GET.get("level") if request.method == "GET" else None
    if level not in dict(LEVELS):
        level = None
    shown = [r for r in rows if level is None or r["offer"].level == level]
    municipality = facts.municipality_code
    if contact_form is None:
        contact_form = ContactForm(offer_choices=[(r["offer"].pk, r["offer"].title) for r in rows])
    return {
        "form": form,
        "facts": facts,
        "meeting": [r for r in shown if r["meets_need"]],
        "other": [r for r in shown if not r["meets_need"]],
        "any_meets": any(r["meets_need"] for r in rows),
        "levels": LEVELS,
        "level": level,
        "count": result.eligible_count,
        "shown": len(rows),
        "misses": misses,
        # Coming events and courses on the themes the company ticked, near it first.
        "events": events.coming_events(form.cleaned_data["needs"], municipality, limit=3)
        if form.cleaned_data["needs"]
        else [],
        "local_service": local_business_service(municipality),
        "erhvervshus": matching.erhvervshus_for(municipality),
        "contact_form": contact_form,
        "alert_form": SubscribeForm(),
        "consent_text": crm.contact_consent_text(),
        "query": query,
        "base_query": _without_level(query),
    }


def _without_level(query: str) -> str:
    params = QueryDict(query, mutable=True)
    params.pop("level", None)
    return params.urlencode()


def results(request):
    form = NeedsForm(request.GET)
    if not form.is_valid():
        return render(request, "guide/start.html", {"form": form}, status=200)
    return render(request, "guide/results.html", _context(request, form, request.GET.urlencode()))


CONTACT_SCOPE = "guide-contact"


@require_POST
def contact(request):
    # Limits (decision 0017): per address on every try, per email and company on each
    # request that would be sent, and all senders together, so a flood never fills the
    # operators' inboxes.
    if not within(request, CONTACT_SCOPE, settings.CONTACT_FORM_RATE):
        return render(request, "429.html", status=429)
    query = QueryDict(request.POST.get("query", ""))
    needs_form = NeedsForm(query)
    if not needs_form.is_valid():
        return redirect("guide:start")
    facts, result, rows, misses = _results(needs_form)
    choices = [(r["offer"].pk, r["offer"].title) for r in rows]
    form = ContactForm(request.POST, offer_choices=choices)
    status = 200
    if form.is_valid() and form.is_robot():
        request.session["guide_sent"] = []
        return redirect("guide:thanks")
    if form.is_valid() and not _contact_within_limits(form.cleaned_data, facts.record()):
        form.add_error(None, TOO_MANY_REQUESTS)
        status = 429
    if form.is_valid():
        data = form.cleaned_data
        try:
            sent = crm.request_contact(
                offer_ids=data["offers"],
                unsure=data["unsure"],
                contact={k: data[k] for k in ("contact_name", "email", "phone")},
                facts=facts.record(),
                needs=needs_form.cleaned_data["needs"],
                needs_text=needs_form.cleaned_data["text"],
                consent=data["consent"],
            )
        except ValidationError as exc:
            for errors in exc.message_dict.values():
                form.add_error(None, errors)
        else:
            request.session["guide_sent"] = [r.operator.name for r in sent]
            return redirect("guide:thanks")
    context = _context(request, needs_form, query.urlencode(), contact_form=form)
    return render(request, "guide/results.html", context, status=status)


TOO_MANY_REQUESTS = gettext_lazy(
    "We have received many requests from you or for this company in a short time. Try "
    "again later, or contact your local business service directly."
)


def _contact_within_limits(data: dict, facts: dict) -> bool:
    rate = settings.CONTACT_FORM_RATE
    keys = [f"email:{data['email'].lower()}"] + (
        [f"cvr:{facts['cvr']}"] if facts.get("cvr") else []
    )
    counted = [hit(CONTACT_SCOPE, key, rate) for key in keys]  # every key counts
    return all(counted) and hit(CONTACT_SCOPE, "all", settings.CONTACT_FORM_TOTAL_RATE)


def thanks(request):
    operators = request.session.pop("guide_sent", None)
    if operators is None:
        return redirect("guide:start")
    return render(request, "guide/thanks.html", {"operators": operators})
