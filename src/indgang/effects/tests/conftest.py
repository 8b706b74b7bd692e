"""Fixtures for the effects app: a small register with known effects, and a stand-in CRM.

The CRM provides ``indgang.crm.public.participation_rows()``; these tests put their own
function in its place, so they do not depend on the CRM's data, or take it away to see the
effects app do without.
"""

import datetime as dt
from decimal import Decimal

import numpy as np
import pytest

from indgang.effects.engine import synthetic_register
from indgang.organisations.models import Role
from indgang.organisations.tests.factories import MembershipFactory, OrganisationFactory


@pytest.fixture(autouse=True)
def _effects_settings(settings):
    settings.EFFECTS_BACKGROUND = "inline"


@pytest.fixture(scope="session")
def synthetic():
    return synthetic_register(800, 100, years=(2016, 2023), seed=5)


def participation_rows(data) -> list[dict]:
    frame = data.participations
    return [
        {
            "cvr": str(row.cvr),
            "offer_id": row.offer_id,
            "operator_id": row.operator_id,
            "level": row.level,
            "start_date": dt.date.fromisoformat(row.start_date),
        }
        for row in frame.itertuples()
    ]


@pytest.fixture
def crm(monkeypatch):
    """Install a stand-in CRM; ``crm(rows)`` sets what ``participation_rows()`` returns."""

    def install(rows):
        from indgang.crm import public as crm_public

        monkeypatch.setattr(crm_public, "participation_rows", lambda: iter(rows))
        return crm_public

    return install


@pytest.fixture
def no_crm(monkeypatch):
    from indgang.crm import public as crm_public

    monkeypatch.delattr(crm_public, "participation_rows")  # the CRM provides none


@pytest.fixture
def register(db, synthetic):
    """The synthetic register in the database: companies and yearly figures."""
    from indgang.registry.models import Company, YearlyFigures

    panel = synthetic.panel
    firsts = panel.drop_duplicates("cvr")
    companies = Company.objects.bulk_create(
        [
            Company(
                cvr=str(row.cvr),
                name=f"Testfirma {row.cvr} ApS",
                municipality_id=str(row.municipality_code),
                db07_section_id=row.db07_section,
                founded_date=dt.date(int(row.founded_year), 1, 1),
                is_fictitious=True,
            )
            for row in firsts.itertuples()
        ]
    )
    ids = {int(c.cvr): c.pk for c in companies}

    def amount(value):
        return None if np.isnan(value) else int(round(value))

    YearlyFigures.objects.bulk_create(
        [
            YearlyFigures(
                company_id=ids[int(row.cvr)],
                year=int(row.year),
                employees_fte=Decimal(f"{row.employees_fte:.2f}"),
                turnover_dkk=amount(row.turnover_dkk),
                value_added_dkk=amount(row.value_added_dkk),
                exports_dkk=amount(row.exports_dkk),
            )
            for row in panel.itertuples()
        ],
        batch_size=2000,
    )
    return synthetic


def login_as(client, role, *, national_board=False):
    organisation = OrganisationFactory(is_national_board=national_board)
    membership = MembershipFactory(role=role, organisation=organisation)
    client.force_login(membership.person)
    return membership


@pytest.fixture
def analyst(client, db):
    login_as(client, Role.ANALYST)
    return client


@pytest.fixture
def consultant(client, db):
    login_as(client, Role.CONSULTANT)
    return client


FORM = {
    "outcomes": ["employees_fte", "turnover_dkk"],
    "horizons": ["1", "2"],
    "method": "psm",
    "group_by": ["operator", "level"],
    "control_group": "never_treated",
    "ci_method": "analytic",
}


@pytest.fixture
def done_run(register, crm, analyst, django_capture_on_commit_callbacks):
    """A finished run on the synthetic register, started through the page."""
    from indgang.effects.models import EffectRun

    crm(participation_rows(register))
    with django_capture_on_commit_callbacks(execute=True):
        response = analyst.post("/effekter/", FORM)
    run = EffectRun.objects.get()
    assert response.status_code == 302 and response.url == f"/effekter/{run.pk}/"
    return run
