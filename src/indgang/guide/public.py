"""What other apps may use of ``guide`` (the one entry for companies): nothing yet.

The guide calls the CRM (``indgang.crm.public``) for contact requests; no app calls the
guide. A name another app needs is added here, and other apps import this module only.
"""

__all__: list[str] = []
