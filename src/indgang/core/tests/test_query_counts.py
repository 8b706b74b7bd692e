"""The number of SQL queries a list or dashboard makes does not grow with its rows (issue 16,
point 3): each page is rendered with few rows and again with many, and must make the same
number of queries. An N+1 (a query per row) fails here long before it is slow in production.

The speed itself is measured by ``benchmarks/national.py``, never here.
"""

import datetime as dt
import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from indgang.catalog.tests import factories as catalog_factories
from indgang.crm.tests import factories as crm
from indgang.effects.models import EffectRun, RunStatus
from indgang.goals.tests import factories as goals
from indgang.organisations.models import Role
from indgang.organisations.tests.factories import MembershipFactory, OrganisationFactory
from indgang.registry.tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db


def queries(client, url: str) -> list[str]:
    client.get(url)  # warm up: sessions, caches, anything done once
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return [q["sql"] for q in captured.captured_queries]


def assert_same_count(client, url: str, add_rows) -> None:
    few = queries(client, url)
    add_rows()
    many = queries(client, url)
    assert len(many) == len(few), (
        f"{url}: {len(few)} queries with few rows, {len(many)} with many; the extra ones:\n"
        + "\n".join(sorted(set(many) - set(few))[:5])
    )


def test_the_catalog_list(client):
    operator = catalog_factories.operator()
    catalog_factories.make_offer(id="tilbud-0")

    def more():
        for i in range(1, 6):
            catalog_factories.make_offer(id=f"tilbud-{i}", title=f"Tilbud nummer {i}")

    assert_same_count(client, "/tilbud/", more)
    assert operator.pk


def test_the_register_search(client):
    client.force_login(MembershipFactory().person)
    CompanyFactory(name="Søgefirma 0 ApS")

    def more():
        for i in range(1, 8):
            CompanyFactory(name=f"Søgefirma {i} ApS")

    assert_same_count(client, "/virksomheder/?q=S%C3%B8gefirma", more)


def test_the_crm_worklists_and_referrals(client):
    membership = crm.staff(role=Role.MANAGER)
    client.force_login(membership.person)
    home = membership.organisation
    other = crm.OperatorFactory()

    def rows(n):
        for _ in range(n):
            company = CompanyFactory()
            crm.InteractionFactory(organisation=home, consultant=membership.person, company=company)
            crm.ReferralFactory(organisation=other, to_organisation=home, company=company)
            crm.ReferralFactory(organisation=home, to_organisation=other, company=company)
            crm.CompanySegmentFactory(company=company, organisation=home)

    rows(1)
    assert_same_count(client, "/crm/", lambda: rows(5))
    assert_same_count(client, "/crm/henvisninger/", lambda: rows(5))
    assert_same_count(client, "/api/v1/crm/interactions", lambda: rows(5))


def test_the_crm_company_file_and_its_timeline(client):
    membership = crm.staff(role=Role.MANAGER)
    client.force_login(membership.person)
    home = membership.organisation
    other = crm.OperatorFactory()
    company = CompanyFactory()

    def rows(n):
        for _ in range(n):
            crm.InteractionFactory(organisation=home, company=company, themes=["eksport"])
            crm.InteractionFactory(organisation=other, company=company)
            crm.ParticipantFactory(company=company, interaction__organisation=other)
            crm.ReferralFactory(organisation=home, to_organisation=other, company=company)
            crm.ContactPersonFactory(organisation=home, company=company)
            crm.NeedsAssessmentFactory(organisation=home, company=company)

    rows(1)
    assert_same_count(client, f"/crm/virksomheder/{company.cvr}/", lambda: rows(30))
    assert_same_count(client, f"/api/v1/crm/companies/{company.cvr}/timeline", lambda: rows(30))
    assert_same_count(client, f"/api/v1/crm/companies/{company.cvr}/contacts", lambda: rows(5))
    assert_same_count(
        client, f"/api/v1/crm/companies/{company.cvr}/needs-assessments", lambda: rows(5)
    )


def test_the_goals_dashboard_and_contract_pages(client):
    operator = goals.local_operator("lokal-tal", ("101",))
    client.force_login(goals.member(operator, Role.MANAGER))
    contract = goals.contract(operator, 2025, ("101",), title="Kontrakt 0")
    goals.target(contract, types=["one_to_one"], value=2)
    numbers = itertools.count(1)

    def more():
        for i in itertools.islice(numbers, 5):
            company = goals.company("101")
            for month in (1, 2, 3):
                goals.interaction(operator, company=company, on=dt.date(2025, month, 1))
            extra = goals.contract(operator, 2025, ("101",), title=f"Kontrakt {i}")
            goals.target(extra, types=["one_to_one"], value=2)

    for url in ("/maal/?year=2025", f"/maal/kontrakter/{contract.pk}/"):
        assert_same_count(client, url, more)


def test_the_national_boards_dashboard(client):
    board = OrganisationFactory(is_national_board=True)
    client.force_login(MembershipFactory(organisation=board, role=Role.ANALYST).person)
    operators = [goals.local_operator(f"lokal-{i}", ("101",)) for i in range(6)]
    goals.target(goals.contract(operators[0], 2025, ("101",)), value=2)

    def more():
        for operator in operators[1:]:
            goals.target(goals.contract(operator, 2025, ("101",)), value=2)
            goals.interaction(operator, company=goals.company("101"), on=dt.date(2025, 3, 1))

    assert_same_count(client, "/maal/?year=2025", more)


def test_the_effect_runs_list(client):
    board = OrganisationFactory(is_national_board=True)
    client.force_login(MembershipFactory(organisation=board, role=Role.ANALYST).person)
    EffectRun.objects.create(status=RunStatus.DONE, result={})

    def more():
        for status in (RunStatus.DONE, RunStatus.QUEUED, RunStatus.FAILED, RunStatus.DONE):
            EffectRun.objects.create(status=status, result={}, config={"method": "cem"})

    assert_same_count(client, "/effekter/", more)
