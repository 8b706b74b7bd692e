"""Fixtures the CRM's tests share, in every sub-domain's ``tests/``."""

import pytest

from indgang.catalog.services import ensure_themes
from indgang.crm.tests.factories import (
    CompanyFactory,
    OperatorFactory,
    staff,
)
from indgang.crm.tests.support import Api, staff_viewer
from indgang.organisations.models import Level, OrganisationType, Role
from indgang.organisations.tests.factories import MembershipFactory, OrganisationFactory
from indgang.registry.models import Company


@pytest.fixture
def world():
    ensure_themes()
    a = OrganisationFactory(id="eh-a", name="Erhvervshus A")
    b = OrganisationFactory(id="lokal-b", name="Erhvervsservice B")
    c = OrganisationFactory(id="klynge-c", name="Klynge C")
    return {
        "a": a,
        "b": b,
        "c": c,
        "alice": staff_viewer(a),
        "bob": staff_viewer(b),
        "boss_b": staff_viewer(b, Role.MANAGER),
        "carl": staff_viewer(c),
        "company": CompanyFactory(name="Bak Maskiner ApS"),
    }


@pytest.fixture
def fast_passwords(settings):
    """The people here log in with force_login or tokens: skip the slow password hash."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def a():
    return OperatorFactory(id="eh-api-a", name="Erhvervshus API A")


@pytest.fixture
def c():
    return OperatorFactory(id="eh-api-c", name="Erhvervshus API C")


@pytest.fixture
def alice(a):
    return staff(a, Role.CONSULTANT, full_name="Alice Konsulent")


@pytest.fixture
def x():
    return CompanyFactory(name="Xylofon ApS")


@pytest.fixture
def api(client, alice):
    return Api(client, alice.person)


@pytest.fixture
def site():
    eh = OrganisationFactory(
        id="eh-test",
        name="Erhvervshus Test",
        type=OrganisationType.ERHVERVSHUS,
        level=Level.DECENTRAL,
    )
    local = OrganisationFactory(id="lokal-test", name="Lokal Erhvervsservice Test")
    company = Company.objects.create(cvr="10000009", name="Smedjen ApS", municipality_id="751")
    people = {
        "eh_consultant": MembershipFactory(organisation=eh, role=Role.CONSULTANT).person,
        "eh_manager": MembershipFactory(organisation=eh, role=Role.MANAGER).person,
        "eh_admin": MembershipFactory(organisation=eh, role=Role.ADMIN).person,
        "local_consultant": MembershipFactory(organisation=local, role=Role.CONSULTANT).person,
        "local_manager": MembershipFactory(organisation=local, role=Role.MANAGER).person,
    }
    return {"eh": eh, "local": local, "company": company, **people}
