"""Test factories for the CRM, shared by every CRM test.

The model factories write rows directly (fast, any state you like); ``company_file`` builds
a whole company file for one operator (a record of every kind) and ``staff`` /
``viewer_for`` make the people who look at it.

    a = OperatorFactory(id="eh-a")
    alice = staff(a)                       # a consultant of A (a Membership)
    records = company_file(a, consultant=alice.person, marker="ANOTE")
    viewer_for(alice)                      # the Viewer the selectors and services take
"""

import datetime as dt
from dataclasses import dataclass, field

import factory
from django.utils import timezone

from indgang.catalog.services import ensure_themes
from indgang.crm.models import (
    CompanySegment,
    Consent,
    ContactPerson,
    Entrepreneur,
    Interaction,
    InteractionType,
    LegalBasis,
    NeedsAssessment,
    Participant,
    Referral,
    ReferralEvent,
    ReferralStatus,
    Segment,
)
from indgang.crm.permissions import Viewer
from indgang.organisations.models import Level, Membership, OrganisationType, Role
from indgang.organisations.tests.factories import (
    PASSWORD,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
)
from indgang.registry.tests.factories import CompanyFactory

__all__ = [
    "PASSWORD",
    "CompanyFactory",
    "CompanyFile",
    "CompanySegmentFactory",
    "ConsentFactory",
    "ContactPersonFactory",
    "EntrepreneurFactory",
    "InteractionFactory",
    "MembershipFactory",
    "NeedsAssessmentFactory",
    "OperatorFactory",
    "ParticipantFactory",
    "PersonFactory",
    "ReferralFactory",
    "company_file",
    "staff",
    "viewer_for",
]


class OperatorFactory(OrganisationFactory):
    """An Erhvervshus by default; pass ``level``/``type`` for others."""

    id = factory.Sequence(lambda n: f"eh-test-{n}")
    name = factory.Sequence(lambda n: f"Erhvervshus Test {n}")
    type = OrganisationType.ERHVERVSHUS
    level = Level.DECENTRAL


def staff(organisation=None, role: str = Role.CONSULTANT, **person) -> Membership:
    """A person working for ``organisation`` in ``role`` (a new operator if none)."""
    organisation = organisation or OperatorFactory()
    return MembershipFactory(organisation=organisation, role=role, person=PersonFactory(**person))


def viewer_for(membership: Membership) -> Viewer:
    return Viewer(
        person=membership.person,
        organisation_id=membership.organisation_id,
        role=membership.role,
    )


def _set_themes(attribute: str):
    """A post-generation hook taking a list of theme codes."""

    def hook(obj, create, extracted, **kwargs):
        if create and extracted:
            ensure_themes()
            getattr(obj, attribute).set(list(extracted))

    return factory.PostGeneration(hook)


class _PersonalData(factory.django.DjangoModelFactory):
    organisation = factory.SubFactory(OperatorFactory)
    legal_basis = LegalBasis.PUBLIC_TASK

    class Meta:
        abstract = True


class ContactPersonFactory(_PersonalData):
    class Meta:
        model = ContactPerson

    company = factory.SubFactory(CompanyFactory)
    name = factory.Sequence(lambda n: f"Kontakt Person{n}")
    title = "Direktør"
    email = factory.Sequence(lambda n: f"kontakt{n}@firma.example.dk")
    phone = factory.Sequence(lambda n: f"+45 {20_000_000 + n}")


class EntrepreneurFactory(_PersonalData):
    class Meta:
        model = Entrepreneur

    name = factory.Sequence(lambda n: f"Iværksætter Nummer{n}")
    email = factory.Sequence(lambda n: f"ide{n}@example.dk")
    phone = factory.Sequence(lambda n: f"+45 {30_000_000 + n}")
    idea = "Et koncept for bæredygtig emballage."


