"""The field types the CRM API's bodies share (django-ninja / pydantic).

Inputs are bounded here (lengths, choices, emails, no NUL characters) so that nothing a
client sends reaches the database unchecked; the services still decide what is allowed.
"""

from typing import Annotated

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import AfterValidator

from indgang.core.public import MAX_INT


def no_nul(value: str) -> str:
    if "\x00" in value:
        raise ValueError(_("The text contains a NUL character."))
    return value


def email(value: str) -> str:
    value = value.strip()
    if value:
        try:
            validate_email(value)
        except DjangoValidationError:
            raise ValueError(_("Enter a valid email address.")) from None
    return value


def Text(max_length: int):  # noqa: N802 - a type factory, used like a type
    return Annotated[str, Field(max_length=max_length), AfterValidator(no_nul)]


Email = Annotated[str, Field(max_length=254), AfterValidator(no_nul), AfterValidator(email)]

LongText = Text(20_000)

Cvr = Annotated[str, Field(max_length=20), AfterValidator(no_nul)]

Id = Annotated[int, Field(ge=1, le=MAX_INT)]

Version = Annotated[int, Field(ge=1, le=MAX_INT, description="the version you read")]

ThemeCodes = Annotated[list[Annotated[str, Field(max_length=40)]], Field(max_length=16)]


class ErrorItem(Schema):
    field: str
    message: str


class ErrorOut(Schema):
    detail: str
    errors: list[ErrorItem]


class CompanyRef(Schema):
    cvr: str
    name: str


class ContactRef(Schema):
    id: int
    name: str
