"""Interactions: logging, participants, editing, through the pages, as consultants, managers and administrators use them."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from indgang.crm.models import (
    Interaction,
)

pytestmark = pytest.mark.django_db


def test_a_consultant_logs_a_one_to_one_session_with_three_fields(client, site):
    client.force_login(site["eh_consultant"])
    url = reverse("crm:log_interaction", args=["10000009"])
    page = client.get(url)
    assert page.status_code == 200
    assert 'type="date"' in page.text
    response = client.post(
        url,
        {
            "type": "one_to_one",
            "date": timezone.localdate().isoformat(),
            "note": "Talte om messe i Hamborg",
            "legal_basis": "public_task",
            "themes": ["eksport"],
        },
    )
    interaction = Interaction.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("crm:interaction", args=[interaction.pk])
    assert interaction.organisation_id == "eh-test"
    assert interaction.consultant == site["eh_consultant"]
    detail = client.get(response.url)
    assert "Talte om messe i Hamborg" in detail.text
    assert "Eksport" in detail.text


def test_a_future_date_far_ahead_is_refused_with_the_field_named(client, site):
    client.force_login(site["eh_consultant"])
    response = client.post(
        reverse("crm:log_interaction", args=["10000009"]),
        {
            "type": "one_to_one",
            "date": (timezone.localdate() + timedelta(days=800)).isoformat(),
            "legal_basis": "public_task",
        },
    )
    assert response.status_code == 200
    assert "Datoen skal ligge mellem 1900-01-01 og" in response.text
    assert not Interaction.objects.exists()
