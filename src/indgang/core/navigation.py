"""The main menu, assembled from the apps.

Each app may have a ``navigation.py`` with ``items(request) -> list[NavItem]``; the menu
shows them in the order of INSTALLED_APPS. A new app adds its pages to the menu without
touching the base template.
"""

from dataclasses import dataclass
from importlib import import_module

from django.apps import apps


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    description: str = ""


def _providers():
    for config in apps.get_app_configs():
        if not config.name.startswith("indgang.") or config.name == "indgang.core":
            continue
        try:
            module = import_module(f"{config.name}.navigation")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.navigation":
                raise
            continue
        yield module.items


def nav_items(request) -> list[NavItem]:
    items: list[NavItem] = []
    for provider in _providers():
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
