"""The one entry shows coming events on the company's themes beside the offers."""

import pytest

from indgang.events.tests.conftest import make_event

pytestmark = pytest.mark.django_db


def test_the_results_show_coming_events_on_the_ticked_themes(client, world):
    make_event(world["viewer"], title="Informationsmøde: Kom godt i gang", themes=["opstart"])
    make_event(world["viewer"], title="Eksportcafé", themes=["eksport"])
    page = client.get(
        "/find-tilbud/resultater/", {"municipality": "751", "needs": "opstart", "age": "0"}
    )
    assert page.status_code == 200
    assert 'data-testid="coming-events"' in page.text
    assert "Informationsmøde: Kom godt i gang" in page.text
    assert "Eksportcafé" not in page.text
    # Without a ticked theme the page says nothing about events.
    plain = client.get("/find-tilbud/resultater/", {"municipality": "751", "text": "lån"})
    assert 'data-testid="coming-events"' not in plain.text
