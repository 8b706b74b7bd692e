"""The measured evidence: an operator's own offers with history, and for the national board
every offer side by side (a forest plot) with a download. Thin: selectors read,
permissions decide."""

import csv

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from indgang.catalog.public import Offer, present_evidence
from indgang.effects.evidence import selectors
from indgang.effects.evidence.forest import forest_svg
from indgang.effects.evidence.models import Unit
from indgang.effects.evidence.permissions import (
    operator_ids,
    require_evidence_access,
    sees_everything,
)
from indgang.effects.evidence.services import HORIZONS, OUTCOMES
from indgang.effects.labels import outcome as outcome_label


def _choice(request):
    outcome = request.GET.get("outcome")
    outcome = outcome if outcome in OUTCOMES else OUTCOMES[0]
    try:
        horizon = int(request.GET.get("horizon", 2))
    except ValueError:
        horizon = 2
    return outcome, horizon if horizon in HORIZONS else 2


def _offer_titles(person) -> dict[str, str]:
    """{id: title} of the offers the person sees (ids and titles only: the national board
    sees every offer, and reading 2,500 whole offers took most of the page's time)."""
    offers = Offer.objects.order_by("title")
    if not sees_everything(person):
        offers = offers.filter(operator_id__in=operator_ids(person))
    return dict(offers.values_list("pk", "title"))


@login_required
def evidence(request):
    require_evidence_access(request.user)
    outcome, horizon = _choice(request)
    titles = _offer_titles(request.user)
    latest, histories = selectors.latest_and_history(Unit.OFFER, titles)
    board = sees_everything(request.user)
    rows = selectors.forest_rows(latest, outcome, horizon)
    for row in rows:
        row["title"] = titles[row["unit_id"]]
        row["history"] = histories[row["unit_id"]]
        row["words"] = present_evidence(
            {
                "rows": [
                    dict(e, cohorts=row["measurement"].cohorts)
                    for e in row["measurement"].estimates
                    if row["shown"] and e["att"] is not None
                ],
                "reason": row["reason"],
            }
        )
    return render(
        request,
        "effects/evidence.html",
        {
            "rows": rows,
            "board": board,
            "outcome": outcome,
            "horizon": horizon,
            "outcome_label": outcome_label(outcome),
            "outcomes": [(o, outcome_label(o)) for o in OUTCOMES],
            "horizons": HORIZONS,
            "forest": forest_svg([r for r in rows if r["att"] is not None]) if board else "",
            "unmeasured": [pk for pk in titles if pk not in histories],
        },
    )


@login_required
def evidence_csv(request):
    require_evidence_access(request.user)
    titles = _offer_titles(request.user)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="evidens.csv"'
    writer = csv.writer(response)
    writer.writerow(
        ["offer_id", "title", "outcome", "horizon", "att", "ci_low", "ci_high", "participants"]
        + ["cohorts", "measured_on", "meets_rules", "reason"]
    )
    for m in selectors.latest(Unit.OFFER, titles):
        for e in m.estimates or [{}]:
            writer.writerow(
                [m.unit_id, titles[m.unit_id]]
                + [e.get(k, "") for k in ("outcome", "horizon", "att", "ci_low", "ci_high")]
                + [e.get("participants", m.participants), "-".join(map(str, m.cohorts))]
                + [m.measured_at.date().isoformat(), "yes" if m.shown else "no", m.reason]
            )
    return response
