"""Reads for the national goals: the goals, their KPIs with values, the targets serving them."""

from django.db.models import QuerySet

from indgang.goals.contracts.models import Target
from indgang.goals.kpis.models import Goal, Kpi
from indgang.goals.permissions import is_national
from indgang.organisations.public import Viewer


def goals() -> QuerySet[Goal]:
    return Goal.objects.prefetch_related("kpis__values")


def goal(code: str) -> Goal | None:
    return goals().filter(code=code).first()


def kpi_rows() -> list[dict]:
    rows = []
    for kpi in Kpi.objects.select_related("goal").prefetch_related("values"):
        values = sorted(kpi.values.all(), key=lambda v: v.year)
        latest = values[-1] if values else None
        rows.append(
            {
                "kpi": kpi,
                "goal": kpi.goal,
                "values": values,
                "latest": latest,
            }
        )
    return rows


def targets_serving(goal: Goal, viewer: Viewer) -> list[Target]:
    targets = goal.targets.select_related("contract__operator")
    if not is_national(viewer):
        targets = targets.filter(contract__operator_id=viewer.organisation_id)
    return list(targets)
