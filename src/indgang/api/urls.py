"""Assembles the API under /api/v1/ from the apps.

Each app that has an API has an ``api.py`` with ``router`` (a ninja Router) and ``PATH``
(e.g. "companies/"); this module lists them, in the order of INSTALLED_APPS. A new app's
API is added here.
"""

from indgang.api import errors
from indgang.api.auth import session_or_token
from indgang.api.openapi import IndgangAPI
from indgang.catalog import api as catalog_api
from indgang.crm import api as crm_api
from indgang.events import api as events_api
from indgang.goals import api as goals_api
from indgang.guide import api as guide_api
from indgang.organisations import api as organisations_api
from indgang.reference import api as reference_api
from indgang.registry import api as registry_api

APPS = (
    reference_api,
    organisations_api,
    registry_api,
    catalog_api,
    guide_api,
    crm_api,
    events_api,
    goals_api,
)

api = IndgangAPI(
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

for module in APPS:
    api.add_router(module.PATH, module.router)
