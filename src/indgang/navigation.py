"""The main menu, assembled from the apps.

Each app may have a ``navigation.py`` with ``items(request) -> list[core.NavItem]``; the
menu shows them in the order listed here (that of INSTALLED_APPS). A new app adds its pages
to the menu here, without touching the base template. ``navigation`` is the context
processor that gives every page ``nav_items``; the start page shows them as cards.
"""

from indgang.catalog import navigation as catalog_navigation
from indgang.core.public import NavItem
from indgang.crm import navigation as crm_navigation
from indgang.effects import navigation as effects_navigation
from indgang.events import navigation as events_navigation
from indgang.goals import navigation as goals_navigation
from indgang.guide import navigation as guide_navigation
from indgang.organisations import navigation as organisations_navigation
from indgang.registry import navigation as registry_navigation

PROVIDERS = (
    organisations_navigation.items,
    registry_navigation.items,
    catalog_navigation.items,
    guide_navigation.items,
    crm_navigation.items,
    events_navigation.items,
    goals_navigation.items,
    effects_navigation.items,
)


def nav_items(request) -> list[NavItem]:
    items: list[NavItem] = []
    for provider in PROVIDERS:
        items.extend(provider(request))
    return items


def navigation(request) -> dict:
    items = nav_items(request)
    path = request.path
    return {
        "nav_items": [
            {
                "label": i.label,
                "url": i.url,
                "description": i.description,
                "current": path.startswith(i.url) and i.url != "/",
            }
            for i in items
        ]
    }
