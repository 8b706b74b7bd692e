"""What other apps may use of ``effects`` (effect measurement): nothing yet.

The effects app reads the register (``indgang.registry.public``) and the CRM's
participations (``indgang.crm.public``); no app reads its runs. A name another app needs is
added here, and other apps import this module only.
"""

__all__: list[str] = []
