"""The API shapes of consents."""

import datetime as dt

from ninja import Field, Schema

from indgang.crm.schemas import Text


class ConsentIn(Schema):
    given_by: Text(200) = Field(description="who gave it on the company's behalf")
    given_at: dt.datetime | None = None


class ConsentOut(Schema):
    id: int
    company_cvr: str
    organisation_id: str
    given_by: str
    text: str
    given_at: dt.datetime
    withdrawn_at: dt.datetime | None
    in_force: bool
