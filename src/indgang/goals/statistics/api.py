"""Read endpoint for local business promotion statistics per municipality or region.

Aggregates, readable by every operator's staff. The operation id is the one from before
goals was cut into sub-domains, so clients generated from the schema keep working.
"""

from ninja import Query, Router

from indgang.goals import permissions
from indgang.goals.statistics import selectors
from indgang.goals.statistics.schemas import StatisticsOut

router = Router()


@router.get(
    "statistics",
    response=StatisticsOut,
    summary="Local business promotion per municipality or region",
    operation_id="indgang_goals_api_statistics",
)
def statistics(
    request,
    year: int = Query(..., ge=2000, le=2100),
    level: str = Query("municipality", pattern="^(municipality|region)$"),
):
    """Users of the local business service, their share of the active companies,
    one-to-one users and spending per inhabitant, for ``year``."""
    permissions.staff_viewer(request)
    rows = selectors.municipality_statistics(year)
    if level == "region":
        rows = selectors.region_statistics(rows)
    return {"year": year, "level": level, "items": [r.as_dict() for r in rows]}
