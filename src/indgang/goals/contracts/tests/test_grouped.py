"""Many contracts counted together (grouped.py, what the dashboards and the API use) give
every target the same figures, forecast and status as counting it alone (metrics.py)."""

from datetime import date

import pytest

from indgang.crm.models import Entrepreneur
from indgang.goals.contracts import metrics, selectors
from indgang.goals.models import Goal, SatisfactionResponse, SurveyInvitation, TargetGroup
from indgang.goals.tests import factories as f

pytestmark = pytest.mark.django_db

MEASURES = ["sessions", "users", "companies", "satisfied_share", "referrals_erhvervshus"]
TYPES = [(), ("one_to_one",), ("course", "event"), ("one_to_one", "course")]


@pytest.fixture
def contracts():
    op = f.local_operator("lokal-test", ("101", "147"))
    other = f.local_operator("lokal-andre", ("751",))
    eh = f.erhvervshus()
    young = f.company("101", founded=date(2023, 6, 1))  # turns 3 years old in June 2026
    turning = f.company("147", founded=date(2022, 4, 1))  # young in March 2025, not in May
    old = f.company("147", founded=date(2010, 1, 1))
    edge = f.company("101", founded=date(2022, 3, 1))  # 1,096 days old on 2025-03-01: young
    unknown_age = f.company("101", founded=None)
    elsewhere = f.company("751", founded=date(2024, 1, 1))
    idea = Entrepreneur.objects.create(organisation=op, name="Ida Idé", municipality_id="101")
    nowhere = Entrepreneur.objects.create(organisation=op, name="Nils Nowhere")
    away = Entrepreneur.objects.create(
        organisation=op, name="Anna Andetsteds", municipality_id="751"
    )
    for month in range(1, 13):  # last year's pattern: every month, more in the autumn
        for _ in range(1 + month // 6):
            f.interaction(op, company=young, on=date(2024, month, 10))
        f.referral(op, eh, company=old, on=date(2024, month, 5))
    f.interaction(op, company=turning, on=date(2025, 3, 1))
    f.interaction(op, company=turning, on=date(2025, 5, 1))
    f.interaction(op, company=young, on=date(2025, 2, 1))
    f.interaction(op, company=edge, on=date(2025, 3, 1))
    f.interaction(op, kind="event", on=date(2025, 3, 2), participants=[edge])  # old by then
    f.interaction(op, company=old, on=date(2025, 6, 1))
    f.interaction(op, company=unknown_age, on=date(2025, 6, 2))
    f.interaction(op, company=elsewhere, on=date(2025, 6, 3))
    f.interaction(op, entrepreneur=idea, on=date(2025, 7, 1))
    f.interaction(op, entrepreneur=nowhere, on=date(2025, 8, 1))
    f.interaction(op, entrepreneur=away, on=date(2025, 8, 2))
    f.interaction(op, kind="phone", company=old, on=date(2025, 3, 1))
    f.interaction(other, company=old, on=date(2025, 3, 1))
    course = f.interaction(
        op, kind="course", on=date(2025, 9, 1), participants=[young, old, idea], title="Kursus"
    )
    f.interaction(op, kind="event", on=date(2025, 10, 1), participants=[elsewhere, nowhere])
    f.interaction(op, kind="event", on=date(2025, 11, 1), participants=[elsewhere, away])
    for n, score in enumerate([5, 4, 2]):
        invitation = SurveyInvitation.objects.create(
            interaction=course, organisation=op, email=f"x{n}@example.dk", token_hash=f"{n:064d}"
        )
        SatisfactionResponse.objects.create(invitation=invitation, score=score)
    f.referral(op, eh, company=young, on=date(2025, 2, 1))
    f.referral(op, eh, company=edge, on=date(2025, 3, 1))
    f.referral(op, eh, company=old, on=date(2025, 8, 1))
    f.referral(op, eh, entrepreneur=nowhere, on=date(2025, 9, 1))
    f.referral(op, eh, entrepreneur=away, on=date(2025, 9, 2))
    f.referral(op, other, company=old)  # not to an Erhvervshus
    made = [
        f.contract(op, 2025, ("101", "147"), title="Begge"),
        f.contract(op, 2025, ("101",), title="København"),
        f.contract(op, 2025, (), title="Ingen kommuner"),
        f.contract(other, 2025, ("751",), title="Andre"),
    ]
    goals = [
        Goal.objects.create(code="vaekst", title="Vækst i virksomhederne"),
        Goal.objects.create(code="eksport", title="Eksport"),
    ]
    combinations = [(m, g) for m in MEASURES for g in TargetGroup.values]
    for c, contract in enumerate(made):
        for i, (measure, group) in enumerate(combinations):
            target = f.target(
                contract,
                measure=measure,
                group=group,
                types=TYPES[(i + c) % len(TYPES)],
                value=3,
                in_contract_municipalities=(i + c) % 3 != 0,
            )
            target.goals.set(goals[: i % 3])
    return made


@pytest.mark.parametrize(
    "as_of",
    [date(2025, 7, 2), date(2025, 5, 15), date(2026, 1, 15), date(2024, 6, 1)],
    ids=["mid-year", "spring", "after", "before"],
)
def test_counted_together_as_counted_alone(contracts, as_of):
    together = selectors.contract_rows_many(contracts, as_of)
    for contract in contracts:
        alone = [metrics.progress(t, as_of).as_row() for t in contract.targets.all()]
        assert together[contract.pk] == alone
    values = {row["value"] for rows in together.values() for row in rows}
    assert len(values) > 3 or as_of.year < 2025  # the targets count different things
    methods = {row["forecast_method"] for rows in together.values() for row in rows}
    assert "seasonal" in methods or as_of.year != 2025
