"""What the national goals API answers."""

from ninja import Schema


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
