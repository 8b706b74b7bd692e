"""Who came to an event becomes participation in the CRM (the events app calls this)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from indgang.catalog.tests.factories import make_offer
from indgang.crm.models import Entrepreneur, Interaction
from indgang.crm.public import participation_rows, record_event_attendance
from indgang.crm.tests.factories import CompanyFactory, OperatorFactory, staff

pytestmark = pytest.mark.django_db


def attend(organisation, companies, people=(), **extra):
    return record_event_attendance(
        organisation_id=organisation.pk,
        external_id=extra.pop("external_id", "event-7"),
        type=extra.pop("type", "event"),
        date=dt.date(2026, 11, 3),
        title="Informationsmøde for iværksættere",
        themes=["opstart"],
        offer_id=extra.pop("offer_id", None),
        company_cvrs=[c.cvr for c in companies],
        entrepreneurs=list(people),
        **extra,
    )


def test_attendance_is_on_the_company_file_and_recording_again_updates_it(client):
    operator = OperatorFactory(id="lokal-ev", name="Erhvervsservice Event")
    came, later = CompanyFactory(name="Kom ApS"), CompanyFactory(name="Senere ApS")
    pk = attend(operator, [came], [{"name": "Ida Idé", "email": "ida@eksempel.dk"}])

    other_operator = staff(OperatorFactory(id="eh-anden"))
    client.force_login(other_operator.person)
    page = client.get(reverse("crm:company", args=[came.cvr]))
    assert "Erhvervsservice Event" in page.text  # every operator sees who was in contact

    # The course belongs to an offer: its participants are what the effect measurement reads.
    course = make_offer(id="lokal-ev-kursus", operator_id=operator.pk)
    again = attend(
        operator,
        [came, later],
        [{"name": "Ida Idé", "email": "IDA@eksempel.dk"}],
        offer_id=course.pk,
    )
    assert again == pk
    interaction = Interaction.objects.get(pk=pk)
    assert {p.company_id for p in interaction.participants.all() if p.company_id} == {
        came.pk,
        later.pk,
    }
    assert Entrepreneur.objects.filter(organisation=operator).count() == 1
    assert {(row["cvr"], row["offer_id"]) for row in participation_rows()} == {
        (came.cvr, course.pk),
        (later.cvr, course.pk),
    }


def test_attendance_names_what_is_wrong():
    operator = OperatorFactory(id="lokal-ev2")
    with pytest.raises(ValidationError) as refused:
        attend(operator, [], type="one_to_one")
    assert "type" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        record_event_attendance(
            organisation_id=operator.pk,
            external_id="e",
            type="event",
            date=dt.date(2026, 11, 3),
            title="",
            themes=[],
            offer_id=None,
            company_cvrs=["12345674"],
            entrepreneurs=[],
        )
    assert "12345674" in refused.value.message_dict["participants"][0]
    assert not Interaction.objects.exists()
