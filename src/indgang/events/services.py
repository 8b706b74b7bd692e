"""Every write of events: publishing, signing up (capacity and waiting list), cancelling,
reminding, recording attendance (which becomes CRM participation) and the sign-ups' personal
data (export, erasure, retention).

Capacity holds under concurrent sign-ups: a sign-up locks its event's row first
(``select_for_update`` on PostgreSQL; on SQLite every transaction is ``BEGIN IMMEDIATE``,
decision 0002, so writers queue), then counts the confirmed places.
"""

import datetime as dt
import secrets
from dataclasses import dataclass, field

from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from indgang.catalog.public import Offer, Theme, ThemeCode
from indgang.crm import public as crm_public
from indgang.events import messages
from indgang.events.models import Event, Kind, Session, SignUp, Status
from indgang.events.permissions import can_publish, can_record_attendance
from indgang.organisations.public import Organisation, Viewer
from indgang.reference.public import Municipality, clean_cvr
from indgang.registry.public import company_by_cvr

CANCEL_SALT = "indgang.events.cancel"
REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
# Sign-ups are anonymised this long after the event's end; attendance lives on in the CRM.
RETENTION_DAYS = 365
ERASED = "(slettet)"


def consent_text(event: Event) -> str:
    return _(
        "%(operator)s uses my name, email and CVR number to handle my sign-up for this event "
        "(confirmation, reminder, waiting list) and to record my attendance as participation "
        "in the business promotion system. The sign-up is deleted one year after the event."
    ) % {"operator": event.organisation.name}


@dataclass
class SessionData:
    starts_at: dt.datetime
    ends_at: dt.datetime
    place: str = ""
    online_url: str = ""


@dataclass
class EventData:
    title: str
    description: str
    sessions: list[SessionData]
    municipality_code: str
    capacity: int
    price_dkk: int = 0
    themes: list[str] = field(default_factory=list)
    co_hosts: list[str] = field(default_factory=list)
    kind: str = Kind.EVENT
    offer_id: str | None = None
    signup_deadline: dt.datetime | None = None
    eligibility: dict = field(default_factory=dict)


ELIGIBILITY_FIELDS = {
    "age_min": ("company_age_years", "min"),
    "age_max": ("company_age_years", "max"),
    "employees_min": ("employees", "min"),
    "employees_max": ("employees", "max"),
    "turnover_min": ("turnover_dkk", "min"),
    "turnover_max": ("turnover_dkk", "max"),
}


def _validate(data: EventData) -> dict:
    """The event's columns, or a ValidationError naming every wrong field."""
    errors: dict[str, str] = {}
    if not (data.title or "").strip():
        errors["title"] = _("Give the event a title.")
    elif len(data.title.strip()) > 200:
        errors["title"] = _("The title can be at most 200 characters.")
    if not (data.description or "").strip():
        errors["description"] = _("Describe the event.")
    if data.kind not in Kind.values:
        errors["kind"] = _("Unknown kind of event.")
    if not data.sessions:
        errors["sessions"] = _("An event needs at least one session.")
    for i, s in enumerate(data.sessions):
        if s.starts_at is None or s.ends_at is None or timezone.is_naive(s.starts_at):
            errors[f"sessions.{i}.starts_at"] = _("Give the start and end with a time zone.")
        elif s.ends_at <= s.starts_at:
            errors[f"sessions.{i}.ends_at"] = _("A session must end after it starts.")
        if not (s.place or "").strip() and not (s.online_url or "").strip():
            errors[f"sessions.{i}.place"] = _("Give a place or an online link.")
        if len(s.place or "") > 300:
            errors[f"sessions.{i}.place"] = _("The place can be at most 300 characters.")
        if s.online_url:
            try:
                URLValidator(schemes=["http", "https"])(s.online_url)
            except ValidationError:
                errors[f"sessions.{i}.online_url"] = _("Enter a web address (https://...).")
    municipality = Municipality.objects.filter(pk=data.municipality_code or "").first()
    if municipality is None:
        errors["municipality_code"] = _("Unknown municipality code.")
    if not isinstance(data.capacity, int) or not 1 <= data.capacity <= 100_000:
        errors["capacity"] = _("The capacity is a whole number from 1 to 100,000.")
    if not isinstance(data.price_dkk, int) or not 0 <= data.price_dkk <= 1_000_000:
        errors["price_dkk"] = _("The price is a whole number of kroner from 0 to 1,000,000.")
    unknown = sorted(set(data.themes) - set(ThemeCode.values))
    if unknown:
        errors["themes"] = _("Unknown theme: %(codes)s") % {"codes": ", ".join(unknown)}
    hosts = list(Organisation.objects.filter(pk__in=set(data.co_hosts)))
    unknown = sorted(set(data.co_hosts) - {o.pk for o in hosts})
    if unknown:
        errors["co_hosts"] = _("Unknown operator: %(ids)s") % {"ids": ", ".join(unknown)}
    offer = None
    if data.offer_id:
        offer = Offer.objects.filter(pk=data.offer_id).first()
        if offer is None:
            errors["offer_id"] = _("Unknown offer.")
    columns = {}
    for column, (group, bound) in ELIGIBILITY_FIELDS.items():
        value = (data.eligibility.get(group) or {}).get(bound)
        if value is not None and (not isinstance(value, int) or value < 0):
            errors[f"eligibility.{group}.{bound}"] = _("Give a whole number of at least 0.")
        columns[column] = value
    starts = min((s.starts_at for s in data.sessions if s.starts_at), default=None)
    deadline = data.signup_deadline
    if deadline is not None and starts is not None and "sessions.0.starts_at" not in errors:
        if timezone.is_naive(deadline):
            errors["signup_deadline"] = _("Give the deadline with a time zone.")
        elif deadline > starts:
            errors["signup_deadline"] = _("The sign-up deadline must be before the event starts.")
    if errors:
        raise ValidationError(errors)
    return {
        "municipality": municipality,
        "hosts": hosts,
        "offer": offer,
        "eligibility": columns,
        "starts_at": starts,
        "ends_at": max(s.ends_at for s in data.sessions),
    }