class InteractionFactory(_PersonalData):
    """A one-to-one session with a company; ``themes=["eksport"]``, ``contacts=[...]``."""

    class Meta:
        model = Interaction
        skip_postgeneration_save = True

    type = InteractionType.ONE_TO_ONE
    date = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=7))
    company = factory.SubFactory(CompanyFactory)
    entrepreneur = None
    consultant = None
    title = "Vejledning"
    note = "Talte om næste skridt."
    themes = _set_themes("themes")

    @factory.post_generation
    def contacts(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.contacts.set(list(extracted))


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    interaction = factory.SubFactory(InteractionFactory, type=InteractionType.EVENT, company=None)
    company = factory.SubFactory(CompanyFactory)
    entrepreneur = None


class NeedsAssessmentFactory(_PersonalData):
    class Meta:
        model = NeedsAssessment
        skip_postgeneration_save = True

    company = factory.SubFactory(CompanyFactory)
    entrepreneur = None
    consultant = None
    date = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=14))
    expressed_note = "Virksomheden vil eksportere til Tyskland."
    observed_note = "Ledelsen mangler en strategi."
    growth_mapping = factory.LazyFunction(
        lambda: {"management": {"rating": 2, "note": "Ingen bestyrelse."}}
    )
    digital_maturity = 3
    export_maturity = 2
    next_step = "Eksportforløb."
    expressed_themes = _set_themes("expressed_themes")
    observed_themes = _set_themes("observed_themes")


class ReferralFactory(_PersonalData):
    """A referral from ``organisation`` to ``to_organisation`` (status "sent"), with its
    first event."""

    class Meta:
        model = Referral
        skip_postgeneration_save = True

    to_organisation = factory.SubFactory(OperatorFactory)
    company = factory.SubFactory(CompanyFactory)
    entrepreneur = None
    sent_by = None
    reason = "Virksomheden har brug for hjælp til finansiering."
    company_wants = "Et møde om lån."
    status = ReferralStatus.SENT
    themes = _set_themes("themes")

    @factory.post_generation
    def events(obj, create, extracted, **kwargs):
        if create:
            ReferralEvent.objects.create(referral=obj, status=obj.status, by=obj.sent_by)


class ConsentFactory(factory.django.DjangoModelFactory):
    """A consent to sharing in force (pass ``withdrawn_at`` for a withdrawn one)."""

    class Meta:
        model = Consent

    company = factory.SubFactory(CompanyFactory)
    organisation = factory.SubFactory(OperatorFactory)
    given_by = "Direktøren"
    text = "Virksomheden giver samtykke til deling."
    given_at = factory.LazyFunction(timezone.now)
    withdrawn_at = None


class CompanySegmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CompanySegment

    company = factory.SubFactory(CompanyFactory)
    organisation = factory.SubFactory(OperatorFactory)
    segment = Segment.PRIORITISED
    key_account_owner = None


@dataclass
class CompanyFile:
    """One operator's records about one company, a record of every kind, and the distinct
    marker strings written into their personal data and notes."""

    organisation: object
    company: object
    contact: ContactPerson
    interaction: Interaction
    event: Interaction
    assessment: NeedsAssessment
    entrepreneur: Entrepreneur
    entrepreneur_interaction: Interaction
    entrepreneur_assessment: NeedsAssessment
    segment: CompanySegment
    referrals: list[Referral] = field(default_factory=list)
    secrets: list[str] = field(default_factory=list)

    def ids(self) -> list[int]:
        records = [
            self.contact,
            self.interaction,
            self.event,
            self.assessment,
            self.entrepreneur,
            self.entrepreneur_interaction,
            self.entrepreneur_assessment,
            self.segment,
            *self.referrals,
        ]
        return sorted({r.pk for r in records})


