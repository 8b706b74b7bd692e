"""Read endpoints for goals under /api/v1/goals/: each sub-domain's router, assembled.

Scoped like the pages: a contract is visible to its operator's staff and to the national
board; anyone else gets 404. Statistics and KPIs are aggregates, readable by every
operator's staff.
"""

from ninja import Router

from indgang.goals.contracts.api import router as contracts
from indgang.goals.kpis.api import router as kpis
from indgang.goals.statistics.api import router as statistics

PATH = "goals/"
router = Router(tags=["goals"])
router.add_router("", contracts)
router.add_router("", kpis)
router.add_router("", statistics)
