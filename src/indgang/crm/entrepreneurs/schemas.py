"""The API shapes of entrepreneurs."""

import datetime as dt

from ninja import Field, Schema

from indgang.crm.models import LegalBasis
from indgang.crm.schemas import Cvr, Email, LongText, Text, Version


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
