"""The events' pages: the public calendar, an event with its sign-up form, the cancel link;
and for the operators' staff their events, publishing, the sign-up list, its export and the
attendance. Thin: parse, check with permissions, call a service or selector, render."""

import csv
import datetime as dt
from dataclasses import replace

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from indgang.audit.public import Action
from indgang.catalog.public import published_offers
from indgang.core.public import add_service_errors, paginate
from indgang.events import selectors, services
from indgang.events.api import signup_allowed
from indgang.events.forms import CalendarForm, EventForm, SessionFormSet, SignUpForm
from indgang.events.models import Status
from indgang.events.permissions import can_publish, can_record_attendance
from indgang.organisations.public import viewer_of
from indgang.reference.public import municipality_region_codes

# Events of the neighbouring municipalities shown under the municipality's own.
NEIGHBOURS_SHOWN = 10


def _base_url(request) -> str:
    return request.build_absolute_uri("/")[:-1]


def calendar(request):
    form = CalendarForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    code = data.get("municipality") or ""
    filters = selectors.CalendarFilter(
        municipality_code=code,
        region_code=data.get("region") or "",
        themes=(data["theme"],) if data.get("theme") else (),
        date_from=data.get("date_from"),
        date_to=data.get("date_to"),
        include_neighbours=bool(code),
    )
    page = paginate(request, selectors.calendar(replace(filters, include_neighbours=False)))
    events = selectors.with_confirmed_counts(list(page))
    here = [
        selectors.event_dict(event, match)
        for event, match in zip(events, selectors.matches(events, code), strict=True)
    ]
    # The neighbours' first few; the whole region's calendar is one link away.
    nearby = selectors.neighbouring(filters)
    neighbours = [
        selectors.event_dict(event, selectors.NEIGHBOUR)
        for event in selectors.with_confirmed_counts(list(nearby[:NEIGHBOURS_SHOWN]))
    ]
    region_query = ""
    if len(neighbours) == NEIGHBOURS_SHOWN:
        params = request.GET.copy()
        for name in ("municipality", "side"):
            params.pop(name, None)
        params["region"] = municipality_region_codes()[code]
        region_query = params.urlencode()
    return render(
        request,
        "events/calendar.html",
        {
            "form": form,
            "page": page,
            "here": here,
            "neighbours": neighbours,
            "neighbours_total": nearby.count() if region_query else len(neighbours),
            "region_query": region_query,
            "municipality": code,
        },
    )


