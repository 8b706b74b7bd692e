"""A person's data, everything an operator holds about them, exported and erased by its
data protection officer through the page (GDPR art. 15 and 17)."""

import json

import pytest
from django.urls import reverse
from django.utils import timezone

from indgang.crm.models import Consent, ContactPerson, ContactRequest, Interaction, Referral
from indgang.crm.public import InteractionData, log_interaction, refer_company, request_contact
from indgang.crm.tests.factories import OperatorFactory, staff, viewer_for
from indgang.crm.tests.support import consent_in_meeting, offer_of
from indgang.events.models import SignUp
from indgang.events.tests.conftest import make_event
from indgang.goals.models import SatisfactionResponse, SurveyInvitation
from indgang.organisations.models import Role
from indgang.registry.tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db

EMAIL = "karen.krog@bager.dk"


@pytest.fixture
def held():
    """Everything an operator can hold about Karen Krog, of Krogs Bageri."""
    operator = OperatorFactory(id="lokal-krog", name="Erhvervsservice Krog", municipality_id="751")
    consultant, dpo = staff(operator), staff(operator, Role.ADMIN)
    viewer = viewer_for(consultant)
    bakery = CompanyFactory(name="Krogs Bageri ApS")
    contact = ContactPerson.objects.create(
        company=bakery, organisation=operator, name="Karen Krog", email=EMAIL, phone="20304050"
    )
    meeting = log_interaction(
        viewer,
        InteractionData(
            type="one_to_one",
            date=timezone.localdate(),
            company=bakery,
            title="Møde med Karen Krog om eksport",
            note="Karen Krog vil sælge til Tyskland.",
            contacts=(contact,),
        ),
    )
    consent_in_meeting(viewer, bakery, given_by="Karen Krog, indehaver", receipt_email=EMAIL)
    refer_company(
        viewer,
        company=bakery,
        to_organisation=OperatorFactory(id="eh-krog"),
        reason="Karen Krog har brug for eksportrådgivning.",
    )
    offer = offer_of(operator)
    request_contact(
        offer_ids=[offer.pk],
        unsure=False,
        contact={"contact_name": "Karen Krog", "email": EMAIL, "phone": "20304050"},
        facts={"cvr": bakery.cvr},
        needs=[],
        needs_text="Vi vil gerne på messe i Hamborg.",
        consent=True,
    )
    invitation = SurveyInvitation.objects.create(
        interaction=meeting, organisation=operator, contact=contact, email=EMAIL, token_hash="x"
    )
    SatisfactionResponse.objects.create(invitation=invitation, score=5, comment="Tak, Karen")
    event = make_event(viewer)
    SignUp.objects.create(
        event=event,
        reference="KROG1",
        name="Karen Krog",
        email=EMAIL,
        consent_text="ja",
        status="confirmed",
    )
    return {"dpo": dpo.person, "operator": operator, "meeting": meeting}


def test_the_export_holds_everything_and_the_erasure_leaves_nothing(client, held):
    client.force_login(held["dpo"])
    url = reverse("privacy:person_data")
    exported = json.loads(client.post(url, {"email": EMAIL, "export": "1"}).content)
    for section in (
        "contact_persons",
        "interactions",
        "referrals",
        "contact_requests",
        "consents",
        "survey_answers",
        "event_signups",
    ):
        assert exported[section], section
    assert "Karen Krog" in exported["interactions"][0]["title"]

    page = client.post(url, {"email": EMAIL, "erase": "1"})
    assert page.status_code == 200 and 'data-testid="erased"' in page.text

    # Nothing names her or reaches her any more; the activity is still counted.
    assert not ContactPerson.objects.filter(email=EMAIL).exists()
    meeting = Interaction.objects.get(pk=held["meeting"].pk)
    assert "Karen" not in meeting.title + meeting.note
    assert all("Karen" not in r.reason for r in Referral.objects.all())
    assert not ContactRequest.objects.filter(email=EMAIL).exists()
    assert all("Karen" not in c.given_by and not c.receipt_email for c in Consent.objects.all())
    assert not SurveyInvitation.objects.filter(email=EMAIL).exists()
    assert SatisfactionResponse.objects.get().comment == ""
    assert not SignUp.objects.filter(email=EMAIL).exists()
    again = json.loads(client.post(url, {"email": EMAIL, "export": "1"}).content)
    assert not any(
        again[s] for s in ("contact_persons", "contact_requests", "survey_answers", "event_signups")
    )


def test_retention_runs_from_any_day_and_covers_what_ages(held, django_capture_on_commit_callbacks):
    from django.core.management import call_command

    for day in ("0001-01-01", "9999-12-31"):
        call_command("crm_retention", "--today", day, verbosity=0)
    assert not ContactPerson.objects.filter(email=EMAIL).exists()
    assert not SurveyInvitation.objects.filter(email=EMAIL).exists()
    assert all(not c.given_by.startswith("Karen") for c in Consent.objects.all())
    assert all(r.reason == "" for r in Referral.objects.all())
    assert not SignUp.objects.filter(email=EMAIL).exists()


def test_the_alerts_of_the_one_entry_are_the_platforms_to_export_and_erase(client, held):
    from indgang.guide.alerts.models import Alert
    from indgang.organisations.models import Organisation

    Alert.objects.create(email=EMAIL, needs=["eksport"], text="Karen Krog vil eksportere")
    url = reverse("privacy:person_data")
    client.force_login(held["dpo"])
    assert "alerts" not in json.loads(client.post(url, {"email": EMAIL, "export": "1"}).content)

    board = staff(
        Organisation.objects.create(id="board", name="Bestyrelsen", is_national_board=True),
        Role.ADMIN,
    )
    client.force_login(board.person)
    exported = json.loads(client.post(url, {"email": EMAIL, "export": "1"}).content)
    assert exported["alerts"]
    client.post(url, {"email": EMAIL, "erase": "1"})
    assert not Alert.objects.filter(email=EMAIL).exists()
