"""The demo has a year of events in several municipalities, with sign-ups and attendance."""

import pytest

from indgang.crm.public import interactions
from indgang.demo import events, organisations, registry
from indgang.demo.output import DemoOutput

pytestmark = pytest.mark.django_db


def test_demo_events(client):
    out = DemoOutput()
    organisations.load(out)
    registry.load(out)
    events.load(out)
    assert events.is_loaded()
    listed = client.get("/api/v1/events/").json()
    assert listed["total"] >= 20
    assert len({e["municipality_code"] for e in listed["items"]}) >= 5
    assert interactions().filter(external_id__startswith="events:").count() >= 20
