"""The events API: the public calendar and sign-up (rate limited), publishing and attendance
for the operators' staff (session or token)."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import Query, Router, Schema
from ninja.throttling import AnonRateThrottle

from indgang.core.public import MAX_INT
from indgang.events import selectors, services
from indgang.events.models import Event
from indgang.events.schemas import (
    AttendanceIn,
    AttendanceOut,
    EventCreated,
    EventIn,
    EventOut,
    EventPage,
    SignUpCreated,
    SignUpIn,
    SignUpOut,
)
from indgang.organisations.public import viewer_of

PATH = "events/"
router = Router(tags=["events"])


class SignUpThrottle(AnonRateThrottle):
    """Public sign-ups per caller (IP): settings.EVENTS_SIGNUP_RATE, read on every request."""

    scope = "events-signup"

    def allow_request(self, request):
        if self.rate != settings.EVENTS_SIGNUP_RATE:
            self.rate = settings.EVENTS_SIGNUP_RATE
            self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)


def signup_allowed(request) -> bool:
    """The same limit for the sign-up page's form."""
    return SignUpThrottle(settings.EVENTS_SIGNUP_RATE).allow_request(request)


class CalendarParams(Schema):
    municipality_code: str = ""
    region_code: str = ""
    theme: list[str] = []
    date_from: str = ""
    date_to: str = ""
    include_neighbours: bool = False
    limit: int = 50
    offset: int = 0


def _date(value: str, name: str):
    import datetime as dt

    from django.core.exceptions import ValidationError

    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValidationError({name: "YYYY-MM-DD"}) from None


@router.get("", auth=None, response=EventPage, summary="Coming events and courses, filtered")
def list_events(request, params: Query[CalendarParams]):
    """Coming events; ``municipality_code`` includes events co-hosted by its operators, and
    with ``include_neighbours`` those of the same region."""
    filters = selectors.CalendarFilter(
        municipality_code=params.municipality_code,
        region_code=params.region_code,
        themes=tuple(params.theme),
        date_from=_date(params.date_from, "date_from"),
        date_to=_date(params.date_to, "date_to"),
        include_neighbours=params.include_neighbours,
    )
    limit, offset = max(1, min(params.limit, 200)), max(0, min(params.offset, MAX_INT))
    events = selectors.calendar(filters)
    page = selectors.with_confirmed_counts(list(events[offset : offset + limit]))
    matches = selectors.matches(page, params.municipality_code)
    items = [selectors.event_dict(e, match) for e, match in zip(page, matches, strict=True)]
    return {"total": events.count(), "limit": limit, "offset": offset, "items": items}


@router.post("", response={201: EventCreated}, summary="Publish an event (the operator's staff)")
def create_event(request, body: EventIn):
    data = body.dict()
    data["sessions"] = [services.SessionData(**s) for s in data["sessions"]]
    event = services.create_event(viewer_of(request), services.EventData(**data))
    return 201, {"id": event.pk}


@router.get("{int:event_id}", auth=None, response=EventOut, summary="One event")
def get_event(request, event_id: int):
    event = selectors.public_event(event_id)
    if event is None:
        raise Http404
    return selectors.event_dict(event)


@router.post(
    "{int:event_id}/signups",
    auth=None,
    response={201: SignUpCreated},
    throttle=[SignUpThrottle("10/m")],
    summary="Sign up (public, no login, rate limited)",
)
def sign_up(request, event_id: int, body: SignUpIn):
    base_url = request.build_absolute_uri("/")[:-1]
    try:
        signup = services.sign_up(event_id, **body.dict(), base_url=base_url)
    except Event.DoesNotExist:
        raise Http404 from None
    return 201, {
        "status": signup.status,
        "reference": signup.reference,
        "cancel_url": signup.cancel_url,
    }


def _hosted(request, event_id: int) -> Event:
    event = selectors.hosted_event(viewer_of(request), event_id)
    if event is None:
        raise Http404
    return event


@router.get("{int:event_id}/signups", response=list[SignUpOut], summary="The sign-ups (hosts)")
def list_signups(request, event_id: int):
    return [
        {
            "reference": s.reference,
            "name": s.name,
            "email": s.email,
            "cvr": s.cvr,
            "company_name": s.company_name,
            "status": s.status,
            "attended": s.attended,
            "signed_up_at": s.created_at,
        }
        for s in selectors.signups_of(viewer_of(request), _hosted(request, event_id), channel="api")
    ]


@router.post("{int:event_id}/attendance", response=AttendanceOut, summary="Record who came (hosts)")
def attendance(request, event_id: int, body: AttendanceIn):
    viewer = viewer_of(request)
    event = _hosted(request, event_id)
    if not viewer.writes:
        raise PermissionDenied
    interaction_id = services.record_attendance(viewer, event, body.references)
    return {"attended": len(set(body.references)), "interaction_id": interaction_id}