@transaction.atomic
def create_event(viewer: Viewer, data: EventData, is_demo: bool = False) -> Event:
    if not can_publish(viewer):
        raise PermissionDenied(_("Only an operator's consultants and managers publish events."))
    checked = _validate(data)
    el = data.eligibility
    event = Event.objects.create(
        organisation_id=viewer.organisation_id,
        kind=data.kind,
        title=data.title.strip(),
        description=data.description.strip(),
        municipality=checked["municipality"],
        capacity=data.capacity,
        price_dkk=data.price_dkk,
        offer=checked["offer"],
        signup_deadline=data.signup_deadline,
        sectors=sorted(el.get("sectors") or []),
        requires_cvr=bool(el.get("requires_cvr")),
        growth_ambition_required=bool(el.get("growth_ambition_required")),
        other_conditions=(el.get("other_conditions") or "").strip(),
        starts_at=checked["starts_at"],
        ends_at=checked["ends_at"],
        created_by=viewer.person,
        is_demo=is_demo,
        **checked["eligibility"],
    )
    Session.objects.bulk_create(
        [
            Session(
                event=event,
                starts_at=s.starts_at,
                ends_at=s.ends_at,
                place=(s.place or "").strip(),
                online_url=(s.online_url or "").strip(),
            )
            for s in data.sessions
        ]
    )
    event.themes.set(Theme.objects.filter(code__in=data.themes))
    event.co_hosts.set([h for h in checked["hosts"] if h.pk != viewer.organisation_id])
    return event


def cancel_path(signup: SignUp) -> str:
    token = signing.Signer(salt=CANCEL_SALT).sign(signup.reference)
    return reverse("events:cancel", args=[token])


def signup_for_cancel_token(token: str) -> SignUp | None:
    try:
        reference = signing.Signer(salt=CANCEL_SALT).unsign(token or "")
    except signing.BadSignature:
        return None
    return SignUp.objects.select_related("event__organisation").filter(reference=reference).first()


def _new_reference() -> str:
    return "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))


def open_for_signup(event: Event, now: dt.datetime) -> bool:
    deadline = event.signup_deadline or event.starts_at
    return now < deadline


