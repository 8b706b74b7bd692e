"""Entrepreneurs and linking them to the company they found, through the API, as an operator's own system uses it."""

import pytest

from indgang.crm.tests.factories import (
    CompanyFactory,
    EntrepreneurFactory,
    InteractionFactory,
)
from indgang.crm.tests.support import fields

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_passwords")]


def test_entrepreneurs_are_added_and_linked_to_their_company(api, alice, x):
    response = api.post(
        "/entrepreneurs",
        {
            "name": "Ida Idé",
            "email": "ida@example.dk",
            "idea": "Cykler",
            "municipality_code": "101",
        },
    )
    assert response.status_code == 201, response.content
    ida = response.json()
    assert (ida["municipality_code"], ida["company_cvr"]) == ("101", None)
    EntrepreneurFactory(organisation=alice.organisation, name="Bo Bager")
    EntrepreneurFactory(name="Ida Andensteds")  # another operator's
    page = api.get("/entrepreneurs", q="ida").json()
    assert [e["name"] for e in page["items"]] == ["Ida Idé"] and page["total"] == 1
    assert api.get("/entrepreneurs").json()["total"] == 2

    interaction = InteractionFactory(
        organisation=alice.organisation, company=None, entrepreneur_id=ida["id"]
    )
    linked = api.post(f"/entrepreneurs/{ida['id']}/link", {"cvr": x.cvr, "version": 1})
    assert linked.status_code == 200, linked.content
    assert linked.json()["company_cvr"] == x.cvr and linked.json()["linked_at"]
    interaction.refresh_from_db()
    assert (interaction.company_id, interaction.entrepreneur_id) == (None, ida["id"])
    timeline = api.get(f"/companies/{x.cvr}/timeline").json()
    assert interaction.pk in {e["record_id"] for e in timeline["entries"]}

    other = CompanyFactory()
    again = api.post(f"/entrepreneurs/{ida['id']}/link", {"cvr": other.cvr, "version": 2})
    assert again.status_code == 422 and fields(again) == {"cvr"}
    unknown = api.post(f"/entrepreneurs/{ida['id']}/link", {"cvr": "99999999", "version": 2})
    assert unknown.status_code == 422 and fields(unknown) == {"cvr"}
    stale = api.post(f"/entrepreneurs/{ida['id']}/link", {"cvr": x.cvr, "version": 1})
    assert stale.status_code == 409

    changed = api.patch(f"/entrepreneurs/{ida['id']}", {"version": 2, "municipality_code": ""})
    assert changed.status_code == 200 and changed.json()["municipality_code"] is None
    bad = api.patch(f"/entrepreneurs/{ida['id']}", {"version": 3, "municipality_code": "999"})
    assert bad.status_code == 422 and fields(bad) == {"municipality_code"}
