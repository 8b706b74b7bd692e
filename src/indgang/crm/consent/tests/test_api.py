"""Consent to sharing, a person's data (export, erasure) and retention, through the API, as an operator's own system uses it."""

import pytest
from django.utils import translation

from indgang.crm.consent import services as consent_services

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_passwords")]


def test_consents_are_given_and_withdrawn(api, x):
    response = api.post(f"/companies/{x.cvr}/consents", {"given_by": "Direktør Dorte"})
    assert response.status_code == 201
    consent = response.json()
    assert consent["in_force"] and consent["given_by"] == "Direktør Dorte"
    with translation.override("da"):
        assert consent["text"] == consent_services.sharing_consent_text()
    assert api.get(f"/companies/{x.cvr}/timeline").json()["sharing_consent"] is True
    assert api.post(f"/companies/{x.cvr}/consents", {"given_by": " "}).status_code == 422
    withdrawn = api.post(f"/consents/{consent['id']}/withdraw")
    assert withdrawn.status_code == 200 and withdrawn.json()["in_force"] is False
    assert api.get(f"/companies/{x.cvr}/consents").json()[0]["withdrawn_at"]
    assert api.get(f"/companies/{x.cvr}/timeline").json()["sharing_consent"] is False
    assert api.post("/consents/999999/withdraw").status_code == 404
