"""Every model of goals, re-exported from its sub-domain so the app label ``goals`` and
the migration history stay as they were.

- ``contracts/``: performance contracts, their targets and frozen yearly reports;
- ``kpis/``: national goals, their KPIs and the KPIs' values;
- ``surveys/``: satisfaction survey invitations and their answers;
- ``statistics/``: municipalities' spending on local business promotion.
"""

from indgang.goals.contracts.models import (
    SHARE_MEASURES,
    Comparator,
    Measure,
    PerformanceContract,
    Target,
    TargetGroup,
    YearlyReport,
)
from indgang.goals.kpis.models import Goal, Kpi, KpiValue
from indgang.goals.statistics.models import Spending
from indgang.goals.surveys.models import SatisfactionResponse, SurveyInvitation

__all__ = [
    "SHARE_MEASURES",
    "Comparator",
    "Goal",
    "Kpi",
    "KpiValue",
    "Measure",
    "PerformanceContract",
    "SatisfactionResponse",
    "Spending",
    "SurveyInvitation",
    "Target",
    "TargetGroup",
    "YearlyReport",
]
