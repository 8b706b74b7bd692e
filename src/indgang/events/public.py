"""What other apps may use of events. Other apps import this module only.

- ``coming_events`` for the one entry (guide): coming events that meet a need, beside offers;
- the sign-ups' personal data for the CRM's data-protection pages and retention command:
  ``signup_personal_data``, ``erase_signups``, ``anonymise_expired_signups``.
"""

from indgang.events import selectors
from indgang.events.services import (
    RETENTION_DAYS,
    anonymise_expired_signups,
    erase_signups,
    signup_personal_data,
)


def coming_events(themes: list[str], municipality_code: str | None, limit: int = 5) -> list[dict]:
    """Coming events on any of ``themes`` (all themes when empty) in the municipality, those
    its operators co-host and those of its region (neighbours), in that order, then by date.
    Each is a dict: id, title, kind, url, starts_at, operator_name, municipality_name,
    price_dkk, spaces_left, signup_open, themes, match ("municipality", "co_host",
    "neighbour")."""
    filters = selectors.CalendarFilter(
        municipality_code=municipality_code or "",
        themes=tuple(themes or ()),
        include_neighbours=True,
    )
    rank = {selectors.HERE: 0, selectors.CO_HOST: 1, selectors.NEIGHBOUR: 2}
    found = []
    events = selectors.with_confirmed_counts(list(selectors.calendar(filters)[: max(limit, 0) * 4]))
    for event, match in zip(
        events, selectors.matches(events, municipality_code or ""), strict=True
    ):
        found.append(selectors.event_dict(event, match))
    found.sort(key=lambda e: (rank[e["match"]], e["starts_at"]))
    return [
        {
            k: e[k]
            for k in (
                "id",
                "title",
                "kind",
                "url",
                "starts_at",
                "operator_name",
                "municipality_name",
                "price_dkk",
                "spaces_left",
                "signup_open",
                "themes",
                "match",
            )
        }
        for e in found[:limit]
    ]


__all__ = [
    "RETENTION_DAYS",
    "anonymise_expired_signups",
    "coming_events",
    "erase_signups",
    "signup_personal_data",
]
