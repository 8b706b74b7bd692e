"""Read endpoints for goals: contracts, targets with live progress, KPIs and statistics.

Scoped like the pages: a contract is visible to its operator's staff and to the national
board; anyone else gets 404. Statistics and KPIs are aggregates, readable by every
operator's staff.
"""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from indgang.core.limits import MAX_INT
from indgang.crm.permissions import viewer_of
from indgang.goals import permissions, selectors

PATH = "goals/"
router = Router(tags=["goals"])


class TargetOut(Schema):
    target_id: int
    name: str
    measure: str
    target_group: str
    interaction_types: list[str]
    comparator: str
    target: float
    value: float | None
    forecast: float | None
    forecast_method: str
    status: str = Field(description="behind, on_track, ahead or not_started")
    responses: int | None = None
    goals: list[str] = Field(description="codes of the national goals the target serves")


class ContractOut(Schema):
    id: int
    title: str
    year: int
    operator_id: str
    operator_name: str
    municipality_codes: list[str]
    frozen: bool


class ContractDetail(ContractOut):
    as_of: dt.date
    targets: list[TargetOut]


class ContractPage(Schema):
    total: int
    limit: int
    offset: int
    items: list[ContractOut]


class ContractFilters(Schema):
    year: int | None = Field(None, ge=2000, le=2100)
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0, le=MAX_INT)


class KpiValueOut(Schema):
    year: int
    value: float
    source: str
    computed: bool


class KpiOut(Schema):
    id: int
    name: str
    unit: str
    baseline: float
    baseline_year: int
    target: float
    target_year: int
    source: str
    computation: str
    values: list[KpiValueOut]


class GoalOut(Schema):
    code: str
    title: str
    description: str
    kpis: list[KpiOut]


class AreaOut(Schema):
    code: str
    name: str
    region_code: str
    population: int
    companies: int
    users: int
    one_to_one_users: int
    users_share: float | None = Field(description="users as % of active companies")
    spending_dkk: int | None
    kr_per_inhabitant: float | None


class StatisticsOut(Schema):
    year: int
    level: str
    items: list[AreaOut]


def _viewer(request):
    viewer = viewer_of(request)
    if not permissions.is_staff(viewer) and not permissions.is_national(viewer):
        raise PermissionDenied(_("Only staff of an operator may see goals and contracts."))
    return viewer


def _contract_out(contract) -> dict:
    return {
        "id": contract.pk,
        "title": contract.title,
        "year": contract.year,
        "operator_id": contract.operator_id,
        "operator_name": contract.operator.name,
        "municipality_codes": [m.pk for m in contract.municipalities.all()],
        "frozen": contract.is_frozen,
    }


@router.get("contracts", response=ContractPage, summary="Performance contracts you may see")
def list_contracts(request, params: Query[ContractFilters]):
    viewer = _viewer(request)
    contracts = selectors.contracts_for(viewer, params.year)
    page = contracts[params.offset : params.offset + params.limit]
    return {
        "total": contracts.count(),
        "limit": params.limit,
        "offset": params.offset,
        "items": [_contract_out(c) for c in page],
    }


@router.get(
    "contracts/{contract_id}",
    response=ContractDetail,
    summary="One contract with its targets' progress and forecast",
)
def contract_detail(request, contract_id: int):
    """Progress is counted live from the CRM, or read from the frozen yearly report."""
    viewer = _viewer(request)
    contract = selectors.contract(viewer, contract_id)
    if contract is None:
        raise Http404
    as_of = contract.report.as_of if contract.is_frozen else timezone.localdate()
    return {
        **_contract_out(contract),
        "as_of": as_of,
        "targets": selectors.contract_rows(contract),
    }


@router.get("kpis", response=list[GoalOut], summary="National goals with their KPIs and values")
def list_goals(request):
    _viewer(request)
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


@router.get(
    "statistics",
    response=StatisticsOut,
    summary="Local business promotion per municipality or region",
)
def statistics(
    request,
    year: int = Query(..., ge=2000, le=2100),
    level: str = Query("municipality", pattern="^(municipality|region)$"),
):
    """Users of the local business service, their share of the active companies,
    one-to-one users and spending per inhabitant, for ``year``."""
    _viewer(request)
    rows = selectors.municipality_statistics(year)
    if level == "region":
        rows = selectors.region_statistics(rows)
    return {"year": year, "level": level, "items": [r.as_dict() for r in rows]}
