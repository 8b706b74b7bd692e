"""The access log as the data protection officer reads it (issue 15): a page at a time with
the search kept in the page links, names rather than codes, one kind of date, the same
number of queries for a long log as for a short one, and a refused search that says why."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from indgang.audit.models import AccessLogEntry, Action
from indgang.crm.tests.factories import OperatorFactory, staff
from indgang.crm.tests.support import error_summary

pytestmark = pytest.mark.django_db


def entries(owner, acting, n, cvr="10000009"):
    AccessLogEntry.objects.bulk_create(
        [
            AccessLogEntry(
                person_email="reader@example.dk",
                acting_organisation_id=acting.pk,
                owner_organisation_id=owner.pk,
                action=Action.READ,
                record_type="interaction",
                record_id=str(i),
                cvr=cvr,
            )
            for i in range(n)
        ]
    )


@pytest.fixture
def dpo(client):
    owner = OperatorFactory(id="eh-log", name="Erhvervshus Log")
    admin = staff(owner, "admin")
    client.force_login(admin.person)
    return owner


def test_the_access_log_comes_a_page_at_a_time_keeping_the_search(client, dpo):
    reader = OperatorFactory(id="klynge-laeser", name="Klynge Læser")
    entries(dpo, reader, 30)
    entries(dpo, reader, 5, cvr="20000007")
    page = client.get(reverse("privacy:access_log"), {"cvr": "10000009"}).text
    table = page.split('data-testid="access-log"')[1].split("</table>")[0]
    assert table.count("<tr>") == 1 + 25
    assert "Viser 1–25 af 30" in page
    assert 'href="?cvr=10000009&amp;side=2"' in page
    # Names, not codes: the organisation acted for, and the kind of record.
    assert '<td data-title="På vegne af">Klynge Læser</td>' in table
    assert "klynge-laeser" not in table
    assert ">Aktivitet 5<" in table
    second = client.get(reverse("privacy:access_log"), {"cvr": "10000009", "side": 2}).text
    assert second.split('data-testid="access-log"')[1].split("</table>")[0].count("<tr>") == 6


def test_a_long_access_log_takes_as_many_queries_as_a_short_one(client, dpo):
    reader = OperatorFactory(id="klynge-laeser", name="Klynge Læser")
    entries(dpo, reader, 3)
    url = reverse("privacy:access_log")

    def count():
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    few = count()
    for n in range(5):
        entries(dpo, OperatorFactory(id=f"laeser-{n}"), 10)
    assert count() == few


def test_a_refused_search_says_why_on_top_and_keeps_it(client, dpo):
    page = client.get(reverse("privacy:access_log"), {"date_from": "i går", "cvr": "1234"}).text
    summary = error_summary(page)
    assert 'href="#id_date_from"' in summary
    assert 'value="i går"' in page and 'value="1234"' in page