def company_file(
    organisation,
    *,
    company=None,
    consultant=None,
    marker: str = "XQ",
    refer_to=None,
) -> CompanyFile:
    """Fill ``organisation``'s CRM with one record of every kind about ``company``.

    Each piece of personal data or note holds a distinct ASCII marker starting with
    ``marker`` (listed in ``secrets``), so a test can search any answer for leaks. With
    ``refer_to`` (an organisation) a referral to it is added, and one to a private adviser.
    """
    company = company or CompanyFactory()
    m = marker.upper()
    contact = ContactPersonFactory(
        organisation=organisation,
        company=company,
        name=f"Gudrun {m}kontaktsen",
        title=f"{m}TITEL direktor",
        email=f"gudrun.{m.lower()}mail@firma.example.dk",
        phone=f"+45 {m}91550123",
    )
    interaction = InteractionFactory(
        organisation=organisation,
        company=company,
        consultant=consultant,
        created_by=consultant,
        title=f"{m}EMNE one to one",
        note=f"{m}NOTE the owner plans to sell the company next year",
        themes=["eksport", "finansiering"],
        contacts=[contact],
    )
    entrepreneur = EntrepreneurFactory(
        organisation=organisation,
        name=f"Ivar {m}ivaerksaetter",
        email=f"ivar.{m.lower()}ide@example.dk",
        phone=f"+45 {m}40302010",
        idea=f"{m}IDE a subscription for repairing bicycles",
    )
    event = InteractionFactory(
        organisation=organisation,
        type=InteractionType.EVENT,
        company=None,
        consultant=consultant,
        title=f"{m}EVENT workshop",
        note=f"{m}EVENTNOTE several participants were struggling",
        themes=["netvaerk"],
    )
    Participant.objects.create(interaction=event, company=company)
    Participant.objects.create(interaction=event, entrepreneur=entrepreneur)
    assessment = NeedsAssessmentFactory(
        organisation=organisation,
        company=company,
        consultant=consultant,
        expressed_note=f"{m}UDTRYKT wants to export",
        observed_note=f"{m}OBSERVERET management is weak",
        growth_mapping={"financing": {"rating": 2, "note": f"{m}VAEKST debt is high"}},
        next_step=f"{m}NAESTE an export course",
        expressed_themes=["eksport"],
        observed_themes=["ledelse"],
    )
    entrepreneur_interaction = InteractionFactory(
        organisation=organisation,
        company=None,
        entrepreneur=entrepreneur,
        consultant=consultant,
        title=f"{m}STARTEMNE",
        note=f"{m}STARTNOTE first meeting about the idea",
        themes=["opstart"],
    )
    entrepreneur_assessment = NeedsAssessmentFactory(
        organisation=organisation,
        company=None,
        entrepreneur=entrepreneur,
        consultant=consultant,
        expressed_note=f"{m}STARTBEHOV needs a loan",
        observed_note=f"{m}STARTOBS",
        growth_mapping={},
        next_step=f"{m}STARTSKRIDT",
    )
    segment = CompanySegmentFactory(
        organisation=organisation,
        company=company,
        segment=Segment.KEY_ACCOUNT,
        key_account_owner=consultant,
    )
    referrals = []
    if refer_to is not None:
        referrals.append(
            ReferralFactory(
                organisation=organisation,
                to_organisation=refer_to,
                company=company,
                sent_by=consultant,
                created_by=consultant,
                reason=f"{m}HENVISNING needs export financing",
                company_wants=f"{m}OENSKE a meeting in March",
                themes=["eksport"],
            )
        )
    referrals.append(
        ReferralFactory(
            organisation=organisation,
            to_organisation=None,
            private_adviser="Revisor Hansen, Hansen & Co",
            company=company,
            sent_by=consultant,
            reason=f"{m}PRIVAT accounts are a mess",
            company_wants=f"{m}PRIVATOENSKE",
            status=ReferralStatus.COMPLETED,
        )
    )
    secrets = [
        f"{m}kontaktsen",
        f"{m}TITEL",
        f"{m.lower()}mail",
        f"{m}91550123",
        f"{m}EMNE",
        f"{m}NOTE",
        f"{m}ivaerksaetter",
        f"{m.lower()}ide@",
        f"{m}40302010",
        f"{m}IDE",
        f"{m}EVENT",
        f"{m}UDTRYKT",
        f"{m}OBSERVERET",
        f"{m}VAEKST",
        f"{m}NAESTE",
        f"{m}STARTEMNE",
        f"{m}STARTNOTE",
        f"{m}STARTBEHOV",
        f"{m}STARTOBS",
        f"{m}STARTSKRIDT",
        f"{m}PRIVAT",
    ]
    if refer_to is not None:
        secrets += [f"{m}HENVISNING", f"{m}OENSKE"]
    return CompanyFile(
        organisation=organisation,
        company=company,
        contact=contact,
        interaction=interaction,
        event=event,
        assessment=assessment,
        entrepreneur=entrepreneur,
        entrepreneur_interaction=entrepreneur_interaction,
        entrepreneur_assessment=entrepreneur_assessment,
        segment=segment,
        referrals=referrals,
        secrets=secrets,
    )
