"""Read endpoints for performance contracts: the contracts and their targets' live progress.

Scoped like the pages: a contract is visible to its operator's staff and to the national
board; anyone else gets 404. The operation ids are those from before goals was cut into
sub-domains, so clients generated from the schema keep working.
"""

from django.http import Http404
from django.utils import timezone
from ninja import Query, Router

from indgang.goals import permissions
from indgang.goals.contracts import selectors
from indgang.goals.contracts.schemas import ContractDetail, ContractFilters, ContractPage

router = Router()


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


@router.get(
    "contracts",
    response=ContractPage,
    summary="Performance contracts you may see",
    operation_id="indgang_goals_api_list_contracts",
)
def list_contracts(request, params: Query[ContractFilters]):
    viewer = permissions.staff_viewer(request)
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
    operation_id="indgang_goals_api_contract_detail",
)
def contract_detail(request, contract_id: int):
    """Progress is counted live from the CRM, or read from the frozen yearly report."""
    viewer = permissions.staff_viewer(request)
    contract = selectors.contract(viewer, contract_id)
    if contract is None:
        raise Http404
    as_of = contract.report.as_of if contract.is_frozen else timezone.localdate()
    return {
        **_contract_out(contract),
        "as_of": as_of,
        "targets": selectors.contract_rows(contract),
    }