def _clean_person(event: Event, name, email, cvr, consent) -> tuple[dict, dict]:
    errors = {}
    name = (name or "").strip() if isinstance(name, str) else ""
    email = (email or "").strip().lower() if isinstance(email, str) else ""
    if not name:
        errors["name"] = _("Enter your name.")
    elif len(name) > 200:
        errors["name"] = _("The name can be at most 200 characters.")
    try:
        validate_email(email)
        if len(email) > 254:
            raise ValidationError("")
    except ValidationError:
        errors["email"] = _("Enter a valid email address.")
    company = None
    if cvr not in (None, ""):
        try:
            company = company_by_cvr(clean_cvr(cvr))
            if company is None:
                errors["cvr"] = _("The CVR number is not in the company register.")
        except ValidationError as exc:
            errors["cvr"] = exc.messages[0]
    elif event.requires_cvr:
        errors["cvr"] = _("This event is for companies with a CVR number.")
    if consent is not True:
        errors["consent"] = _("You must accept the use of your data to sign up.")
    return {"name": name, "email": email, "company": company}, errors


def sign_up(event_id: int, *, name, email, cvr, consent, base_url: str = "") -> SignUp:
    """Sign a person up; confirmed while places are left, else on the waiting list.

    Returns the sign-up with ``cancel_url`` set (the link the confirmation email carries).
    """
    now = timezone.now()
    with transaction.atomic():
        event = (
            Event.objects.select_for_update()
            .select_related("organisation")
            .filter(pk=event_id)
            .first()
        )
        if event is None:
            raise Event.DoesNotExist
        person, errors = _clean_person(event, name, email, cvr, consent)
        if not open_for_signup(event, now):
            errors["event"] = _("Sign-up for this event has closed.")
        if (
            not errors.get("email")
            and event.signups.filter(email=person["email"], anonymised_at__isnull=True)
            .exclude(status=Status.CANCELLED)
            .exists()
        ):
            errors["email"] = _("This email address is already signed up for the event.")
        if errors:
            raise ValidationError(errors)
        confirmed = event.signups.filter(status=Status.CONFIRMED).count()
        status = Status.CONFIRMED if confirmed < event.capacity else Status.WAITLISTED
        company = person["company"]
        try:
            with transaction.atomic():
                signup = SignUp.objects.create(
                    event=event,
                    reference=_new_reference(),
                    name=person["name"],
                    email=person["email"],
                    cvr=company.cvr if company else "",
                    company_name=company.name if company else "",
                    consent_text=consent_text(event),
                    status=status,
                    confirmed_at=now if status == Status.CONFIRMED else None,
                )
        except IntegrityError:
            raise ValidationError(
                {"email": _("This email address is already signed up for the event.")}
            ) from None
    signup.cancel_url = base_url + cancel_path(signup)
    messages.send_confirmation(signup, signup.cancel_url, base_url)
    return signup


def cancel(token: str, base_url: str = "") -> SignUp | None:
    """Cancel through the email's link; the first on the waiting list moves up and is told.
    Cancelling again changes nothing. None for an unknown link."""
    signup = signup_for_cancel_token(token)
    if signup is None or signup.anonymised_at is not None:
        return None
    moved = None
    with transaction.atomic():
        Event.objects.select_for_update().filter(pk=signup.event_id).first()
        signup.refresh_from_db()
        if signup.status == Status.CANCELLED:
            return signup
        was_confirmed = signup.status == Status.CONFIRMED
        signup.status = Status.CANCELLED
        signup.cancelled_at = timezone.now()
        signup.save(update_fields=["status", "cancelled_at"])
        event = signup.event
        if was_confirmed and event.starts_at > timezone.now():
            confirmed = event.signups.filter(status=Status.CONFIRMED).count()
            if confirmed < event.capacity:
                moved = (
                    event.signups.filter(status=Status.WAITLISTED)
                    .order_by("created_at", "pk")
                    .first()
                )
                if moved is not None:
                    moved.status = Status.CONFIRMED
                    moved.confirmed_at = timezone.now()
                    moved.save(update_fields=["status", "confirmed_at"])
    if moved is not None:
        messages.send_moved_up(moved, base_url + cancel_path(moved), base_url)
    return signup


