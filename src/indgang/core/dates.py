"""Dates of real events (interactions, consents, assessments): written as a date, between
1900 and the end of next year (decision 0017). A number is no date: pydantic would read 0 as
1970-01-01 (a Unix time), so only text (YYYY-MM-DD) or a date is taken."""

import datetime as dt
import re
from typing import Annotated

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from pydantic import AfterValidator, BeforeValidator

EARLIEST_EVENT = dt.date(1900, 1, 1)
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")  # a date, or the start of a date and time


def latest_event() -> dt.date:
    return dt.date(timezone.localdate().year + 1, 12, 31)


def _written_as_a_date(value):
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and ISO_DATE.match(value.strip()):
        return value
    raise ValueError(_("Write the date as YYYY-MM-DD."))


def _date_part(value) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def _in_range(value):
    if not EARLIEST_EVENT <= _date_part(value) <= latest_event():
        raise ValueError(event_date_message())
    return value


def event_date_message() -> str:
    return _("The date must lie between %(earliest)s and %(latest)s.") % {
        "earliest": EARLIEST_EVENT.isoformat(),
        "latest": latest_event().isoformat(),
    }


def validate_event_date(value) -> None:
    """For forms and services: a ValidationError unless the date lies in the range."""
    if value is not None and not EARLIEST_EVENT <= _date_part(value) <= latest_event():
        raise ValidationError(event_date_message())


# For API schemas (pydantic): ``date: EventDate`` / ``given_at: EventDateTime``.
EventDate = Annotated[dt.date, BeforeValidator(_written_as_a_date), AfterValidator(_in_range)]
EventDateTime = Annotated[
    dt.datetime, BeforeValidator(_written_as_a_date), AfterValidator(_in_range)
]
