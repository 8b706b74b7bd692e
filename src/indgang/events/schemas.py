"""The API's bodies and answers for events."""

import datetime as dt

from ninja import Schema
from pydantic import AwareDatetime, Field


class SessionIn(Schema):
    starts_at: AwareDatetime
    ends_at: AwareDatetime
    place: str = Field("", max_length=300)
    online_url: str = Field("", max_length=500)


class RangeIn(Schema):
    min: int | None = Field(None, ge=0)
    max: int | None = Field(None, ge=0)


class EligibilityIn(Schema):
    """Who may join: the shape of an offer's eligibility in the catalog file schema."""

    company_age_years: RangeIn = RangeIn()
    employees: RangeIn = RangeIn()
    turnover_dkk: RangeIn = RangeIn()
    sectors: list[str] = []
    requires_cvr: bool = False
    growth_ambition_required: bool = False
    other_conditions: str = Field("", max_length=2000)


class EventIn(Schema):
    title: str = Field(..., min_length=1, max_length=200)
    description: str = Field(..., min_length=1, max_length=20000)
    sessions: list[SessionIn] = Field(..., min_length=1, max_length=50)
    municipality_code: str = Field(..., max_length=3)
    capacity: int = Field(..., ge=1, le=100_000)
    price_dkk: int = Field(0, ge=0, le=1_000_000)
    themes: list[str] = []
    co_hosts: list[str] = Field([], description="operator ids")
    kind: str = Field("event", description="event, course, course_series or network_meeting")
    offer_id: str | None = Field(None, description="the offer a course belongs to")
    signup_deadline: AwareDatetime | None = None
    eligibility: EligibilityIn = EligibilityIn()


class EventCreated(Schema):
    id: int


class SessionOut(Schema):
    starts_at: dt.datetime
    ends_at: dt.datetime
    place: str
    online_url: str


class EventOut(Schema):
    id: int
    kind: str
    title: str
    description: str
    operator_id: str
    operator_name: str
    co_hosts: list[str]
    municipality_code: str
    municipality_name: str
    region_code: str
    sessions: list[SessionOut]
    capacity: int
    spaces_left: int
    price_dkk: int
    themes: list[str]
    offer_id: str | None
    signup_deadline: dt.datetime | None
    signup_open: bool
    eligibility: dict
    match: str = Field(description="municipality, co_host or neighbour: why it is listed")
    url: str


class EventPage(Schema):
    total: int
    limit: int
    offset: int
    items: list[EventOut]


class SignUpIn(Schema):
    name: str = Field(..., max_length=200)
    email: str = Field(..., max_length=254)
    cvr: str | None = Field(
        None, description='the company\'s CVR number, or null: "not started yet"'
    )
    consent: bool = Field(..., description="consent to the stated use of the data (consent_text)")


class SignUpCreated(Schema):
    status: str = Field(description="confirmed or waitlisted")
    reference: str
    cancel_url: str = Field(description="the link the confirmation email carries; POST cancels")


class SignUpOut(Schema):
    reference: str
    name: str
    email: str
    cvr: str
    company_name: str
    status: str
    attended: bool
    signed_up_at: dt.datetime


class AttendanceIn(Schema):
    references: list[str] = Field(..., max_length=10000, description="the sign-ups that came")


class AttendanceOut(Schema):
    attended: int
    interaction_id: int | None
