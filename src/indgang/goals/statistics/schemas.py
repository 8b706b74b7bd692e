"""What the statistics API answers."""

from ninja import Field, Schema


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
