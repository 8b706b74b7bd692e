"""Demo events: a year of information meetings, courses and network meetings in six
municipalities (half behind us, half ahead), with sign-ups, waiting lists and, for those
held, who came, recorded through the same service as the operators' page, so it is CRM
participation. The people are fictitious; sign-ups are written directly (no emails)."""

import datetime as dt
import random
import secrets

from django.utils import timezone

from indgang.demo.output import DemoOutput
from indgang.events import services
from indgang.events.models import Event, SignUp, Status
from indgang.organisations.models import Organisation, OrganisationType, Role
from indgang.organisations.public import Viewer
from indgang.registry.models import Company

MUNICIPALITIES = ["751", "779", "791", "101", "461", "851"]
KINDS = [
    ("event", "Informationsmøde: Kom godt i gang med din virksomhed", ["opstart"], 30, 0),
    ("course_series", "Iværksætterkursus over tre aftener", ["opstart", "ledelse"], 20, 300),
    ("network_meeting", "Netværksmøde for produktionsvirksomheder", ["netvaerk"], 25, 0),
    ("course", "Workshop: Kom i gang med eksport", ["eksport"], 15, 500),
    ("event", "Morgenmøde om grøn omstilling", ["groen_omstilling"], 40, 0),
    (
        "course",
        "Digital markedsføring for små virksomheder",
        ["digitalisering", "salg_markedsfoering"],
        12,
        250,
    ),
]
FIRST = ["Anne", "Mads", "Sofie", "Jonas", "Ida", "Omar", "Lene", "Peter", "Fatima", "Kasper"]
LAST = [
    "Hansen",
    "Nielsen",
    "Jensen",
    "Pedersen",
    "Larsen",
    "Said",
    "Holm",
    "Bak",
    "Kragh",
    "Vinther",
]


def is_loaded() -> bool:
    return Event.objects.filter(is_demo=True).exists()


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def load(out: DemoOutput) -> None:
    rng = random.Random(20)  # noqa: S311 - demo data
    today = timezone.localdate()
    made = signups = came = 0
    for code in MUNICIPALITIES:
        host = (
            Organisation.objects.filter(
                municipality_id=code, type=OrganisationType.LOKAL_ERHVERVSSERVICE
            )
            .order_by("pk")
            .first()
        )
        if host is None:
            continue
        viewer = Viewer(person=None, organisation_id=host.pk, role=Role.ADMIN)
        neighbours = list(
            Organisation.objects.filter(
                municipality__region_id=host.municipality.region_id,
                type=OrganisationType.LOKAL_ERHVERVSSERVICE,
            )
            .exclude(pk=host.pk)
            .values_list("pk", flat=True)[:2]
        )
        companies = list(Company.objects.filter(municipality_id=code).order_by("pk")[:200])
        for i in range(8):
            kind, title, themes, capacity, price = KINDS[
                (i + MUNICIPALITIES.index(code)) % len(KINDS)
            ]
            day = today + dt.timedelta(days=-175 + i * 45 + rng.randint(0, 10))
            sessions = [
                services.SessionData(
                    _at(day, 17), _at(day, 19), f"Erhvervshuset, {host.municipality.name}"
                )
            ]
            if kind == "course_series":
                sessions += [
                    services.SessionData(
                        _at(day + dt.timedelta(days=7 * w), 17),
                        _at(day + dt.timedelta(days=7 * w), 20),
                        f"Erhvervshuset, {host.municipality.name}",
                    )
                    for w in (1, 2)
                ]
            event = services.create_event(
                viewer,
                services.EventData(
                    kind=kind,
                    title=title,
                    description=f"{title} hos {host.name}. Demodata.",
                    sessions=sessions,
                    municipality_code=code,
                    capacity=capacity,
                    price_dkk=price,
                    themes=themes,
                    co_hosts=neighbours if kind == "event" else [],
                ),
                is_demo=True,
            )
            made += 1
            wanted = rng.randint(capacity // 2, capacity + 4)
            rows = []
            for n in range(wanted):
                company = rng.choice(companies) if companies and rng.random() < 0.6 else None
                name = f"{rng.choice(FIRST)} {rng.choice(LAST)} (demo)"
                rows.append(
                    SignUp(
                        event=event,
                        reference="".join(
                            secrets.choice(services.REFERENCE_ALPHABET) for _ in range(8)
                        ),
                        name=name,
                        email=f"deltager{event.pk}-{n}@mail.demo",
                        cvr=company.cvr if company else "",
                        company_name=company.name if company else "",
                        consent_text=services.consent_text(event),
                        status=Status.CONFIRMED if n < capacity else Status.WAITLISTED,
                        confirmed_at=timezone.now() if n < capacity else None,
                        is_demo=True,
                    )
                )
            SignUp.objects.bulk_create(rows)
            signups += len(rows)
            if event.starts_at < timezone.now():
                attended = [
                    r.reference for r in rows if r.status == Status.CONFIRMED and rng.random() < 0.8
                ]
                if attended:
                    services.record_attendance(viewer, event, attended)
                    came += len(attended)
    out.say(f"  events: {made} events, {signups} sign-ups, {came} attendances recorded in the CRM")
