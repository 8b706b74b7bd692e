"""Satisfaction surveys: sent by email, answered once through a public link."""

import re
from datetime import date

import pytest
from django.core import mail
from django.urls import reverse

from indgang.crm.models import ContactPerson
from indgang.goals.contracts import metrics
from indgang.goals.models import SatisfactionResponse, SurveyInvitation
from indgang.goals.tests import factories as f
from indgang.organisations.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def session():
    op = f.local_operator()
    company = f.company("101")
    ContactPerson.objects.create(
        organisation=op, company=company, name="Karen Kunde", email="karen@firma.dk"
    )
    interaction = f.interaction(op, company=company, on=date(2025, 3, 3))
    return {"op": op, "interaction": interaction, "company": company}


def send(client, session):
    manager = f.member(session["op"], Role.CONSULTANT)
    client.login(email=manager.email, password=f.PASSWORD)
    url = reverse("goals:survey_send", args=[session["interaction"].pk])
    assert "karen@firma.dk" in client.get(url).content.decode()
    client.post(url)
    client.logout()
    assert len(mail.outbox) == 1
    return re.search(r"/maal/tilfredshed/([\w-]+)/", mail.outbox[0].body).group(1)


def test_survey_answered_once_without_login(client, session):
    token = send(client, session)
    invitation = SurveyInvitation.objects.get()
    assert invitation.token_hash != token and len(invitation.token_hash) == 64
    url = reverse("goals:survey", args=[token])
    page = client.get(url).content.decode()
    assert "Hvor tilfreds var du" in page
    bad = client.post(url, {"score": "9"})
    assert bad.status_code == 200 and not SatisfactionResponse.objects.exists()
    done = client.post(url, {"score": "5", "comment": "Meget brugbart"}).content.decode()
    assert "Tak for dit svar" in done
    again = client.post(url, {"score": "1"}).content.decode()
    assert "allerede svaret" in again
    assert SatisfactionResponse.objects.get().score == 5
    assert client.get(reverse("goals:survey", args=["forkert-token"])).status_code == 404


def test_the_response_feeds_the_satisfaction_target(client, session):
    token = send(client, session)
    client.post(reverse("goals:survey", args=[token]), {"score": "4"})
    contract = f.contract(session["op"], 2025, ("101",))
    target = f.target(contract, measure="satisfied_share", value=80)
    result = metrics.progress(target, as_of=date(2026, 1, 2))
    assert result.value == 100.0 and result.status == "ahead"


def test_sending_twice_sends_nothing_new_and_others_cannot_send(client, session):
    send(client, session)
    manager = f.member(session["op"], Role.MANAGER)
    client.login(email=manager.email, password=f.PASSWORD)
    page = client.post(
        reverse("goals:survey_send", args=[session["interaction"].pk]), follow=True
    ).content.decode()
    assert "Der er ingen tilbage" in page
    assert len(mail.outbox) == 1
    client.logout()
    stranger = f.member(f.local_operator("andre", ("751",)), Role.MANAGER)
    client.login(email=stranger.email, password=f.PASSWORD)
    url = reverse("goals:survey_send", args=[session["interaction"].pk])
    assert client.get(url).status_code == 404


def test_event_participants_contacts_get_the_survey(client, session):
    other = f.company("101")
    ContactPerson.objects.create(
        organisation=session["op"], company=other, name="Per Deltager", email="per@andet.dk"
    )
    event = f.interaction(
        session["op"], kind="event", on=date(2025, 5, 5), participants=[session["company"], other]
    )
    manager = f.member(session["op"], Role.MANAGER)
    client.login(email=manager.email, password=f.PASSWORD)
    client.post(reverse("goals:survey_send", args=[event.pk]))
    assert sorted(m.to[0] for m in mail.outbox) == ["karen@firma.dk", "per@andet.dk"]


def test_the_survey_list_shows_a_page_at_a_time_and_downloads_them_all(client, session):
    for n in range(55):
        SurveyInvitation.objects.create(
            interaction=session["interaction"],
            organisation=session["op"],
            email=f"k{n}@firma.dk",
            token_hash=f"{n:064d}",
        )
    manager = f.member(session["op"], Role.MANAGER)
    client.login(email=manager.email, password=f.PASSWORD)
    url = reverse("goals:surveys")
    first = client.get(url).content.decode()
    assert first.count("<tr>") == 1 + 50  # the header and one page
    assert "Viser 1–50 af 55" in first
    second = client.get(url, {"side": 2}).content.decode()
    assert second.count("<tr>") == 1 + 5
    csv = client.get(url, {"export": "csv"}).content.decode("utf-8-sig")
    assert len(csv.strip().splitlines()) == 1 + 55


def test_an_answer_shows_at_once_in_a_contracts_progress_kept_in_the_cache(client, session):
    contract = f.contract(session["op"], 2025, ("101",))
    f.target(contract, measure="satisfied_share", value=80, name="Tilfredse")
    manager = f.member(session["op"], Role.MANAGER)

    def satisfied():
        client.login(email=manager.email, password=f.PASSWORD)
        data = client.get(f"/api/v1/goals/contracts/{contract.pk}").json()
        client.logout()
        return {t["name"]: t["value"] for t in data["targets"]}["Tilfredse"]

    assert satisfied() is None  # nobody has answered; now kept in the cache
    token = send(client, session)
    client.post(reverse("goals:survey", args=[token]), {"score": "2"})
    assert satisfied() == 0.0
