"""Read endpoint for the national goals: every goal with its KPIs and their values.

Aggregates, readable by every operator's staff. The operation id is the one from before
goals was cut into sub-domains, so clients generated from the schema keep working.
"""

from ninja import Router

from indgang.goals import permissions
from indgang.goals.kpis import selectors
from indgang.goals.kpis.schemas import GoalOut

router = Router()


@router.get(
    "kpis",
    response=list[GoalOut],
    summary="National goals with their KPIs and values",
    operation_id="indgang_goals_api_list_goals",
)
def list_goals(request):
    permissions.staff_viewer(request)
    out = []
    for goal in selectors.goals():
        out.append(
            {
                "code": goal.code,
                "title": goal.title,
                "description": goal.description,
                "kpis": [
                    {
                        "id": k.pk,
                        "name": k.name,
                        "unit": k.unit,
                        "baseline": float(k.baseline),
                        "baseline_year": k.baseline_year,
                        "target": float(k.target),
                        "target_year": k.target_year,
                        "source": k.source,
                        "computation": k.computation,
                        "values": [
                            {
                                "year": v.year,
                                "value": float(v.value),
                                "source": v.source,
                                "computed": v.computed,
                            }
                            for v in sorted(k.values.all(), key=lambda v: v.year)
                        ],
                    }
                    for k in goal.kpis.all()
                ],
            }
        )
    return out
