"""The metric engine over constructed CRM data: what counts towards a target, and what not."""

from datetime import date

import pytest

from indgang.crm.models import Entrepreneur
from indgang.goals.contracts import metrics, selectors, services
from indgang.goals.models import SatisfactionResponse, SurveyInvitation, TargetGroup
from indgang.goals.tests import factories as f

pytestmark = pytest.mark.django_db

END = date(2025, 12, 31)


@pytest.fixture
def world():
    op = f.local_operator("lokal-test", ("101", "147"))
    other = f.local_operator("lokal-andre", ("751",))
    eh = f.erhvervshus()
    young = f.company("101", founded=date(2023, 6, 1))  # 1 year 9 months at 2025-03-01
    old = f.company("147", founded=date(2010, 1, 1))
    unknown_age = f.company("101", founded=None)
    elsewhere = f.company("751", founded=date(2024, 1, 1))
    idea = Entrepreneur.objects.create(organisation=op, name="Ida Idé", municipality_id="101")
    # one-to-one sessions: young twice, old once, unknown once, one outside, one entrepreneur
    f.interaction(op, company=young, on=date(2025, 2, 1))
    f.interaction(op, company=young, on=date(2025, 5, 1))
    f.interaction(op, company=old, on=date(2025, 6, 1))
    f.interaction(op, company=unknown_age, on=date(2025, 6, 2))
    f.interaction(op, company=elsewhere, on=date(2025, 6, 3))
    f.interaction(op, entrepreneur=idea, on=date(2025, 7, 1))
    # not counted: last year, another operator, a phone call (type filter)
    f.interaction(op, company=young, on=date(2024, 12, 31))
    f.interaction(other, company=old, on=date(2025, 3, 1))
    f.interaction(op, kind="phone", company=old, on=date(2025, 3, 1))
    # a course with participants: young, old and the entrepreneur
    course = f.interaction(
        op, kind="course", on=date(2025, 9, 1), participants=[young, old, idea], title="Kursus"
    )
    f.referral(op, eh, company=young)
    f.referral(op, eh, company=old)
    f.referral(op, other, company=old)  # not to an Erhvervshus
    contract = f.contract(op, 2025, ("101", "147"))
    return {
        "op": op,
        "contract": contract,
        "young": young,
        "old": old,
        "idea": idea,
        "course": course,
        "eh": eh,
    }


def value(contract, **kw):
    target = f.target(contract, **kw)
    return metrics.progress(target, as_of=date(2026, 1, 15))


def test_sessions_by_target_group_and_municipality(world):
    c = world["contract"]
    assert value(c, measure="sessions", types=["one_to_one"]).value == 5  # not the 751 one
    assert value(c, types=["one_to_one"], group=TargetGroup.ENTREPRENEURS).value == 3
    assert value(c, types=["one_to_one"], group=TargetGroup.ESTABLISHED).value == 2
    everything = value(c, types=[], in_contract_municipalities=False)
    assert everything.value == 8  # 6 one-to-one, the phone call, the course


def test_distinct_users_count_participants_once(world):
    c = world["contract"]
    assert value(c, measure="users", types=["one_to_one", "course"]).value == 4
    assert value(c, measure="companies", types=["one_to_one", "course"]).value == 3
    on_courses = value(c, measure="users", types=["course"], group=TargetGroup.ENTREPRENEURS)
    assert on_courses.value == 2  # the young company and the entrepreneur
    established = value(c, measure="users", types=["one_to_one"], group=TargetGroup.ESTABLISHED)
    assert established.value == 2  # the old company and the one with no founding date


def test_referrals_to_an_erhvervshus(world):
    assert value(world["contract"], measure="referrals_erhvervshus").value == 2


def test_satisfied_share_from_survey_responses(world):
    course = world["course"]
    for n, score in enumerate([5, 4, 2]):
        invitation = SurveyInvitation.objects.create(
            interaction=course,
            organisation=world["op"],
            email=f"x{n}@example.dk",
            token_hash=f"{n:064d}",
        )
        SatisfactionResponse.objects.create(invitation=invitation, score=score)
    result = value(world["contract"], measure="satisfied_share", value=80)
    assert round(result.value, 1) == 66.7
    assert result.detail["responses"] == 3
    assert result.status == "behind"


def test_status_and_forecast_during_the_year(world):
    target = f.target(world["contract"], types=["one_to_one"], value=8)
    mid = metrics.progress(target, as_of=date(2025, 7, 2))  # 5 sessions by half-year
    assert mid.value == 5 and mid.method == "linear"
    assert 9.9 < mid.forecast < 10.1
    assert mid.status == "ahead"
    target.value = 9.5
    assert metrics.progress(target, as_of=date(2025, 7, 2)).status == "on_track"
    target.value = 12
    assert metrics.progress(target, as_of=date(2025, 7, 2)).status == "behind"


def test_freezing_keeps_the_figures(world):
    contract = world["contract"]
    f.target(contract, types=["one_to_one"], value=4)
    manager = f.member(world["op"])
    report = services.freeze_report(
        f.viewer(manager, world["op"]), contract, today=date(2026, 1, 5)
    )
    assert report.rows[0]["value"] == 5 and report.rows[0]["status"] == "ahead"
    f.interaction(world["op"], company=world["old"], on=date(2025, 11, 1))
    contract.refresh_from_db()
    assert selectors.contract_rows(contract)[0]["value"] == 5
