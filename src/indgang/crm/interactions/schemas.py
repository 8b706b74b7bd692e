"""The API shapes of interactions and their participants."""

import datetime as dt
from typing import Annotated

from ninja import Field, Schema

from indgang.core.public import MAX_INT, EventDate
from indgang.crm.models import InteractionType, LegalBasis
from indgang.crm.schemas import ContactRef, Cvr, Id, LongText, Text, ThemeCodes, Version


class InteractionIn(Schema):
    type: InteractionType
    date: EventDate
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
    date: EventDate | None = None
    title: Text(200) | None = None
    note: LongText | None = None
    themes: ThemeCodes | None = None
    offer_id: Text(100) | None = Field(None, description='"" removes the offer')
    contact_ids: Annotated[list[Id], Field(max_length=50)] | None = None
    legal_basis: LegalBasis | None = None


class InteractionFilters(Schema):
    type: InteractionType | None = None
    date_from: EventDate | None = None
    date_to: EventDate | None = None
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