def detail(request, pk: int):
    event = selectors.public_event(pk)
    if event is None:
        raise Http404
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not signup_allowed(request):
            form.add_error(None, _("Too many sign-ups from here. Try again in a minute."))
        else:
            try:
                signup = services.sign_up(
                    event.pk,
                    name=form.cleaned_data["name"],
                    email=form.cleaned_data["email"],
                    cvr=form.cleaned_data["cvr"] or None,
                    consent=form.cleaned_data["consent"],
                    base_url=_base_url(request),
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                return render(request, "events/signed_up.html", {"event": event, "signup": signup})
    return render(
        request,
        "events/detail.html",
        {
            "event": event,
            "info": selectors.event_dict(event),
            "form": form,
            "consent_text": services.consent_text(event),
            # Linked only where the catalog shows it (published, not ended).
            "offer_public": bool(
                event.offer_id and published_offers().filter(pk=event.offer_id).exists()
            ),
        },
    )


@csrf_exempt  # the signed token in the link is the authority; an API client may POST it too
def cancel(request, token: str):
    signup = services.signup_for_cancel_token(token)
    if signup is None or signup.anonymised_at is not None:
        raise Http404
    if request.method == "POST":
        signup = services.cancel(token, _base_url(request))
        if request.headers.get("accept", "").startswith("application/json"):
            from django.http import JsonResponse

            return JsonResponse({"status": signup.status, "reference": signup.reference})
    return render(
        request,
        "events/cancel.html",
        {"signup": signup, "event": signup.event, "cancelled": signup.status == Status.CANCELLED},
    )


@login_required
def mine(request):
    viewer = viewer_of(request)
    if not viewer.is_staff:
        raise PermissionDenied
    page = paginate(request, selectors.events_of(viewer))
    page.object_list = selectors.with_confirmed_counts(list(page.object_list))
    return render(
        request,
        "events/mine.html",
        {
            "events": page.object_list,
            "page": page,
            "can_publish": can_publish(viewer),
            "now": timezone.now(),
        },
    )


@login_required
def create(request):
    viewer = viewer_of(request)
    if not can_publish(viewer):
        raise PermissionDenied
    form = EventForm(request.POST or None, organisation_id=viewer.organisation_id)
    sessions = SessionFormSet(request.POST or None, prefix="sessions")
    if request.method == "POST" and form.is_valid() and sessions.is_valid():
        d = form.cleaned_data
        deadline = d.get("signup_deadline")
        data = services.EventData(
            kind=d["kind"],
            title=d["title"],
            description=d["description"],
            sessions=[
                services.SessionData(
                    *s.times(), s.cleaned_data["place"], s.cleaned_data["online_url"]
                )
                for s in sessions
                if s.cleaned_data
            ],
            municipality_code=d["municipality"],
            capacity=d["capacity"],
            price_dkk=d["price_dkk"],
            themes=list(d["themes"]),
            co_hosts=[o.pk for o in d["co_hosts"]],
            offer_id=d.get("offer") or None,
            signup_deadline=(
                timezone.make_aware(dt.datetime.combine(deadline, dt.time(23, 59)))
                if deadline
                else None
            ),
            eligibility={
                "requires_cvr": d["requires_cvr"],
                "other_conditions": d["other_conditions"],
            },
        )
        try:
            event = services.create_event(viewer, data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            flash.success(request, _("The event is published in the calendar."))
            return redirect("events:signups", event.pk)
    return render(request, "events/event_form.html", {"form": form, "sessions": sessions})


def _hosted(request, pk: int):
    viewer = viewer_of(request)
    event = selectors.hosted_event(viewer, pk)
    if event is None:
        raise Http404
    return viewer, event


@login_required
def signups(request, pk: int):
    viewer, event = _hosted(request, pk)
    rows = selectors.signups_of(viewer, event)
    may_record = can_record_attendance(viewer, event)
    if request.method == "POST":
        if not may_record:
            raise PermissionDenied
        try:
            services.record_attendance(viewer, event, request.POST.getlist("came"))
        except ValidationError as exc:
            for message in exc.messages:
                flash.error(request, message)
        else:
            flash.success(request, _("The attendance is recorded in the CRM."))
        return redirect("events:signups", event.pk)
    return render(
        request,
        "events/signups.html",
        {
            "event": event,
            "info": selectors.event_dict(event),
            "rows": rows,
            "may_record": may_record and event.starts_at <= timezone.now(),
            "survey_url": (
                reverse("goals:survey_send", args=[event.interaction_id])
                if event.interaction_id and event.organisation_id == viewer.organisation_id
                else ""
            ),
        },
    )


@login_required
def export(request, pk: int):
    viewer, event = _hosted(request, pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="tilmeldinger-{event.pk}.csv"'
    response.write("\ufeff")  # Excel opens UTF-8 with the byte-order mark
    out = csv.writer(response, delimiter=";")
    out.writerow(
        [
            _("Reference"),
            _("Name"),
            _("Email"),
            _("CVR number"),
            _("Company"),
            _("Status"),
            _("Came"),
            _("Signed up"),
        ]
    )
    for s in selectors.signups_of(viewer, event, action=Action.EXPORT):
        out.writerow(
            [
                s.reference,
                s.name,
                s.email,
                s.cvr,
                s.company_name,
                s.get_status_display(),
                _("Yes") if s.attended else _("No"),
                date_format(timezone.localtime(s.created_at), "j. F Y H.i"),
            ]
        )
    return response
