"""The CRM demo: a year of activity that fills every worklist of the demo logins."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.utils import timezone

from indgang.crm.companies.selectors import (
    company_timeline,
    my_companies_without_contact,
    prioritised_without_talk,
)
from indgang.crm.interactions.selectors import recent_interactions
from indgang.crm.models import (
    CompanySegment,
    Consent,
    ContactPerson,
    Entrepreneur,
    Interaction,
    InteractionType,
    NeedsAssessment,
    Notification,
    Participant,
    Referral,
    ReferralStatus,
    Segment,
)
from indgang.crm.referrals.selectors import (
    notifications,
    unanswered_for_manager,
    waiting_for_me,
)
from indgang.demo import crm as crm_demo
from indgang.organisations.models import Organisation, Person, Role
from indgang.organisations.public import Viewer

pytestmark = pytest.mark.django_db


def viewer(email, org_id, role=Role.CONSULTANT):
    return Viewer(person=Person.objects.get(email=email), organisation_id=org_id, role=role)


def check_a_year_of_activity_on_demo_operators_and_fictitious_companies(loaded: str):
    assert crm_demo.is_loaded()
    assert "crm:" in loaded and "interactions" in loaded
    today = timezone.localdate()
    # Earlier years' programme participations (for effect measurement): no notes, an offer.
    history = Interaction.objects.filter(date__lt=today - dt.timedelta(days=620))
    assert history.exists()
    assert not history.exclude(note="").exists() and not history.filter(offer=None).exists()
    interactions = Interaction.objects.exclude(pk__in=history)
    assert interactions.count() >= 1000
    first, last = (
        interactions.order_by("date").first().date,
        interactions.order_by("date").last().date,
    )
    assert last <= today and first >= today - dt.timedelta(days=620)
    assert interactions.filter(date__gte=today - dt.timedelta(days=365)).count() >= 0.95 * (
        interactions.count()
    )
    # Every type of interaction, with Danish titles, notes and themes.
    assert set(interactions.values_list("type", flat=True)) == set(InteractionType.values)
    assert not interactions.filter(title="").exists()
    one_to_one = interactions.filter(type=InteractionType.ONE_TO_ONE).first()
    assert "Virksomheden" in one_to_one.note or "Henvist" in one_to_one.note
    assert one_to_one.themes.exists()
    assert interactions.filter(offer__isnull=False).count() > 100
    # Events and courses have participants, companies or entrepreneurs.
    events = interactions.filter(type__in=[InteractionType.EVENT, InteractionType.COURSE])
    assert events.exists()
    assert Participant.objects.filter(interaction__in=events).count() >= 5 * events.count()
    # Only demo operators and fictitious companies.
    assert not interactions.filter(organisation__is_demo=False).exists()
    assert not interactions.filter(company__is_fictitious=False).exists()
    assert not ContactPerson.objects.filter(company__is_fictitious=False).exists()
    assert not Person.objects.filter(is_demo=False).exists()
    # Mostly in the operator's own municipalities.
    midt = Organisation.objects.get(pk="eh-midtjylland")
    served = set(midt.municipalities_served.values_list("code", flat=True))
    mine = interactions.filter(organisation=midt, company__isnull=False)
    assert mine.filter(company__municipality_id__in=served).count() >= 0.8 * mine.count()


def check_contacts_entrepreneurs_assessments_segments_and_consents():
    contacts = ContactPerson.objects.all()
    assert 100 <= contacts.count() <= 1500
    assert all(c.email.endswith("@eksempel.dk") for c in contacts)
    assert contacts.filter(interactions__isnull=False).exists()
    entrepreneurs = Entrepreneur.objects.all()
    assert entrepreneurs.exists()
    linked = entrepreneurs.filter(company__isnull=False).first()
    assert linked is not None and linked.linked_at is not None
    # The entrepreneur's history stays, and the founded company's timeline shows it.
    assert linked.interactions.exists()
    founded = Viewer(person=None, organisation_id=linked.organisation_id, role=Role.CONSULTANT)
    dates = {e.date for e in company_timeline(founded, linked.company)}
    assert {i.date for i in linked.interactions.all()} <= dates
    assessment = NeedsAssessment.objects.first()
    assert assessment is not None
    assert len(assessment.growth_mapping) == 7
    assert assessment.observed_themes.exists() and assessment.expressed_themes.exists()
    assert assessment.digital_maturity and assessment.next_step
    segments = set(CompanySegment.objects.values_list("segment", flat=True))
    assert segments == set(Segment.values)
    assert Consent.objects.filter(withdrawn_at__isnull=True).exists()
    assert Consent.objects.filter(withdrawn_at__isnull=False).exists()


def check_referrals_in_every_status_between_operators_advisers_and_from_companies():
    referrals = Referral.objects.all()
    assert set(referrals.values_list("status", flat=True)) == set(ReferralStatus.values)
    assert referrals.exclude(private_adviser="").exists()
    from_companies = referrals.filter(from_company=True, contact_request__cvr__gt="")
    assert from_companies.filter(company__is_fictitious=True).exists()
    assert referrals.filter(status=ReferralStatus.DECLINED).exclude(decline_reason="").exists()
    completed = referrals.filter(
        status=ReferralStatus.COMPLETED, completed_interaction__isnull=False
    ).first()
    assert completed.completed_interaction.organisation_id == completed.to_organisation_id
    # Spread over the year, each step in order.
    ages = {(timezone.now() - r.created_at).days for r in referrals}
    assert max(ages) > 60 and min(ages) <= 1
    for referral in referrals.annotate(steps=Count("events")).filter(steps__gt=1)[:50]:
        times = [e.at for e in referral.events.all()]
        assert times == sorted(times)
        assert times[0] >= referral.created_at
    # Unanswered for more than 5 working days: flagged to the receiver's managers; fresh
    # ones not.
    unanswered = referrals.filter(status__in=[ReferralStatus.SENT, ReferralStatus.RECEIVED])
    assert unanswered.filter(overdue_flagged_at__isnull=False).exists()
    assert unanswered.filter(overdue_flagged_at__isnull=True, to_organisation__isnull=False)
    leader = viewer("leder@indgang.demo", "eh-midtjylland", Role.MANAGER)
    assert unanswered_for_manager(leader).exists()
    assert Notification.objects.filter(
        person=leader.person, kind=Notification.Kind.UNANSWERED
    ).exists()


def check_the_demo_logins_worklists_show_something():
    mette = viewer("konsulent@indgang.demo", "eh-midtjylland")
    ali = viewer("lokal@indgang.demo", "aarhus-erhverv")
    for v in (mette, ali):
        assert waiting_for_me(v).exists()
        assert prioritised_without_talk(v).exists()
        assert my_companies_without_contact(v).exists()
        assert len(recent_interactions(v)) == 20
        assert notifications(v.person).exists()
    assert waiting_for_me(mette).filter(to_person=mette.person).exists()
    # A company of hers shows other operators on its timeline.
    company = Interaction.objects.filter(consultant=mette.person).first().company
    assert company_timeline(mette, company)


def check_the_demo_runs_again_without_adding_anything(capsys):
    counts = (Interaction.objects.count(), Referral.objects.count())
    call_command("demo")
    assert "crm: demo data already present" in capsys.readouterr().out
    assert (Interaction.objects.count(), Referral.objects.count()) == counts


def test_the_demo_fills_the_crm_with_a_year_of_activity(demo, capsys):
    # One load (it takes a while), several aspects checked.
    check_a_year_of_activity_on_demo_operators_and_fictitious_companies(demo)
    check_contacts_entrepreneurs_assessments_segments_and_consents()
    check_referrals_in_every_status_between_operators_advisers_and_from_companies()
    check_the_demo_logins_worklists_show_something()
    check_the_demo_runs_again_without_adding_anything(capsys)


def test_the_demo_is_the_same_every_time(settings):
    """Seeded: two loads on the same register and day make the same records."""
    from indgang.demo import catalog as catalog_demo
    from indgang.demo import guide as guide_demo
    from indgang.demo import organisations as organisations_demo
    from indgang.demo import registry as registry_demo
    from indgang.demo.output import DemoOutput

    settings.DEMO_COMPANIES = 150
    for module in (organisations_demo, registry_demo, catalog_demo, guide_demo):
        module.load(DemoOutput())

    def snapshot():
        crm_demo.load(DemoOutput())
        rows = sorted(Interaction.objects.values_list("organisation_id", "date", "title", "type"))
        referrals = sorted(
            Referral.objects.filter(company__isnull=False).values_list(
                "organisation_id", "status", "reason"
            )
        )
        return rows, referrals, sorted(ContactPerson.objects.values_list("name", "email"))

    first = snapshot()
    for model in (Participant, Notification, CompanySegment, Consent, NeedsAssessment):
        model.objects.all().delete()
    Referral.objects.filter(contact_request__isnull=False).update(completed_interaction=None)
    Referral.objects.all().delete()
    from indgang.crm.models import ContactRequest

    ContactRequest.objects.filter(email__endswith="@eksempel.dk").delete()
    Interaction.objects.all().delete()
    ContactPerson.objects.all().delete()
    Entrepreneur.objects.all().delete()
    assert not crm_demo.is_loaded()
    assert snapshot() == first
