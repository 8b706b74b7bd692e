"""Fixtures for the events' tests: two operators, their staff, a company in the register and
an event a week ahead."""

import datetime as dt
import json

import pytest
from django.core.cache import cache
from django.utils import timezone

from indgang.catalog.services import ensure_themes
from indgang.events import services
from indgang.organisations.models import Role
from indgang.organisations.public import Viewer
from indgang.organisations.tests.factories import MembershipFactory, OrganisationFactory
from indgang.registry.tests.factories import CompanyFactory

BASE = "/api/v1/events/"


@pytest.fixture(autouse=True)
def _events_settings(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.EVENTS_SIGNUP_RATE = "1000/m"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world(db):
    ensure_themes()
    aarhus = OrganisationFactory(id="aarhus-erhverv", name="Aarhus Erhverv", municipality_id="751")
    skive = OrganisationFactory(id="skive-erhverv", name="Skive Erhverv", municipality_id="779")
    other = OrganisationFactory(id="kbh-erhverv", name="København Erhverv", municipality_id="101")
    alice = MembershipFactory(organisation=aarhus, role=Role.CONSULTANT)
    sam = MembershipFactory(organisation=skive, role=Role.CONSULTANT)
    olga = MembershipFactory(organisation=other, role=Role.CONSULTANT)
    return {
        "aarhus": aarhus,
        "skive": skive,
        "other": other,
        "alice": alice.person,
        "sam": sam.person,
        "olga": olga.person,
        "viewer": Viewer(person=alice.person, organisation_id=aarhus.pk, role=Role.CONSULTANT),
        "company": CompanyFactory(name="Bak Maskiner ApS"),
    }


def at(days: float, hour: int = 17) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def make_event(viewer, **changes):
    data = {
        "title": "Informationsmøde: Kom godt i gang",
        "description": "Alt om at starte virksomhed.",
        "sessions": [services.SessionData(at(7), at(7, 19), "Rådhuset, Aarhus")],
        "municipality_code": "751",
        "capacity": 2,
        "themes": ["opstart"],
        **changes,
    }
    return services.create_event(viewer, services.EventData(**data))


def post(client, path, body):
    return client.post(BASE + path, json.dumps(body), content_type="application/json")


def fields(response) -> set[str]:
    return {e["field"] for e in response.json()["errors"]}


def person(n: int, **extra) -> dict:
    return {
        "name": f"Person {n}",
        "email": f"p{n}@example.dk",
        "cvr": None,
        "consent": True,
        **extra,
    }
