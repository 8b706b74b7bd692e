"""Assembles the API under /api/v1/ from the apps.

Each app that has an ``api.py`` with ``router`` (a ninja Router) and ``PATH`` (e.g.
"companies/") contributes it; this module knows no app by name.
"""

from importlib import import_module

from django.apps import apps
from ninja import NinjaAPI

from indgang.api import errors
from indgang.api.auth import session_or_token

api = NinjaAPI(
    title="Indgang API",
    version="1",
    description=(
        "One entry to the Danish business promotion system. Authenticate with the browser "
        "session or `Authorization: Bearer <token>`; errors are JSON with `detail` and "
        "`errors[].field`."
    ),
    auth=session_or_token,
    urls_namespace="api",
)
errors.install(api)

for config in apps.get_app_configs():
    if not config.name.startswith("indgang."):
        continue
    try:
        module = import_module(f"{config.name}.api")
    except ModuleNotFoundError as exc:
        if exc.name != f"{config.name}.api":
            raise
        continue
    api.add_router(module.PATH, module.router)
