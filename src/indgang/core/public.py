"""What other apps may use of ``core``: the integer limits of the database columns, the
form helper for a service's errors, the import commands' reporting, Danish slugs, the menu
item, and the rate limits (the caller's real address, a counter shared by the workers).

Other apps import this module only; its names are the app's promise to them.
"""

from indgang.core import background
from indgang.core.dates import (
    EARLIEST_EVENT,
    EventDate,
    EventDateTime,
    event_date_message,
    validate_event_date,
)
from indgang.core.forms import add_service_errors
from indgang.core.import_checks import (
    FIELD_LIMIT,
    csv_error,
    nested_too_deeply,
    not_utf8,
    nul_column,
    nul_message,
    nul_places,
    nul_reason,
    too_deep_line,
)
from indgang.core.imports import nothing_imported, write_counts, write_rejections
from indgang.core.limits import MAX_BIGINT, MAX_INT
from indgang.core.navigation import NavItem
from indgang.core.pagination import PER_PAGE, paginate
from indgang.core.ratelimit import ClientRateThrottle, client_ip, hit, within
from indgang.core.text import danish_slugify, in_system_language

__all__ = [
    "background",
    "PER_PAGE",
    "paginate",
    "in_system_language",
    "EARLIEST_EVENT",
    "EventDate",
    "EventDateTime",
    "MAX_BIGINT",
    "MAX_INT",
    "ClientRateThrottle",
    "NavItem",
    "add_service_errors",
    "client_ip",
    "danish_slugify",
    "event_date_message",
    "hit",
    "validate_event_date",
    "nothing_imported",
    "FIELD_LIMIT",
    "csv_error",
    "nested_too_deeply",
    "not_utf8",
    "nul_column",
    "nul_message",
    "nul_places",
    "nul_reason",
    "too_deep_line",
    "write_counts",
    "write_rejections",
    "within",
]
