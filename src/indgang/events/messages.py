"""The emails to people who sign up, through Django's email framework, and the event as an
iCalendar (.ics) attachment made with the ``icalendar`` library."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from icalendar import Calendar
from icalendar import Event as VEvent

from indgang.events.models import Event, SignUp


def ics(event: Event, base_url: str = "") -> bytes:
    """One VEVENT per session, with a stable UID so a calendar updates rather than repeats."""
    cal = Calendar()
    cal.add("prodid", "-//Indgang//Arrangementer//DA")
    cal.add("version", "2.0")
    cal.add("method", "PUBLISH")
    for session in event.sessions.all():
        item = VEvent()
        item.add("uid", f"event-{event.pk}-session-{session.pk}@indgang")
        item.add("dtstamp", timezone.now())
        item.add("dtstart", session.starts_at)
        item.add("dtend", session.ends_at)
        item.add("summary", event.title)
        item.add("location", session.place or session.online_url)
        item.add("description", event.description)
        if base_url:
            item.add("url", base_url + event_path(event))
        item.add("organizer", f"mailto:{event.organisation.email or settings.DEFAULT_FROM_EMAIL}")
        cal.add_component(item)
    return cal.to_ical()


def event_path(event: Event) -> str:
    from django.urls import reverse

    return reverse("events:detail", args=[event.pk])


def _when(event: Event) -> str:
    lines = []
    for s in event.sessions.all():
        start = timezone.localtime(s.starts_at)
        end = timezone.localtime(s.ends_at)
        where = s.place or s.online_url
        lines.append(
            f"- {date_format(start, 'l j. F Y')} {start:%H.%M}–{end:%H.%M}"
            + (f", {where}" if where else "")
        )
    return "\n".join(lines)


def _send(signup: SignUp, subject: str, body: str, attach_ics: bool, base_url: str) -> None:
    message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [signup.email])
    if attach_ics:
        message.attach("arrangement.ics", ics(signup.event, base_url), "text/calendar")
    message.send()


def _texts(signup: SignUp, cancel_url: str) -> dict:
    event = signup.event
    return {
        "name": signup.name,
        "title": event.title,
        "operator": event.organisation.name,
        "when": _when(event),
        "reference": signup.reference,
        "cancel_url": cancel_url,
    }


def send_confirmation(signup: SignUp, cancel_url: str, base_url: str) -> None:
    t = _texts(signup, cancel_url)
    if signup.status == "confirmed":
        subject = _("You are signed up: %(title)s") % t
        body = (
            _(
                "Hello %(name)s\n\nYou are signed up for %(title)s with %(operator)s:\n\n%(when)s\n\n"
                "Your reference is %(reference)s. The event is attached for your calendar.\n\n"
                "If you cannot come, please cancel so that someone else can have the place:\n"
                "%(cancel_url)s\n\nKind regards\n%(operator)s"
            )
            % t
        )
    else:
        subject = _("You are on the waiting list: %(title)s") % t
        body = (
            _(
                "Hello %(name)s\n\n%(title)s with %(operator)s is full, so you are on the waiting "
                "list:\n\n%(when)s\n\nYour reference is %(reference)s. If a place becomes free, you "
                "get it and we tell you by email.\n\nTo leave the waiting list:\n%(cancel_url)s\n\n"
                "Kind regards\n%(operator)s"
            )
            % t
        )
    _send(signup, subject, body, True, base_url)


def send_moved_up(signup: SignUp, cancel_url: str, base_url: str) -> None:
    t = _texts(signup, cancel_url)
    subject = _("You have a place: %(title)s") % t
    body = (
        _(
            "Hello %(name)s\n\nA place became free, and you have moved up from the waiting list: "
            "you are now signed up for %(title)s with %(operator)s:\n\n%(when)s\n\n"
            "Your reference is %(reference)s. If you cannot come, please cancel:\n%(cancel_url)s\n\n"
            "Kind regards\n%(operator)s"
        )
        % t
    )
    _send(signup, subject, body, True, base_url)


def send_reminder(signup: SignUp, cancel_url: str) -> None:
    t = _texts(signup, cancel_url)
    subject = _("Reminder: %(title)s tomorrow") % t
    body = (
        _(
            "Hello %(name)s\n\nA reminder that %(title)s with %(operator)s begins tomorrow:\n\n"
            "%(when)s\n\nIf you cannot come after all, please cancel:\n%(cancel_url)s\n\n"
            "Kind regards\n%(operator)s"
        )
        % t
    )
    _send(signup, subject, body, False, "")
