"""The API shapes of consents (decision 0018)."""

import datetime as dt
from typing import Literal

from ninja import Field, Schema

from indgang.core.public import EventDateTime
from indgang.crm.schemas import Email, Id, Text


class ConsentIn(Schema):
    interaction_id: Id = Field(
        description="the meeting (an interaction of your operator with the company) in which "
        "the company gave the consent; the consent is dated that day"
    )
    given_by: Text(200) = Field(description="who gave it on the company's behalf")
    given_at: EventDateTime | None = Field(
        None, description="when, on the meeting's day (default: that day)"
    )
    scope: Literal["all", "named"] = Field(
        "all", description="open the file to every operator, or to those named"
    )
    operator_ids: list[Text(80)] = Field(
        [], max_length=200, description="with scope 'named': the operators it opens the file to"
    )
    receipt_email: Email = Field(
        "", description="the company's email for the receipt with the link that withdraws it"
    )


class ConsentOut(Schema):
    id: int
    company_cvr: str
    organisation_id: str
    interaction_id: int | None
    given_by: str
    text: str
    text_version: str
    scope: str
    operator_ids: list[str]
    given_at: dt.datetime
    receipt_sent: bool
    withdrawn_at: dt.datetime | None
    withdrawn_via: str
    in_force: bool
