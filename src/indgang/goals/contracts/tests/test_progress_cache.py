"""A contract's progress is cached (goals/contracts/selectors.py), yet what a consultant
records shows in it at once: the cache key follows the activity it is counted from.

The ``setup`` fixture is in ``goals/conftest.py``: three one-to-one sessions in 2025 by
operator "lokal-test" for a young company in Copenhagen, a target of 2.
"""

import pytest

from indgang.goals.tests import factories as f
from indgang.organisations.models import Role

pytestmark = pytest.mark.django_db


def sessions(client, contract) -> float:
    data = client.get(f"/api/v1/goals/contracts/{contract.pk}").json()
    return {t["name"]: t["value"] for t in data["targets"]}["Mindst 2 samtaler"]


def test_a_new_interaction_shows_in_the_contracts_progress_at_once(client, setup):
    consultant = f.member(setup["op"], Role.CONSULTANT)
    assert client.login(email=consultant.email, password=f.PASSWORD)
    contract = setup["contract"]
    assert sessions(client, contract) == 3.0
    assert sessions(client, contract) == 3.0  # read from the cache this time
    cvr = f.Interaction.objects.filter(organisation=setup["op"]).first().company.cvr
    created = client.post(
        "/api/v1/crm/interactions",
        {"type": "one_to_one", "date": "2025-05-20", "cvr": cvr, "title": "Opfølgning"},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    assert sessions(client, contract) == 4.0

    # An edit moving a session out of the contract's year counts at once too.
    moved = created.json()
    response = client.patch(
        f"/api/v1/crm/interactions/{moved['id']}",
        {"version": moved["version"], "date": "2024-05-20"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert sessions(client, contract) == 3.0


def test_a_changed_target_is_counted_afresh(client, setup):
    manager = f.member(setup["op"], Role.MANAGER)
    assert client.login(email=manager.email, password=f.PASSWORD)
    contract = setup["contract"]
    assert sessions(client, contract) == 3.0
    target = contract.targets.get()
    target.interaction_types = ["phone"]
    target.save()
    assert sessions(client, contract) == 0.0
