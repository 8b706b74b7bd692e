"""What a consent opens, to whom, and how the company itself sees and withdraws it
(decision 0018), through the pages."""

import re

import pytest
from django.urls import reverse

from indgang.audit.models import AccessLogEntry, Action
from indgang.crm.models import ConsentScope
from indgang.crm.tests.factories import ContactPersonFactory, OperatorFactory, staff, viewer_for
from indgang.crm.tests.support import consent_in_meeting
from indgang.registry.tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def three():
    company = CompanyFactory(name="Delt Viden ApS")
    a, b, c = (
        OperatorFactory(id=i, name=n)
        for i, n in [("eh-a1", "EH A"), ("lokal-b1", "Lokal B"), ("klynge-c1", "Klynge C")]
    )
    people = {k: staff(o) for k, o in (("a", a), ("b", b), ("c", c))}
    ContactPersonFactory(organisation=a, company=company, name="Hemmelig Hansen")
    return company, (a, b, c), people


def test_the_receipt_link_shows_the_consent_and_withdraws_it_without_a_login(
    client, three, mailoutbox, django_capture_on_commit_callbacks
):
    company, (a, b, _c), people = three
    with django_capture_on_commit_callbacks(execute=True):
        consent_in_meeting(
            viewer_for(people["b"]), company, given_by="Direktør Dorte", receipt_email="d@delt.dk"
        )
    client.force_login(people["b"].person)
    page = client.get(reverse("crm:company", args=[company.cvr])).text
    assert "Hemmelig Hansen" in page  # A's contact person is now open to B
    client.logout()

    path = re.search(r"/samtykke/\S+/", mailoutbox[0].body).group(0)
    shown = client.get(path)
    assert shown.status_code == 200
    assert "Direktør Dorte" in shown.text and 'data-testid="withdraw"' in shown.text
    assert client.post(path).status_code == 302
    assert 'data-testid="withdrawn"' in client.get(path).text
    assert client.get("/samtykke/forkert-noegle/").status_code == 404

    client.force_login(people["b"].person)
    assert "Hemmelig Hansen" not in client.get(reverse("crm:company", args=[company.cvr])).text


def test_a_named_consent_opens_the_file_to_the_named_and_the_recorder_only(client, three):
    company, (a, b, c), people = three
    d = staff(OperatorFactory(id="lokal-d1", name="Lokal D"))
    consent = consent_in_meeting(
        viewer_for(people["b"]), company, given_by="Dorte", scope=ConsentScope.NAMED, operators=[c]
    )
    assert "Klynge C" in consent.text and "Lokal D" not in consent.text
    for person, sees in ((people["b"], True), (people["c"], True), (d, False)):
        client.force_login(person.person)
        page = client.get(reverse("crm:company", args=[company.cvr])).text
        assert ("Hemmelig Hansen" in page) is sees, person.organisation_id


def test_the_holder_sees_who_recorded_the_consent_and_every_read_that_followed(client, three):
    company, (a, b, c), people = three
    consent_in_meeting(
        viewer_for(people["b"]),
        company,
        given_by="Dorte",
        scope=ConsentScope.NAMED,
        operators=[a, b],
    )
    # The consent names A (whose notes it opens) and B; C sees nothing.
    client.force_login(people["c"].person)
    assert "Hemmelig Hansen" not in client.get(reverse("crm:company", args=[company.cvr])).text
    client.force_login(people["b"].person)
    client.get(reverse("crm:company", args=[company.cvr]))

    # A's data protection officer finds the consent B recorded in A's own log...
    recorded = AccessLogEntry.objects.get(
        owner_organisation_id=a.pk, record_type="consent", action=Action.CREATE
    )
    assert recorded.acting_organisation_id == b.pk
    # ...and A's consultant sees B's read on the company file.
    client.force_login(people["a"].person)
    page = client.get(reverse("crm:company", args=[company.cvr])).text
    assert 'data-testid="reads-under-consent"' in page
    assert people["b"].person.email in page
