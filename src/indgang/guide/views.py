"""The one entry's pages: the company and its needs, and the offers for it.

The contact request and its receipt are in ``contact.py``.
"""

from datetime import timedelta

from django.http import QueryDict
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy

from indgang.catalog.public import (
    Offer,
    offer_evidence,
    present_evidence,
    published_offers,
    size_band,
)
from indgang.crm import public as crm
from indgang.events import public as events
from indgang.guide import matching
from indgang.guide.alerts.forms import SubscribeForm
from indgang.guide.forms import ContactForm, NeedsForm, needs_initial
from indgang.guide.presentation import cost_line, explain, place_names
from indgang.organisations.public import Level, local_business_service
from indgang.reference.public import municipality_region_codes

RESULT_LIMIT = 30
# The results page shows this many offers at first, and as many more at each "Show more".
RESULTS_FIRST = 10
DEADLINE_SOON_DAYS = 14
LEVELS = [
    (Level.LOKAL, gettext_lazy("Local")),
    (Level.DECENTRAL, gettext_lazy("Erhvervshus and regional")),
    (Level.NATIONAL, gettext_lazy("National")),
]


def start(request):
    """The form, filled with what the company typed when it comes back to correct it."""
    form = NeedsForm(initial=needs_initial(request.GET))
    asked = form.initial.get("tilbud")
    offer = (
        published_offers().select_related("operator").filter(pk=asked).first()
        if isinstance(asked, str)
        else None
    )
    return render(request, "guide/start.html", {"form": form, "asked_offer": offer})


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


def _row(offer, item, names, today, evidence) -> dict:
    return {
        "offer": offer,
        "explanation": explain(item, names),
        "cost": cost_line(offer),
        "meets_need": item.meets_need,
        "deadline": _deadline(offer, today),
        "evidence": present_evidence(evidence.get(str(item.offer_id))),
    }


def find_results(form: NeedsForm):
    """The facts, the match, the rows of the offers shown, the near misses, and the offer
    the company came to ask about (None, or a row with ``eligible``)."""
    data = form.cleaned_data
    facts = facts_from_form(data)
    result = matching.match(facts, data["needs"], data["text"], RESULT_LIMIT)
    asked = matching.chosen_offer(facts, data["tilbud"]) if data.get("tilbud") else None
    ids = [r.offer_id for r in result.results] + ([asked.offer_id] if asked else [])
    offers = Offer.objects.select_related("operator").in_bulk(ids)
    names = place_names()
    today = timezone.localdate()
    evidence = offer_evidence(
        offers, size=size_band(facts.employees), sector=facts.db07_section
    )  # measured effects of companies like this one, where they pass the rules (0020)
    rows = [
        _row(offers[item.offer_id], item, names, today, evidence)
        for item in result.results
        if asked is None or item.offer_id != asked.offer_id
    ]
    chosen = None
    if asked is not None and asked.offer_id in offers:
        chosen = _row(offers[asked.offer_id], asked, names, today, evidence)
        chosen["eligible"] = asked.eligibility.eligible
    misses = []
    for item in matching.near_misses(facts, data["needs"], data["text"]):
        if chosen is not None and item.offer_id == chosen["offer"].pk:
            continue  # said at the top already
        offer = Offer.objects.select_related("operator").get(pk=item.offer_id)
        misses.append({"offer": offer, "explanation": explain(item, names)})
    return facts, result, rows, misses, chosen


def contact_choices(rows: list[dict], chosen: dict | None) -> list[tuple[str, str]]:
    """The offers a contact request may name: those shown, and the one asked about."""
    choices = [(r["offer"].pk, r["offer"].title) for r in rows]
    if chosen and chosen["eligible"]:
        choices.insert(0, (chosen["offer"].pk, chosen["offer"].title))
    return choices


def _how_many(params) -> int:
    try:
        wanted = int(params.get("vis", RESULTS_FIRST))
    except (TypeError, ValueError):
        wanted = RESULTS_FIRST
    return max(RESULTS_FIRST, min(wanted, RESULT_LIMIT))


def _facts_named(facts: matching.CompanyFacts) -> dict:
    """Names, never codes: the company's municipality, its region and its industry."""
    names = place_names()
    municipality = facts.municipality_code
    region = municipality_region_codes().get(municipality) if municipality else None
    return {
        "municipality": names.get(municipality, municipality) if municipality else None,
        "region": names.get(region) if region else None,
        "sector": names.get(facts.db07_section, facts.db07_section) if facts.db07_section else None,
    }


def results_context(form, params: QueryDict, contact_form=None) -> dict:
    """Everything the results page shows; ``params`` is the query the results come from
    (the needs, the level, how many are shown, offers ticked before)."""
    facts, result, rows, misses, chosen = find_results(form)
    level = params.get("level")
    if level not in dict(LEVELS):
        level = None
    listed = [r for r in rows if level is None or r["offer"].level == level]
    ordered = [r for r in listed if r["meets_need"]] + [r for r in listed if not r["meets_need"]]
    if contact_form is None:
        ticked = [v for v in params.getlist("offers") if v]
        if chosen and chosen["eligible"] and chosen["offer"].pk not in ticked:
            ticked.insert(0, chosen["offer"].pk)
        contact_form = ContactForm(
            offer_choices=contact_choices(rows, chosen), initial={"offers": ticked}
        )
    ticked = set(contact_form["offers"].value() or [])
    # the first few, and any offer ticked before: a tick is never hidden
    how_many = _how_many(params)
    shown = []
    for position, row in enumerate(ordered, start=1):
        if position <= how_many or row["offer"].pk in ticked:
            first_new = how_many > RESULTS_FIRST and position == how_many - RESULTS_FIRST + 1
            shown.append({**row, "position": position, "first_new": first_new})
    municipality = facts.municipality_code
    query = params.urlencode()
    return {
        "form": form,
        "facts": facts,
        "named": _facts_named(facts),
        "chosen": chosen,
        "meeting": [r for r in shown if r["meets_need"]],
        "other": [r for r in shown if not r["meets_need"]],
        "any_meets": any(r["meets_need"] for r in rows) or bool(chosen and chosen["eligible"]),
        "levels": LEVELS,
        "level": level,
        "count": result.eligible_count,
        "shown": len(rows),
        "more": len(ordered) - len(shown),
        "next_batch": min(RESULTS_FIRST, len(ordered) - len(shown)),
        "more_count": how_many + RESULTS_FIRST,
        "more_query": _changed(query, vis=str(how_many + RESULTS_FIRST), drop=("offers",)),
        "next_position": how_many + 1,
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
        "query": _changed(query, drop=("offers",)),
        "base_query": _changed(query, drop=("level", "vis", "offers")),
    }


def _changed(query: str, drop=(), **values) -> str:
    params = QueryDict(query, mutable=True)
    for name in drop:
        params.pop(name, None)
    for name, value in values.items():
        params[name] = value
    return params.urlencode()


def results(request):
    form = NeedsForm(request.GET)
    if not form.is_valid():
        return render(request, "guide/start.html", {"form": form}, status=200)
    return render(request, "guide/results.html", results_context(form, request.GET))
