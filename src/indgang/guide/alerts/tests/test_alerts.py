"""Alerts, as a company meets them: subscribe from the results, confirm by mail, news by
mail from ``indgang guide_alerts`` (once), see and change without login, unsubscribe."""

import datetime as dt
import io
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from indgang.catalog.models import Offer
from indgang.catalog.tests.factories import make_offer, operator
from indgang.guide import public
from indgang.guide.alerts.models import Alert

pytestmark = pytest.mark.django_db
QUERY = "municipality=751&employees=20&text=Vi+vil+gerne+eksportere+til+Tyskland"


def run() -> str:
    out = io.StringIO()
    call_command("guide_alerts", stdout=out)
    return out.getvalue()


def link(message, name) -> str:
    path = re.search(rf"https?://[^/\s]+(/find-tilbud/besked/[^\s]+/{name})", message.body)
    return path.group(1)


def test_an_alert_from_subscription_to_unsubscribe(client):
    operator()
    make_offer(id="eksport-1", title="Eksportforløb et")
    answer = client.post(
        "/find-tilbud/besked/",
        {"query": QUERY, "alert-email": "ejer@firma.dk", "alert-agree": "on"},
    )
    assert "Vi har sendt et link til ejer@firma.dk" in answer.content.decode()
    (confirmation,) = mail.outbox
    assert confirmation.to == ["ejer@firma.dk"]
    assert "List-Unsubscribe" in confirmation.extra_headers
    make_offer(id="eksport-2", title="Eksportforløb to")
    run()
    assert len(mail.outbox) == 1  # nothing before the company confirms

    confirm = link(confirmation, "bekraeft/")
    assert "Bekræft" in client.get(confirm).content.decode()
    manage = client.post(confirm).url
    page = client.get(manage).content.decode()
    assert "Eksportforløb et" in page and "ejer@firma.dk" in page
    run()
    assert len(mail.outbox) == 1  # offers there when it confirmed are not news

    make_offer(id="eksport-3", title="Eksportforløb tre")
    assert "1 mails" in run()
    news = mail.outbox[-1]
    assert "Eksportforløb tre" in news.body and "Eksportforløb et" not in news.body
    assert "/afmeld/" in news.body and "List-Unsubscribe" in news.extra_headers
    assert "0 mails" in run()  # safe to repeat

    # follow an offer from the page; its change and its deadline are news
    answer = client.post(
        manage, {"municipality": "751", "text": "eksport", "followed": ["eksport-1"]}
    )
    assert "Jeres besked er gemt." in answer.content.decode()
    offer = Offer.objects.get(pk="eksport-1")
    make_offer(
        id="eksport-1",
        title="Eksportforløb et",
        application_deadline=(timezone.localdate() + dt.timedelta(days=10)).isoformat(),
    )
    run()
    body = mail.outbox[-1].body
    assert "ændret" in body and "Eksportforløb et" in body and "Ansøgningsfrister" in body
    assert "0 mails" in run()
    assert offer.pk == "eksport-1"

    assert public.alert_personal_data("EJER@firma.dk")[0]["followed_offers"] == ["eksport-1"]
    assert "I er afmeldt" in client.get(link(news, "afmeld/")).content.decode()
    assert not Alert.objects.exists()
    assert client.get(manage).status_code == 404


def test_a_bad_subscription_names_the_field_and_stores_nothing(client):
    answer = client.post("/find-tilbud/besked/", {"query": QUERY, "alert-email": "ikke-en-mail"})
    assert answer.status_code == 200
    assert "Indtast en gyldig e-mail-adresse." in answer.content.decode()
    assert not Alert.objects.exists() and not mail.outbox


def test_unused_alerts_are_erased_after_two_years_and_on_request():
    old = timezone.now() - dt.timedelta(days=2 * 365 + 1)
    Alert.objects.create(email="gammel@firma.dk", confirmed_at=old)
    Alert.objects.filter(email="gammel@firma.dk").update(used_at=old)
    Alert.objects.create(email="ny@firma.dk", confirmed_at=timezone.now())
    assert "1 alerts erased" in run()
    assert public.erase_alerts("ny@firma.dk") == 1
    assert not Alert.objects.exists()
