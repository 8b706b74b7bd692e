from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from indgang.catalog.public import Offer
from indgang.crm import public as crm
from indgang.guide import matching
from indgang.guide.forms import ContactForm, NeedsForm
from indgang.guide.presentation import cost_line, explain, place_names
from indgang.organisations.public import Level

RESULT_LIMIT = 30
GROUPS = [
    (Level.LOKAL, gettext_lazy("Local business service and municipality")),
    (Level.DECENTRAL, gettext_lazy("Erhvervshus and regional offers")),
    (Level.NATIONAL, gettext_lazy("National offers")),
]


def start(request):
    return render(request, "guide/start.html", {"form": NeedsForm()})


def _facts(data: dict) -> matching.CompanyFacts:
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


def _results(form: NeedsForm):
    data = form.cleaned_data
    facts = _facts(data)
    result = matching.match(facts, data["needs"], data["text"], RESULT_LIMIT)
    offers = Offer.objects.select_related("operator").in_bulk([r.offer_id for r in result.results])
    names = place_names()
    rows = []
    for item in result.results:
        offer = offers[item.offer_id]
        rows.append({"offer": offer, "explanation": explain(item, names), "cost": cost_line(offer)})
    groups = [
        (label, [row for row in rows if row["offer"].level == level]) for level, label in GROUPS
    ]
    misses = []
    for item in matching.near_misses(facts, data["needs"], data["text"]):
        offer = Offer.objects.select_related("operator").get(pk=item.offer_id)
        misses.append({"offer": offer, "explanation": explain(item, names)})
    return facts, result, rows, groups, misses


def results(request):
    form = NeedsForm(request.GET)
    if not form.is_valid():
        return render(request, "guide/start.html", {"form": form}, status=200)
    facts, result, rows, groups, misses = _results(form)
    contact_form = ContactForm(offer_choices=[(r["offer"].pk, r["offer"].title) for r in rows])
    return render(
        request,
        "guide/results.html",
        {
            "form": form,
            "facts": facts,
            "groups": groups,
            "count": result.eligible_count,
            "shown": len(rows),
            "misses": misses,
            "contact_form": contact_form,
            "consent_text": crm.contact_consent_text(),
            "query": request.GET.urlencode(),
        },
    )


@require_POST
def contact(request):
    query = QueryDict(request.POST.get("query", ""))
    needs_form = NeedsForm(query)
    if not needs_form.is_valid():
        return redirect("guide:start")
    facts, result, rows, groups, misses = _results(needs_form)
    choices = [(r["offer"].pk, r["offer"].title) for r in rows]
    form = ContactForm(request.POST, offer_choices=choices)
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
    return render(
        request,
        "guide/results.html",
        {
            "form": needs_form,
            "facts": facts,
            "groups": groups,
            "count": result.eligible_count,
            "shown": len(rows),
            "misses": misses,
            "contact_form": form,
            "consent_text": crm.contact_consent_text(),
            "query": query.urlencode(),
        },
    )


def thanks(request):
    operators = request.session.pop("guide_sent", None)
    if operators is None:
        return redirect("guide:start")
    return render(request, "guide/thanks.html", {"operators": operators})
