"""What other apps may use of ``core``: the integer limits of the database columns, the
form helper for a service's errors, the import commands' reporting, Danish slugs and the
menu item.

Other apps import this module only; its names are the app's promise to them.
"""

from indgang.core.forms import add_service_errors
from indgang.core.imports import nothing_imported, write_counts, write_rejections
from indgang.core.limits import MAX_BIGINT, MAX_INT
from indgang.core.navigation import NavItem
from indgang.core.text import danish_slugify

__all__ = [
    "MAX_BIGINT",
    "MAX_INT",
    "NavItem",
    "add_service_errors",
    "danish_slugify",
    "nothing_imported",
    "write_counts",
    "write_rejections",
]
