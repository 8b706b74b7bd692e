"""Reads for performance contracts: the contracts a viewer may see and their figures.

The figures themselves are counted in ``goals/contracts/metrics.py``.
"""

from datetime import date

from django.db.models import QuerySet

from indgang.goals.contracts import engine, metrics
from indgang.goals.contracts.models import PerformanceContract
from indgang.goals.permissions import can_read_contract, is_national
from indgang.organisations.public import Viewer


def contracts_for(viewer: Viewer, year: int | None = None) -> QuerySet[PerformanceContract]:
    """The contracts ``viewer`` may read: their operator's, or all for the national board."""
    contracts = PerformanceContract.objects.select_related("operator", "report").prefetch_related(
        "municipalities", "targets"
    )
    if not is_national(viewer):
        if not viewer.is_staff:
            return contracts.none()
        contracts = contracts.filter(operator_id=viewer.organisation_id)
    if year:
        contracts = contracts.filter(year=year)
    return contracts.order_by("-year", "operator__name", "title")


def contract(viewer: Viewer, pk: int) -> PerformanceContract | None:
    found = (
        PerformanceContract.objects.select_related("operator")
        .prefetch_related("municipalities")
        .filter(pk=pk)
        .first()
    )
    if found is None or not can_read_contract(viewer, found):
        return None
    return found


def contract_rows(contract: PerformanceContract, as_of: date | None = None) -> list[dict]:
    """The frozen figures when the report is frozen, else the live ones."""
    if contract.is_frozen:
        return contract.report.rows
    return [p.as_row() for p in metrics.contract_progress(contract, as_of)]


def status_counts(rows: list[dict]) -> dict[str, int]:
    counts = {engine.BEHIND: 0, engine.ON_TRACK: 0, engine.AHEAD: 0, engine.NOT_STARTED: 0}
    for row in rows:
        counts[row["status"]] = counts.get(row["status"], 0) + 1
    return counts
