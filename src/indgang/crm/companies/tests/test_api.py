"""The company file: contact persons, needs assessments, the funnel and the worklists, through the API, as an operator's own system uses it."""

import datetime as dt

import pytest
from django.utils import timezone

from indgang.crm.models import (
    CompanySegment,
    ContactPerson,
    Segment,
)
from indgang.crm.tests.factories import (
    CompanyFactory,
    CompanySegmentFactory,
    InteractionFactory,
    NeedsAssessmentFactory,
    OperatorFactory,
    ParticipantFactory,
    ReferralFactory,
    staff,
)
from indgang.crm.tests.support import Api, fields, sent_on
from indgang.organisations.models import Role

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_passwords")]


def test_contact_persons_are_added_read_and_changed(api, x):
    created = api.post(
        f"/companies/{x.cvr}/contacts",
        {"name": "Karen Kontakt", "title": "CFO", "email": "karen@xylofon.dk", "phone": "12345678"},
    )
    assert created.status_code == 201
    contact = created.json()
    assert contact["company_cvr"] == x.cvr and contact["version"] == 1

    changed = api.patch(f"/contacts/{contact['id']}", {"version": 1, "title": "CEO"})
    assert changed.status_code == 200
    assert changed.json()["title"] == "CEO" and changed.json()["version"] == 2
    assert changed.json()["email"] == "karen@xylofon.dk"  # untouched fields stay
    assert api.get(f"/contacts/{contact['id']}").json()["title"] == "CEO"


def test_contact_errors_name_the_field(api, x):
    response = api.post(f"/companies/{x.cvr}/contacts", {"name": "", "email": "not-an-email"})
    assert response.status_code == 422
    assert fields(response) == {"name", "email"}
    response = api.post(f"/companies/{x.cvr}/contacts", {"name": "A" * 201})
    assert fields(response) == {"name"}
    response = api.post(f"/companies/{x.cvr}/contacts", {"name": "Nul\x00tegn"})
    assert response.status_code == 422 and fields(response) == {"name"}
    response = api.post(f"/companies/{x.cvr}/contacts", {"title": "Ingen navn"})
    assert fields(response) == {"name"}
    assert api.post("/companies/12345678/contacts", {"name": "Ukendt"}).status_code == 404
    contact = api.post(f"/companies/{x.cvr}/contacts", {"name": "Ok"}).json()
    response = api.patch(f"/contacts/{contact['id']}", {"name": "Uden version"})
    assert response.status_code == 422 and fields(response) == {"version"}
    response = api.patch(f"/contacts/{contact['id']}", {"version": 1, "email": "nope"})
    assert fields(response) == {"email"}
    assert ContactPerson.objects.get(pk=contact["id"]).email == ""


def test_needs_assessment_with_growth_mapping(api, x):
    response = api.post(
        f"/companies/{x.cvr}/needs-assessments",
        {
            "date": "2026-03-01",
            "expressed_themes": ["eksport"],
            "observed_themes": ["ledelse"],
            "expressed_note": "Vil eksportere.",
            "growth_mapping": {
                "financing": {"rating": 2, "note": "Gæld"},
                "management": {"rating": 4},
            },
            "digital_maturity": 3,
            "export_maturity": 1,
            "next_step": "Eksportforløb",
        },
    )
    assert response.status_code == 201, response.content
    made = response.json()
    assert made["growth_mapping"]["financing"] == {"rating": 2, "note": "Gæld"}
    assert (made["digital_maturity"], made["observed_themes"]) == (3, ["ledelse"])
    listed = api.get(f"/companies/{x.cvr}/needs-assessments").json()
    assert [a["id"] for a in listed] == [made["id"]]

    changed = api.patch(
        f"/needs-assessments/{made['id']}",
        {"version": 1, "digital_maturity": None, "next_step": "Lån"},
    )
    assert changed.status_code == 200
    assert (changed.json()["digital_maturity"], changed.json()["next_step"]) == (None, "Lån")
    assert changed.json()["export_maturity"] == 1


def test_needs_assessment_errors_name_the_field(api, alice, x):
    url = f"/companies/{x.cvr}/needs-assessments"
    response = api.post(
        url, {"date": "2026-03-01", "growth_mapping": {"financing": {"rating": 9}, "luck": {}}}
    )
    assert response.status_code == 422
    assert fields(response) == {"growth_mapping.financing.rating", "growth_mapping.luck"}
    response = api.post(url, {"date": "2026-03-01", "digital_maturity": 7})
    assert fields(response) == {"digital_maturity"}
    response = api.post(url, {"growth_mapping": {"financing": {"rating": "høj"}}})
    assert fields(response) == {"date", "growth_mapping.financing.rating"}
    response = api.post(url, {"date": "2026-03-01", "growth_mapping": {"financing": 5}})
    assert response.status_code == 422 and fields(response) == {"growth_mapping.financing"}
    assessment = NeedsAssessmentFactory(organisation=alice.organisation, company=x)
    response = api.patch(f"/needs-assessments/{assessment.pk}", {"version": 3, "next_step": "x"})
    assert response.status_code == 409


