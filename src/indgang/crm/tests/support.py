"""Helpers the CRM's tests share (the fixtures are in ``crm/conftest.py``)."""

import datetime as dt
import io
import json
import re

from django.core.management import call_command
from django.utils import timezone, translation

from indgang.catalog.models import Offer
from indgang.catalog.tests.factories import make_offer
from indgang.crm.interactions import services as interactions_services
from indgang.crm.models import (
    InteractionType,
    Referral,
    ReferralStatus,
)
from indgang.crm.permissions import Viewer
from indgang.crm.referrals import services as referrals_services
from indgang.organisations.models import Role
from indgang.organisations.tests.factories import MembershipFactory

S = ReferralStatus


def staff_viewer(org, role=Role.CONSULTANT) -> Viewer:
    membership = MembershipFactory(organisation=org, role=role)
    return Viewer(person=membership.person, organisation_id=org.pk, role=role)


def refer(w, **extra) -> Referral:
    return referrals_services.refer_company(
        w["alice"],
        company=w["company"],
        to_organisation=w["b"],
        themes=["eksport"],
        reason="Vil gerne eksportere til Tyskland.",
        **extra,
    )


def log(viewer, company, day=None, **extra):
    return interactions_services.log_interaction(
        viewer,
        interactions_services.InteractionData(
            type=InteractionType.ONE_TO_ONE,
            date=day or timezone.localdate(),
            company=company,
            title="Sparring",
            note="NOTE-" + viewer.organisation_id,
            themes=("eksport",),
            **extra,
        ),
    )


def sent_on(referral, day):
    moment = timezone.make_aware(dt.datetime.combine(day, dt.time(9, 0)))
    Referral.objects.filter(pk=referral.pk).update(created_at=moment)


def at(day, hour=12):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def offer_of(org) -> Offer:
    return make_offer(id=f"{org.pk}-eksport", operator_id=org.pk, level=org.level)


BASE = "/api/v1/crm"


class Api:
    """A client for one person, by session or bearer token."""

    def __init__(self, client, person=None, token=None):
        self.client = client
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}
        if person is not None:
            client.force_login(person)

    def get(self, path, **query):
        return self.client.get(BASE + path, query, headers=self.headers)

    def send(self, method, path, body=None, raw=None):
        data = raw if raw is not None else json.dumps(body if body is not None else {})
        return self.client.generic(
            method, BASE + path, data, content_type="application/json", headers=self.headers
        )

    def post(self, path, body=None):
        return self.send("POST", path, body)

    def patch(self, path, body):
        return self.send("PATCH", path, body)

    def put(self, path, body):
        return self.send("PUT", path, body)


def fields(response) -> set[str]:
    return {e["field"] for e in response.json()["errors"]}


def viewer(person):
    membership = person.memberships.get()
    return Viewer(person, membership.organisation_id, membership.role)


def command(name, *args) -> str:
    out = io.StringIO()
    with translation.override("en"):
        call_command(name, *args, stdout=out)
    return out.getvalue()


def consent_in_meeting(viewer, company, **consent):
    """The company's consent, recorded as the rules want it (decision 0018): in today's
    meeting of the viewer's organisation with it (logged here if there is none)."""
    from indgang.crm.consent import services as consent_services

    meeting = consent_services.meetings_with(viewer, company).filter(
        date=timezone.localdate()
    ).first() or interactions_services.log_interaction(
        viewer,
        interactions_services.InteractionData(
            type="one_to_one", date=timezone.localdate(), company=company
        ),
    )
    return consent_services.give_consent(viewer, company, interaction=meeting, **consent)


_SUMMARY = re.compile(r'<div class="alert alert-error"[^>]*error-summary[^>]*>(.*?)</ul>', re.S)


def error_summary(html: str) -> str:
    """The error summary at the top of a page (the design system's pattern), "" if none."""
    found = _SUMMARY.search(html)
    return found.group(1) if found else ""
