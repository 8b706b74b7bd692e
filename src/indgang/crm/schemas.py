"""The shapes of the CRM API's bodies and answers (django-ninja / pydantic).

Inputs are bounded here (lengths, choices, emails, no NUL characters) so that nothing a
client sends reaches the database unchecked; the services still decide what is allowed.
Field names in the answers match the models; references to other records are ids, CVR
numbers and emails, as operators' own systems know them.
"""

import datetime as dt
from typing import Annotated

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import AfterValidator, BaseModel

from indgang.core.limits import MAX_INT
from indgang.crm.models import InteractionType, LegalBasis, Maturity, ReferralStatus, Segment


def _no_nul(value: str) -> str:
    if "\x00" in value:
        raise ValueError(_("The text contains a NUL character."))
    return value


def _email(value: str) -> str:
    value = value.strip()
    if value:
        try:
            validate_email(value)
        except DjangoValidationError:
            raise ValueError(_("Enter a valid email address.")) from None
    return value


def Text(max_length: int):  # noqa: N802 - a type factory, used like a type
    return Annotated[str, Field(max_length=max_length), AfterValidator(_no_nul)]


Email = Annotated[str, Field(max_length=254), AfterValidator(_no_nul), AfterValidator(_email)]
LongText = Text(20_000)
Cvr = Annotated[str, Field(max_length=20), AfterValidator(_no_nul)]
Id = Annotated[int, Field(ge=1, le=MAX_INT)]
Version = Annotated[int, Field(ge=1, le=MAX_INT, description="the version you read")]
ThemeCodes = Annotated[list[Annotated[str, Field(max_length=40)]], Field(max_length=16)]


class ErrorItem(Schema):
    field: str
    message: str


class ErrorOut(Schema):
    detail: str
    errors: list[ErrorItem]


# --- Companies: timeline, key accounts, segment ---------------------------------------


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


class CompanyRef(Schema):
    cvr: str
    name: str


class TimelineOut(Schema):
    company: CompanyRef
    sharing_consent: bool = Field(description="a consent to sharing is in force")
    key_accounts: list[KeyAccountOut]
    my_segment: SegmentOut | None
    entries: list[TimelineEntryOut]


class SegmentIn(Schema):
    segment: Segment
    key_account_owner_email: Email | None = None
    version: Version | None = Field(None, description="the version you read, if any")


# --- Contact persons ----------------------------------------------------------------------


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


# --- Interactions -------------------------------------------------------------------------


class InteractionIn(Schema):
    type: InteractionType
    date: dt.date
    cvr: Cvr | None = Field(None, description="the company the guidance was for")
    entrepreneur_id: Id | None = None
    title: Text(200) = ""
    note: LongText = ""
    themes: ThemeCodes = []
    offer_id: Text(100) | None = None
    contact_ids: Annotated[list[Id], Field(max_length=50)] = []
    participant_cvrs: Annotated[list[Cvr], Field(max_length=500)] = []
    participant_entrepreneur_ids: Annotated[list[Id], Field(max_length=500)] = []
    legal_basis: LegalBasis = LegalBasis.PUBLIC_TASK


class InteractionPatch(Schema):
    version: Version
    date: dt.date | None = None
    title: Text(200) | None = None
    note: LongText | None = None
    themes: ThemeCodes | None = None
    offer_id: Text(100) | None = Field(None, description='"" removes the offer')
    contact_ids: Annotated[list[Id], Field(max_length=50)] | None = None
    legal_basis: LegalBasis | None = None


class InteractionFilters(Schema):
    type: InteractionType | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    cvr: Cvr | None = None
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0, le=MAX_INT)


class InteractionListItem(Schema):
    id: int
    type: str
    date: dt.date
    company_cvr: str | None
    company_name: str | None
    entrepreneur_id: int | None
    consultant_email: str | None
    title: str
    themes: list[str]
    offer_id: str | None
    version: int


class InteractionPage(Schema):
    total: int
    limit: int
    offset: int
    items: list[InteractionListItem]


class ContactRef(Schema):
    id: int
    name: str


class ParticipantOut(Schema):
    company_cvr: str | None
    company_name: str | None
    entrepreneur_id: int | None
    entrepreneur_name: str | None


class InteractionOut(InteractionListItem):
    organisation_id: str
    note: str
    legal_basis: str
    contacts: list[ContactRef]
    participants: list[ParticipantOut]
    created_at: dt.datetime


# --- Needs assessments ---------------------------------------------------------------------


class GrowthRating(BaseModel):
    # A plain pydantic model: a ninja Schema would read attributes off any value (5).
    rating: int | None = Field(None, description="1 to 5")
    note: Text(2000) = ""


class NeedsAssessmentIn(Schema):
    date: dt.date
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
    date: dt.date | None = None
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


# --- Entrepreneurs ------------------------------------------------------------------------


class EntrepreneurIn(Schema):
    name: Text(200) = Field(min_length=1)
    email: Email = ""
    phone: Text(40) = ""
    idea: LongText = ""
    municipality_code: Text(3) | None = None
    legal_basis: LegalBasis = LegalBasis.PUBLIC_TASK


class EntrepreneurPatch(Schema):
    version: Version
    name: Text(200) | None = Field(None, min_length=1)
    email: Email | None = None
    phone: Text(40) | None = None
    idea: LongText | None = None
    municipality_code: Text(3) | None = Field(None, description='"" removes the municipality')


class LinkIn(Schema):
    cvr: Cvr
    version: Version


class EntrepreneurListItem(Schema):
    id: int
    name: str
    municipality_code: str | None
    company_cvr: str | None
    version: int


class EntrepreneurPage(Schema):
    total: int
    limit: int
    offset: int
    items: list[EntrepreneurListItem]


class EntrepreneurOut(EntrepreneurListItem):
    organisation_id: str
    email: str
    phone: str
    idea: str
    legal_basis: str
    linked_at: dt.datetime | None
    created_at: dt.datetime


# --- Referrals ----------------------------------------------------------------------------


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


# --- Consents -----------------------------------------------------------------------------


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


# --- Worklists ----------------------------------------------------------------------------


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