def test_managers_place_companies_in_the_funnel(client, a, alice, x):
    manager = staff(a, Role.MANAGER)
    consultant_api = Api(client, alice.person)
    response = consultant_api.put(f"/companies/{x.cvr}/segment", {"segment": "key_account"})
    assert response.status_code == 403
    api = Api(client, manager.person)
    response = api.put(
        f"/companies/{x.cvr}/segment",
        {"segment": "key_account", "key_account_owner_email": alice.person.email},
    )
    assert response.status_code == 200, response.content
    assert response.json()["key_account_owner_email"] == alice.person.email
    moved = api.put(
        f"/companies/{x.cvr}/segment",
        {"segment": "portfolio", "key_account_owner_email": alice.person.email, "version": 1},
    )
    assert moved.status_code == 200 and moved.json()["version"] == 2
    stale = api.put(f"/companies/{x.cvr}/segment", {"segment": "portfolio", "version": 1})
    assert stale.status_code == 409
    outsider = staff(OperatorFactory())
    wrong = api.put(
        f"/companies/{x.cvr}/segment",
        {"segment": "portfolio", "key_account_owner_email": outsider.person.email},
    )
    assert wrong.status_code == 422 and fields(wrong) == {"key_account_owner_email"}
    bad = api.put(f"/companies/{x.cvr}/segment", {"segment": "vip"})
    assert bad.status_code == 422 and fields(bad) == {"segment"}
    segment = CompanySegment.objects.get()
    assert (segment.segment, segment.key_account_owner) == (Segment.PORTFOLIO, alice.person)
    timeline = Api(client, alice.person).get(f"/companies/{x.cvr}/timeline").json()
    assert timeline["my_segment"]["segment"] == "portfolio"
    assert timeline["key_accounts"][0]["key_account_owner_name"] == "Alice Konsulent"


def test_worklists(api, alice, x):
    quiet = CompanyFactory(name="Stille ApS")
    talked = CompanyFactory(name="Snakket ApS")
    CompanySegmentFactory(organisation=alice.organisation, company=x, segment="prioritised")
    CompanySegmentFactory(
        organisation=alice.organisation,
        company=quiet,
        segment="key_account",
        key_account_owner=alice.person,
    )
    CompanySegmentFactory(organisation=alice.organisation, company=talked, segment="prioritised")
    InteractionFactory(organisation=alice.organisation, company=talked)
    InteractionFactory(
        organisation=alice.organisation,
        company=quiet,
        type="phone",
        date=timezone.localdate() - dt.timedelta(days=400),
    )
    lists = api.get("/worklists").json()
    assert [c["name"] for c in lists["prioritised_without_talk"]["items"]] == [
        "Stille ApS",
        "Xylofon ApS",
    ]
    quiet_list = lists["my_companies_without_contact"]
    assert quiet_list["total"] == 1 and quiet_list["items"][0]["cvr"] == quiet.cvr
    assert quiet_list["items"][0]["last_contact"]


def test_a_long_timeline_is_read_a_page_at_a_time_newest_first(api, alice, a, c, x):
    today = timezone.localdate()

    def day(n):
        return today - dt.timedelta(days=n)

    mine = InteractionFactory(organisation=a, company=x, date=day(1))
    theirs = InteractionFactory(organisation=c, company=x, date=day(3), type="phone")
    event = ParticipantFactory(company=x, interaction__organisation=c, interaction__date=day(4))
    referral = ReferralFactory(organisation=a, to_organisation=c, company=x)
    sent_on(referral, day(2))
    InteractionFactory(organisation=c, company=CompanyFactory(), date=day(0))  # another company

    pages = [
        api.get(f"/companies/{x.cvr}/timeline", limit=2, offset=offset).json()
        for offset in (0, 2, 4)
    ]
    assert [p["total"] for p in pages] == [4, 4, 4]
    assert [(p["limit"], p["offset"]) for p in pages] == [(2, 0), (2, 2), (2, 4)]
    entries = [e for p in pages for e in p["entries"]]
    assert [len(p["entries"]) for p in pages] == [2, 2, 0]
    # Every entry once, newest first; only the viewer's own records can be opened.
    assert [(e["date"], e["kind"], e["record_id"]) for e in entries] == [
        (day(1).isoformat(), "interaction", mine.pk),
        (day(2).isoformat(), "referral", referral.pk),
        (day(3).isoformat(), "interaction", None),
        (day(4).isoformat(), "interaction", None),
    ]
    assert {theirs.pk, event.interaction.pk}.isdisjoint(e["record_id"] for e in entries)
    # Without paging, the first 100; more than 500 at a time is refused.
    assert len(api.get(f"/companies/{x.cvr}/timeline").json()["entries"]) == 4
    too_many = api.get(f"/companies/{x.cvr}/timeline", limit=501)
    assert too_many.status_code == 422 and fields(too_many) == {"limit"}
