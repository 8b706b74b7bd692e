"""The API shapes of referrals, their events and the contact request behind one."""

import datetime as dt

from ninja import Field, Schema

from indgang.core.public import MAX_INT
from indgang.crm.models import ReferralStatus
from indgang.crm.schemas import Cvr, Email, Id, LongText, Text, ThemeCodes, Version


class ReferralIn(Schema):
    cvr: Cvr | None = Field(None, description="the company referred")
    entrepreneur_id: Id | None = None
    to_organisation_id: Text(80) | None = None
    to_person_email: Email | None = Field(None, description="a named consultant there")
    private_adviser: Text(200) = Field("", description="or a private adviser (name and firm)")
    offer_id: Text(100) | None = None
    themes: ThemeCodes = []
    reason: LongText = ""
    company_wants: LongText = ""


class ReferralStatusIn(Schema):
    status: ReferralStatus
    version: Version
    decline_reason: LongText = ""
    interaction_id: Id | None = Field(None, description="for completed: where you helped")


class ReferralFilters(Schema):
    direction: str = Field("all", pattern="^(in|out|all)$", description="in, out or all")
    status: ReferralStatus | None = None
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0, le=MAX_INT)


class ReferralListItem(Schema):
    id: int
    status: str
    from_company: bool
    organisation_id: str
    organisation_name: str
    to_organisation_id: str | None
    to_organisation_name: str | None
    to_person_email: str | None
    private_adviser: str
    company_cvr: str | None
    company_name: str | None
    entrepreneur_id: int | None
    offer_id: str | None
    created_at: dt.datetime
    status_changed_at: dt.datetime
    overdue: bool
    version: int


class ReferralPage(Schema):
    total: int
    limit: int
    offset: int
    items: list[ReferralListItem]


class ReferralEventOut(Schema):
    status: str
    at: dt.datetime
    by_email: str | None
    note: str


class ContactRequestOut(Schema):
    company_name: str
    cvr: str
    contact_name: str
    email: str
    phone: str
    needs_text: str


class ReferralOut(ReferralListItem):
    sent_by_email: str | None
    themes: list[str]
    reason: str
    company_wants: str
    decline_reason: str
    completed_interaction_id: int | None
    contact_request: ContactRequestOut | None
    events: list[ReferralEventOut]
    next_statuses: list[str] = Field(description="the statuses you may move it to now")
