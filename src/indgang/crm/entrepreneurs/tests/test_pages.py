"""Entrepreneurs and linking them to the company they found, through the pages, as consultants, managers and administrators use them."""

import pytest
from django.urls import reverse
from django.utils import timezone

from indgang.crm.models import (
    Interaction,
)

pytestmark = pytest.mark.django_db


def test_an_entrepreneur_is_linked_to_the_company_they_found_and_keeps_their_history(client, site):
    client.force_login(site["local_consultant"])
    response = client.post(
        reverse("crm:entrepreneurs"),
        {"name": "Sara Iværksætter", "idea": "Cykelværksted", "legal_basis": "consent"},
    )
    assert response.status_code == 302
    entrepreneur_url = response.url
    pk = int(entrepreneur_url.rstrip("/").split("/")[-1])
    client.post(
        reverse("crm:entrepreneur_interaction", args=[pk]),
        {
            "type": "one_to_one",
            "date": timezone.localdate().isoformat(),
            "note": "Startvejledning",
            "legal_basis": "consent",
        },
    )
    client.post(entrepreneur_url, {"cvr": "10000009", "version": 1})
    page = client.get(entrepreneur_url)
    assert "Smedjen ApS" in page.text
    interaction = Interaction.objects.get()
    assert interaction.entrepreneur_id == pk and interaction.company_id is None
    # The company's timeline now shows the entrepreneur's session.
    timeline = client.get(reverse("crm:company", args=["10000009"])).text
    assert "Lokal Erhvervsservice Test" in timeline
