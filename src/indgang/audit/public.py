"""What other apps may use of ``audit``: record an access, search the access log.

Other apps import this module only; its names are the app's promise to them.
"""

from indgang.audit.models import Action
from indgang.audit.selectors import search_log
from indgang.audit.services import record

__all__ = ["Action", "record", "search_log"]
