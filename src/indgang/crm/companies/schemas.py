"""The API shapes of a company's file: timeline, segment, contacts, assessments, worklists."""

import datetime as dt
from typing import Annotated

from ninja import Field, Schema
from pydantic import BaseModel

from indgang.core.public import MAX_INT, EventDate
from indgang.crm.models import LegalBasis, Maturity, Segment
from indgang.crm.referrals.schemas import ReferralListItem
from indgang.crm.schemas import CompanyRef, Email, LongText, Text, ThemeCodes, Version


class TimelineEntryOut(Schema):
    date: dt.date
    kind: str = Field(description="interaction or referral")
    operator_id: str
    operator_name: str
    type_label: str
    themes: list[str]
    record_id: int | None = Field(None, description="set only where you may read the record itself")


class KeyAccountOut(Schema):
    organisation_id: str
    organisation_name: str
    segment: Segment
    key_account_owner_name: str | None
    key_account_owner_email: str | None


class SegmentOut(KeyAccountOut):
    version: int


class TimelinePaging(Schema):
    limit: int = Field(100, ge=1, le=500, description="entries per answer")
    offset: int = Field(0, ge=0, le=MAX_INT, description="entries to skip, newest first")


class TimelineOut(Schema):
    company: CompanyRef
    sharing_consent: bool = Field(description="a consent to sharing is in force")
    key_accounts: list[KeyAccountOut]
    my_segment: SegmentOut | None
    total: int = Field(description="entries in the whole timeline")
    limit: int
    offset: int
    entries: list[TimelineEntryOut] = Field(description="newest first, from offset")


class SegmentIn(Schema):
    segment: Segment
    key_account_owner_email: Email | None = None
    version: Version | None = Field(None, description="the version you read, if any")


class ContactIn(Schema):
    name: Text(200) = Field(min_length=1)
    title: Text(200) = ""
    email: Email = ""
    phone: Text(40) = ""
    legal_basis: LegalBasis = LegalBasis.PUBLIC_TASK


class ContactPatch(Schema):
    version: Version
    name: Text(200) | None = Field(None, min_length=1)
    title: Text(200) | None = None
    email: Email | None = None
    phone: Text(40) | None = None
    legal_basis: LegalBasis | None = None


class ContactOut(Schema):
    id: int
    company_cvr: str
    organisation_id: str
    name: str
    title: str
    email: str
    phone: str
    legal_basis: str
    created_at: dt.datetime
    version: int


class GrowthRating(BaseModel):
    # A plain pydantic model: a ninja Schema would read attributes off any value (5).
    rating: int | None = Field(None, description="1 to 5")
    note: Text(2000) = ""


class NeedsAssessmentIn(Schema):
    date: EventDate
    expressed_themes: ThemeCodes = []
    expressed_note: LongText = ""
    observed_themes: ThemeCodes = []
    observed_note: LongText = ""
    growth_mapping: Annotated[dict[Text(40), GrowthRating], Field(max_length=20)] = {}
    digital_maturity: Maturity | None = None
    export_maturity: Maturity | None = None
    next_step: LongText = ""
    legal_basis: LegalBasis = LegalBasis.PUBLIC_TASK


class NeedsAssessmentPatch(Schema):
    version: Version
    date: EventDate | None = None
    expressed_themes: ThemeCodes | None = None
    expressed_note: LongText | None = None
    observed_themes: ThemeCodes | None = None
    observed_note: LongText | None = None
    growth_mapping: Annotated[dict[Text(40), GrowthRating], Field(max_length=20)] | None = None
    digital_maturity: Maturity | None = None
    export_maturity: Maturity | None = None
    next_step: LongText | None = None


class NeedsAssessmentOut(Schema):
    id: int
    organisation_id: str
    company_cvr: str | None
    entrepreneur_id: int | None
    consultant_email: str | None
    date: dt.date
    expressed_themes: list[str]
    expressed_note: str
    observed_themes: list[str]
    observed_note: str
    growth_mapping: dict
    digital_maturity: int | None
    export_maturity: int | None
    next_step: str
    legal_basis: str
    version: int


class WorklistCompany(Schema):
    cvr: str
    name: str
    municipality_code: str | None
    last_contact: dt.date | None = None


class CompanyWorklist(Schema):
    total: int
    items: list[WorklistCompany]


class ReferralWorklist(Schema):
    total: int
    items: list[ReferralListItem]


class WorklistsOut(Schema):
    prioritised_without_talk: CompanyWorklist = Field(
        description="prioritised companies not offered a talk in the last three years"
    )
    referrals_waiting_for_me: ReferralWorklist
    my_companies_without_contact: CompanyWorklist = Field(
        description="my key accounts with no contact from my organisation in a year"
    )
