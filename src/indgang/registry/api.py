"""The company register over the API: search with filters, one company, its figures."""

import datetime as dt

from django.http import Http404
from ninja import Field, Query, Router, Schema

from indgang.core.public import MAX_INT
from indgang.registry import selectors
from indgang.registry.models import CompanyStatus, EmployeesBand
from indgang.registry.permissions import require_register_access

PATH = "companies/"
router = Router(tags=["companies"])


class CompanyFilters(Schema):
    q: str = Field("", description="CVR number (exact) or name (typo-tolerant)", max_length=200)
    municipality: str = Field("", description="municipality code, e.g. 101", max_length=3)
    region: str = Field("", description="region code, e.g. 1084", max_length=4)
    section: str = Field("", description="DB07 section letter, e.g. J", max_length=1)
    employees_band: EmployeesBand | None = None
    status: CompanyStatus | None = None
    limit: int = Field(25, ge=1, le=200)
    offset: int = Field(0, ge=0, le=MAX_INT)


class CompanyOut(Schema):
    cvr: str
    name: str
    secondary_names: list[str]
    municipality_code: str = Field(alias="municipality_id")
    db07_code: str
    db07_section: str | None = Field(alias="db07_section_id")
    company_form: str
    founded_date: dt.date | None
    closed_date: dt.date | None
    status: str
    employees_band: str
    is_fictitious: bool


class CompanyPage(Schema):
    total: int
    limit: int
    offset: int
    items: list[CompanyOut]


class ProductionUnitOut(Schema):
    p_number: str
    municipality_code: str = Field(alias="municipality_id")


class CompanyDetail(CompanyOut):
    region_code: str
    production_units: list[ProductionUnitOut]


class FiguresOut(Schema):
    year: int
    employees_fte: float | None
    turnover_dkk: int | None
    value_added_dkk: int | None
    exports_dkk: int | None
    wage_bill_dkk: int | None
    productivity_dkk: int | None


@router.get("", response=CompanyPage)
def list_companies(request, filters: Query[CompanyFilters]):
    require_register_access(request.user)
    data = filters.dict()
    limit, offset = data.pop("limit"), data.pop("offset")
    page = selectors.search_companies(
        limit=limit, offset=offset, **{k: v or "" for k, v in data.items()}
    )
    return {"total": page.total, "limit": limit, "offset": offset, "items": page.companies}


def _company(request, cvr: str):
    require_register_access(request.user)
    company = selectors.company_by_cvr(cvr)
    if company is None:
        raise Http404
    return company


@router.get("/{cvr}", response=CompanyDetail)
def company_detail(request, cvr: str):
    company = _company(request, cvr)
    company.region_code = company.municipality.region_id
    return company


@router.get("/{cvr}/figures", response=list[FiguresOut])
def company_figures(request, cvr: str):
    return selectors.figures_of(_company(request, cvr))
