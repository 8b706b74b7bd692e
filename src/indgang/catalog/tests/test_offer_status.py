"""Offers follow their validity dates: closed past valid_to, upcoming before valid_from,
by the daily command, and never shown closed in between."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from indgang.catalog.models import Offer
from indgang.catalog.tests.factories import make_offer, operator

pytestmark = pytest.mark.django_db


def test_an_ended_offer_is_gone_at_once_and_closed_by_the_daily_run(client):
    from indgang.guide.matching import forget

    forget()
    operator()
    today = timezone.localdate()
    make_offer(id="ended", title="Udløbet forløb", valid_to=str(today - dt.timedelta(days=10)))
    make_offer(id="later", title="Senere forløb", valid_from=str(today + dt.timedelta(days=5)))
    make_offer(id="open", title="Åbent forløb")
    listed = client.get("/tilbud/").content.decode()
    assert "Udløbet forløb" not in listed and "Åbent forløb" in listed
    body = {"company": {"municipality_code": "751"}, "text": "eksport"}
    ids = [
        r["offer_id"]
        for r in client.post("/api/v1/guide/match", body, content_type="application/json").json()[
            "results"
        ]
    ]
    assert "ended" not in ids and "open" in ids

    out = io.StringIO()
    call_command("catalog_offer_status", stdout=out)
    assert "1 closed" in out.getvalue() and "1 set to upcoming" in out.getvalue()
    status = dict(Offer.objects.values_list("pk", "status"))
    assert status == {"ended": "lukket", "later": "kommende", "open": "aktiv"}
    call_command("catalog_offer_status", stdout=out)  # safe to repeat
    assert Offer.objects.get(pk="ended").changes.filter(source="schedule").count() == 1

    call_command("catalog_offer_status", "--today", str(today + dt.timedelta(days=6)), stdout=out)
    assert Offer.objects.get(pk="later").status == "aktiv"
