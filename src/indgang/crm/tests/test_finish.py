"""The CRM's pages as its users meet them (issue 15): links that lead somewhere, Danish
words, names rather than codes, one style of dates, long worklists a page at a time with
as many queries for many rows as for few, and forms that keep what was typed."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from indgang.catalog.models import Status
from indgang.catalog.tests.factories import make_offer
from indgang.crm.models import Consent, Segment
from indgang.crm.tests import factories as crm
from indgang.crm.tests.support import error_summary
from indgang.organisations.models import Role
from indgang.registry.tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db


def test_the_analyst_is_not_sent_to_a_page_they_may_not_open(client):
    analyst = crm.staff(role=Role.ANALYST)
    client.force_login(analyst.person)
    home = client.get(reverse("crm:home")).text
    assert reverse("crm:entrepreneurs") not in home
    consultant = crm.staff(role=Role.CONSULTANT)
    client.force_login(consultant.person)
    home = client.get(reverse("crm:home")).text
    assert f'href="{reverse("crm:entrepreneurs")}"' in home
    assert client.get(reverse("crm:entrepreneurs")).status_code == 200


def test_an_interaction_links_its_offer_only_where_the_catalog_shows_it(client):
    consultant = crm.staff()
    operator = consultant.organisation
    shown = make_offer(id="eksport-vist", operator_id=operator.pk, title="Eksport vist")
    hidden = make_offer(
        id="eksport-udkast", operator_id=operator.pk, title="Eksport udkast", status=Status.DRAFT
    )
    with_shown = crm.InteractionFactory(organisation=operator, offer=shown)
    with_hidden = crm.InteractionFactory(organisation=operator, offer=hidden)
    client.force_login(consultant.person)
    page = client.get(reverse("crm:interaction", args=[with_shown.pk])).text
    assert f'<a href="{reverse("catalog:detail", args=["eksport-vist"])}">Eksport vist</a>' in page
    assert client.get(reverse("catalog:detail", args=["eksport-vist"])).status_code == 200
    page = client.get(reverse("crm:interaction", args=[with_hidden.pk])).text
    assert 'data-testid="offer-not-public">Eksport udkast<' in page
    assert reverse("catalog:detail", args=["eksport-udkast"]) not in page


def test_the_company_file_speaks_danish_with_names_and_one_kind_of_date(client):
    manager = crm.staff(role=Role.MANAGER)
    company = CompanyFactory(name="Bak Maskiner ApS", founded_date="2020-09-01")
    crm.CompanySegmentFactory(
        company=company,
        organisation=manager.organisation,
        segment=Segment.KEY_ACCOUNT,
        key_account_owner=manager.person,
    )
    crm.InteractionFactory(organisation=manager.organisation, company=company, date="2026-12-05")
    client.force_login(manager.person)
    page = client.get(reverse("crm:company", args=[company.cvr])).text
    assert "Nøglekunder og virksomhedstragt" in page
    assert "nøglekundeansvarlig" in page
    assert "Key account" not in page and "key account" not in page
    assert 'data-testid="industry">Information og kommunikation<' in page
    assert "1. september 2020" in page and "5. december 2026" in page
    assert not re.search(r"\b\d{1,2}\. (jan|feb|mar|apr|jun|jul|aug|sep|sept|okt|nov|dec)\b", page)


def test_a_refused_consent_keeps_what_was_typed_and_sums_up_the_errors_on_top(client):
    consultant = crm.staff()
    company = CompanyFactory()
    meeting = crm.InteractionFactory(organisation=consultant.organisation, company=company)
    client.force_login(consultant.person)
    response = client.post(
        reverse("crm:give_consent", args=[company.cvr]),
        {
            "interaction": meeting.pk,
            "given_by": "Bo Bak, direktør",
            "scope": "named",
            "receipt_email": "ikke-en-adresse",
        },
    )
    assert response.status_code == 200 and not Consent.objects.exists()
    page = response.text
    summary = error_summary(page)
    assert 'href="#id_confirm"' in summary and 'href="#id_receipt_email"' in summary
    assert page.index("error-summary") < page.index('data-testid="sharing"')
    assert 'value="Bo Bak, direktør"' in page and 'value="ikke-en-adresse"' in page


def test_a_refused_segment_keeps_the_choice_and_says_why(client):
    manager = crm.staff(role=Role.MANAGER)
    outsider = crm.staff()
    company = CompanyFactory()
    client.force_login(manager.person)
    response = client.post(
        reverse("crm:segment", args=[company.cvr]),
        {"segment": "key_account", "key_account_owner": outsider.person.pk},
    )
    assert response.status_code == 200
    assert "Nøglekundeansvarlig" in error_summary(response.text)
    assert '<option value="key_account" selected>' in response.text


def test_the_start_page_shows_the_first_of_each_worklist_and_the_rest_a_page_at_a_time(client):
    consultant = crm.staff()
    home_org = consultant.organisation
    other = crm.OperatorFactory()
    for _ in range(30):
        crm.ReferralFactory(organisation=other, to_organisation=home_org)
    client.force_login(consultant.person)
    home = client.get(reverse("crm:home")).text
    waiting = home.split('data-testid="waiting"')[1].split("</table>")[0]
    assert waiting.count("<tr>") == 1 + 10
    more = reverse("crm:worklist", args=["henvisninger-til-mig"])
    assert f'href="{more}"' in home
    first = client.get(more).text
    assert first.split('data-testid="worklist"')[1].split("</table>")[0].count("<tr>") == 26
    assert "Viser 1–25 af 30" in first
    second = client.get(more, {"side": 2}).text
    assert second.split('data-testid="worklist"')[1].split("</table>")[0].count("<tr>") == 6
    assert client.get(reverse("crm:worklist", args=["noget-andet"])).status_code == 404


def test_the_entrepreneur_search_pages_keep_the_search(client):
    consultant = crm.staff()
    for n in range(30):
        crm.EntrepreneurFactory(organisation=consultant.organisation, name=f"Ida Idé {n}")
    crm.EntrepreneurFactory(organisation=consultant.organisation, name="Bo Andersen")
    client.force_login(consultant.person)
    page = client.get(reverse("crm:entrepreneurs"), {"q": "Ida"}).text
    assert "Viser 1–25 af 30" in page and "Bo Andersen" not in page
    assert 'href="?q=Ida&amp;side=2"' in page


def count_queries(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_worklists_make_as_many_queries_for_many_rows_as_for_few(client):
    manager = crm.staff(role=Role.MANAGER)
    home_org = manager.organisation
    other = crm.OperatorFactory()

    def rows(n):
        for _ in range(n):
            company = CompanyFactory()
            crm.CompanySegmentFactory(
                company=company, organisation=home_org, key_account_owner=manager.person
            )
            referral = crm.ReferralFactory(
                organisation=other, to_organisation=home_org, company=company
            )
            referral.notifications.create(person=manager.person, kind="new_referral")
            crm.EntrepreneurFactory(organisation=home_org)

    rows(2)
    client.force_login(manager.person)
    urls = [
        reverse("crm:home"),
        reverse("crm:notifications"),
        reverse("crm:entrepreneurs"),
        *(
            reverse("crm:worklist", args=[name])
            for name in ("henvisninger-til-mig", "prioriterede-uden-samtale", "mine-uden-kontakt")
        ),
    ]
    few = {url: count_queries(client, url) for url in urls}
    rows(12)
    many = {url: count_queries(client, url) for url in urls}
    assert many == few
