"""The CRM over the API (``/api/v1/crm/``), assembled from its sub-domains' routers.

Each sub-domain's ``api.py`` holds thin handlers: parse the body (its ``schemas.py``),
find the records through its selectors (which apply ``crm/permissions.py`` and write the
access log, channel "api"), call a service, answer. The shared steps (who is asking, the
company by CVR, 404 for what may not be seen, 409 on a stale version, 422 naming the
field, paging) live in ``api_support.py``.
"""

from ninja import Router

from indgang.crm.companies.api import router as companies
from indgang.crm.consent.api import router as consent
from indgang.crm.entrepreneurs.api import router as entrepreneurs
from indgang.crm.interactions.api import router as interactions
from indgang.crm.referrals.api import router as referrals

PATH = "crm"
router = Router(tags=["crm"])
for sub in (companies, interactions, entrepreneurs, referrals, consent):
    # Operation ids stay what they were before the CRM was cut into sub-domains
    # ("indgang_crm_api_<handler>"), so clients generated from the schema keep working.
    for path_view in sub.path_operations.values():
        for operation in path_view.operations:
            operation.operation_id = f"indgang_crm_api_{operation.view_func.__name__}"
    router.add_router("", sub)
