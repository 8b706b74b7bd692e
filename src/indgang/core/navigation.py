"""An item of the main menu. The menu is assembled from the apps' ``navigation.py`` in
:mod:`indgang.navigation`."""

from dataclasses import dataclass


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    description: str = ""
