"""What other apps may use of ``guide`` (the one entry for companies).

The alerts' personal data, for the CRM's data-protection pages: ``alert_personal_data(email)``
(everything stored about the alerts of an email address) and ``erase_alerts(email)`` (erase
them; returns the number erased). The guide calls the CRM (``indgang.crm.public``) for
contact requests. Other apps import this module only.
"""

from indgang.guide.alerts.services import erase as erase_alerts
from indgang.guide.alerts.services import personal_data as alert_personal_data

__all__ = ["alert_personal_data", "erase_alerts"]