def send_reminders(now: dt.datetime | None = None, base_url: str = "") -> int:
    """Remind the confirmed sign-ups of events that begin tomorrow (local time); each once."""
    now = now or timezone.now()
    tomorrow = timezone.localtime(now).date() + dt.timedelta(days=1)
    start = timezone.make_aware(dt.datetime.combine(tomorrow, dt.time.min))
    due = SignUp.objects.filter(
        status=Status.CONFIRMED,
        reminded_at__isnull=True,
        anonymised_at__isnull=True,
        event__starts_at__gte=start,
        event__starts_at__lt=start + dt.timedelta(days=1),
    ).select_related("event__organisation")
    sent = 0
    for signup in due:
        # Claim the sign-up first: a second run (or a parallel one) skips it.
        if SignUp.objects.filter(pk=signup.pk, reminded_at__isnull=True).update(reminded_at=now):
            messages.send_reminder(signup, base_url + cancel_path(signup))
            sent += 1
    return sent


def record_attendance(viewer: Viewer, event: Event, references: list[str]) -> int | None:
    """Mark exactly these sign-ups as having come (the rest of the event's as not), and make
    the attendance the operator's group interaction in the CRM. Returns its id (None while
    nobody has come)."""
    if not can_record_attendance(viewer, event):
        raise PermissionDenied(_("Only the event's hosts record who came."))
    errors = {}
    refs = [str(r).strip().upper() for r in references]
    known = {
        s.reference: s
        for s in event.signups.filter(reference__in=refs, anonymised_at__isnull=True).exclude(
            status=Status.CANCELLED
        )
    }
    for i, ref in enumerate(refs):
        if ref not in known:
            errors[f"references.{i}"] = _("No sign-up to this event has the reference %(ref)s.") % {
                "ref": ref
            }
    if event.starts_at > timezone.now():
        errors["event"] = _("Attendance is recorded once the event has begun.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        event.signups.exclude(reference__in=refs).update(attended=False)
        event.signups.filter(reference__in=refs).update(attended=True)
        came = list(event.signups.filter(attended=True, anonymised_at__isnull=True))
        if not came and event.interaction_id is None:
            return None
        interaction_id = crm_public.record_event_attendance(
            organisation_id=event.organisation_id,
            external_id=f"events:{event.pk}",
            type=event.kind,
            date=timezone.localtime(event.starts_at).date(),
            title=event.title,
            themes=[t.code for t in event.themes.all()],
            offer_id=event.offer_id,
            company_cvrs=sorted({s.cvr for s in came if s.cvr}),
            entrepreneurs=[{"name": s.name, "email": s.email} for s in came if not s.cvr],
            recorded_by=viewer.person,
        )
        Event.objects.filter(pk=event.pk).update(interaction_id=interaction_id)
        event.interaction_id = interaction_id
    return interaction_id


# --- the sign-ups' personal data: export, erasure, retention (called by the CRM's pages) ---


def signup_personal_data(email: str, organisation_id: str | None = None) -> list[dict]:
    from indgang.events.selectors import signups_by_email

    return [
        {
            "event": s.event.title,
            "operator": s.event.organisation.name,
            "starts_at": s.event.starts_at.isoformat(),
            "reference": s.reference,
            "name": s.name,
            "email": s.email,
            "cvr": s.cvr,
            "company_name": s.company_name,
            "status": s.status,
            "attended": s.attended,
            "consent_text": s.consent_text,
            "signed_up_at": s.created_at.isoformat(),
        }
        for s in signups_by_email(email, organisation_id)
    ]


def _anonymise(signups) -> int:
    return signups.update(
        name=ERASED, email="", company_name="", consent_text="", anonymised_at=timezone.now()
    )


def erase_signups(email: str, organisation_id: str | None = None) -> int:
    """Anonymise the sign-ups of this email (to the organisation's events, when given); a
    place taken stays taken: the count holds."""
    from indgang.events.selectors import signups_by_email

    email = (email or "").strip()
    if not email:
        return 0
    return _anonymise(
        SignUp.objects.filter(pk__in=signups_by_email(email, organisation_id).values("pk"))
    )


def anonymise_expired_signups(today: dt.date) -> int:
    """Anonymise sign-ups of events that ended more than RETENTION_DAYS before ``today``."""
    if today - dt.date.min < dt.timedelta(days=RETENTION_DAYS + 1):
        return 0  # nothing can have ended that long before the calendar's first days
    cutoff = timezone.make_aware(
        dt.datetime.combine(today - dt.timedelta(days=RETENTION_DAYS), dt.time.min)
    )
    return _anonymise(SignUp.objects.filter(anonymised_at__isnull=True, event__ends_at__lt=cutoff))
