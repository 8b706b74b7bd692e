"""Building blocks for the goals tests: operators, people, CRM records, contracts."""

from datetime import UTC, date, datetime, time

from indgang.crm.models import Interaction, Participant, Referral
from indgang.goals.models import PerformanceContract, Target, TargetGroup
from indgang.organisations.models import Level, Membership, OrganisationType, Role
from indgang.organisations.public import Viewer
from indgang.organisations.tests.factories import (
    PASSWORD,
    MembershipFactory,
    OrganisationFactory,
)
from indgang.reference.models import Municipality
from indgang.registry.tests.factories import CompanyFactory

__all__ = ["PASSWORD", "CompanyFactory"]


def local_operator(org_id="lokal-test", codes=("101",)):
    org = OrganisationFactory(
        id=org_id,
        type=OrganisationType.LOKAL_ERHVERVSSERVICE,
        level=Level.LOKAL,
        municipality_id=codes[0],
    )
    org.municipalities_served.set(codes)
    return org


def erhvervshus(org_id="eh-test"):
    return OrganisationFactory(id=org_id, type=OrganisationType.ERHVERVSHUS, level=Level.DECENTRAL)


def national_board(org_id="bestyrelsen"):
    return OrganisationFactory(
        id=org_id, type=OrganisationType.STATSLIG, level=Level.NATIONAL, is_national_board=True
    )


def member(org, role=Role.MANAGER):
    return MembershipFactory(organisation=org, role=role).person


def viewer(person, org, role=None) -> Viewer:
    if role is None:
        role = Membership.objects.get(person=person, organisation=org).role
    return Viewer(person=person, organisation_id=org.pk, role=role)


def company(code="101", founded=date(2015, 1, 1), **kw):
    return CompanyFactory(
        municipality=Municipality.objects.get(code=code), founded_date=founded, **kw
    )


def interaction(
    org,
    kind="one_to_one",
    on=date(2025, 3, 1),
    company=None,
    entrepreneur=None,
    participants=(),
    **kw,
):
    row = Interaction.objects.create(
        organisation=org, type=kind, date=on, company=company, entrepreneur=entrepreneur, **kw
    )
    for p in participants:
        if hasattr(p, "cvr"):
            Participant.objects.create(interaction=row, company=p)
        else:
            Participant.objects.create(interaction=row, entrepreneur=p)
    return row


def referral(org, to, company=None, entrepreneur=None, on=date(2025, 4, 1)):
    row = Referral.objects.create(
        organisation=org,
        to_organisation=to,
        company=company,
        entrepreneur=entrepreneur,
        reason="Behov for eksport",
    )
    at = datetime.combine(on, time(12), tzinfo=UTC)
    Referral.objects.filter(pk=row.pk).update(created_at=at)
    return row


def contract(org, year=2025, codes=("101",), title="Resultatkontrakt"):
    c = PerformanceContract.objects.create(title=title, year=year, operator=org)
    c.municipalities.set(codes)
    return c


def target(contract, measure="sessions", value=10, types=(), group=TargetGroup.ALL, **kw):
    return Target.objects.create(
        contract=contract,
        name=kw.pop("name", f"{measure} {group}"),
        measure=measure,
        value=value,
        interaction_types=list(types),
        target_group=group,
        **kw,
    )
