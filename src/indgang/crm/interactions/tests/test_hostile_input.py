"""What a script may send to the interaction pages and API: never a server error, always the
field named (issue 14, point 3)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from indgang.crm.models import Interaction
from indgang.crm.tests.factories import ContactPersonFactory, InteractionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_passwords")]


def test_the_interaction_form_names_the_field_for_impossible_numbers_and_dates(client, alice, x):
    client.force_login(alice.person)
    contact = ContactPersonFactory(organisation=alice.organisation, company=x)
    url = reverse("crm:log_interaction", args=[x.cvr])
    today = timezone.localdate().isoformat()
    # A forged hidden version is refused too (the form is shown again; nothing is saved).
    forged = client.post(url, {"type": "one_to_one", "date": today, "version": str(2**70)})
    assert forged.status_code == 200
    for body in (
        {"type": "one_to_one", "date": today, "contacts": [str(2**70)]},
        {"type": "one_to_one", "date": today, "contacts": ["x"]},
        {"type": "one_to_one", "date": "0"},
        {"type": "one_to_one", "date": "1899-12-31"},
    ):
        response = client.post(url, {"legal_basis": "public_task", **body})
        assert response.status_code == 200, body
        assert 'class="form-error-message"' in response.text, body
    assert not Interaction.objects.exists()
    assert contact.pk  # the form offered a real contact; only the forged ids were refused

    mine = InteractionFactory(organisation=alice.organisation, company=x)
    edit = reverse("crm:edit_interaction", args=[mine.pk])
    response = client.post(
        edit,
        {"type": "one_to_one", "date": today, "version": str(2**80), "legal_basis": "public_task"},
    )
    assert response.status_code in (200, 409)


def test_the_api_refuses_dates_no_event_has(api, x):
    for date in ("0", 0, "1899-12-31", "0001-01-01", "9999-12-31"):
        response = api.post("/interactions", {"type": "one_to_one", "date": date, "cvr": x.cvr})
        assert response.status_code == 422, date
        assert response.json()["errors"][0]["field"].endswith("date")
    assert api.get("/interactions", date_from="0").status_code == 422
