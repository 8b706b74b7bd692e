"""Consent to sharing (decision 0018), through the API, as an operator's own system uses it."""

import datetime as dt

import pytest
from django.utils import timezone, translation

from indgang.crm.consent import services as consent_services
from indgang.crm.tests.factories import InteractionFactory, OperatorFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_passwords")]


def test_a_consent_is_given_in_a_meeting_and_withdrawn(
    api, alice, x, mailoutbox, django_capture_on_commit_callbacks
):
    meeting = api.post(
        "/interactions",
        {"type": "one_to_one", "date": timezone.localdate().isoformat(), "cvr": x.cvr},
    ).json()
    body = {
        "interaction_id": meeting["id"],
        "given_by": "Direktør Dorte",
        "receipt_email": "dorte@xylofon.dk",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(f"/companies/{x.cvr}/consents", body)
    assert response.status_code == 201, response.content
    consent = response.json()
    assert consent["in_force"] and consent["given_by"] == "Direktør Dorte"
    assert (consent["scope"], consent["interaction_id"]) == ("all", meeting["id"])
    assert consent["text_version"] and consent["receipt_sent"]
    with translation.override("da"):
        assert consent["text"] == consent_services.sharing_consent_text()
    assert [m.to for m in mailoutbox] == [["dorte@xylofon.dk"]]
    assert "/samtykke/" in mailoutbox[0].body
    assert api.get(f"/companies/{x.cvr}/timeline").json()["sharing_consent"] is True
    withdrawn = api.post(f"/consents/{consent['id']}/withdraw")
    assert withdrawn.status_code == 200 and withdrawn.json()["in_force"] is False
    assert withdrawn.json()["withdrawn_via"] == "operator"
    assert api.get(f"/companies/{x.cvr}/timeline").json()["sharing_consent"] is False
    assert api.post("/consents/999999/withdraw").status_code == 404


def test_a_consent_without_a_real_meeting_is_refused_naming_the_field(api, alice, x):
    url = f"/companies/{x.cvr}/consents"
    # No meeting at all, another operator's meeting, a meeting with another company.
    assert api.post(url, {"given_by": "Dorte"}).status_code == 422
    others = InteractionFactory(organisation=OperatorFactory(id="eh-andre"), company=x)
    refused = api.post(url, {"interaction_id": others.pk, "given_by": "Dorte"})
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "interaction_id"
    elsewhere = InteractionFactory(organisation=alice.organisation)
    assert api.post(url, {"interaction_id": elsewhere.pk, "given_by": "D"}).status_code == 422

    today = timezone.localdate()
    ours = InteractionFactory(organisation=alice.organisation, company=x, date=today)
    for given_at in ("1900-01-01T10:00:00Z", "0001-01-01T00:00:00Z", "1850-05-05T10:00:00Z"):
        body = {"interaction_id": ours.pk, "given_by": "D", "given_at": given_at}
        assert api.post(url, body).status_code == 422, given_at
    tomorrow = timezone.now() + dt.timedelta(days=1)
    body = {"interaction_id": ours.pk, "given_by": "D", "given_at": tomorrow.isoformat()}
    refused = api.post(url, body)
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "given_at"
    assert not api.get(url).json()


def test_another_operator_cannot_withdraw_a_consent(client, api, alice, x):
    from indgang.crm.tests.factories import staff

    meeting = InteractionFactory(organisation=alice.organisation, company=x)
    consent = api.post(
        f"/companies/{x.cvr}/consents",
        {
            "interaction_id": meeting.pk,
            "given_by": "D",
            "given_at": timezone.make_aware(
                dt.datetime.combine(meeting.date, dt.time(10))
            ).isoformat(),
        },
    ).json()
    other = staff(OperatorFactory(id="lokal-andre"))
    client.force_login(other.person)
    response = client.post(f"/api/v1/crm/consents/{consent['id']}/withdraw")
    assert response.status_code == 403
    assert client.get(f"/api/v1/crm/companies/{x.cvr}/consents").json()[0]["in_force"]
