"""What the contracts API answers and accepts."""

import datetime as dt

from ninja import Field, Schema

from indgang.core.public import MAX_INT


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
