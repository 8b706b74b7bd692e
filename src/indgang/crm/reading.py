"""What every CRM selector shares: the content rule as a queryset filter, and one
access-log row per record with notes or personal data that a read returns.
"""

from indgang.audit.public import Action
from indgang.audit.public import record as audit
from indgang.crm.permissions import content_q
from indgang.organisations.public import Viewer


def logged(viewer: Viewer, records: list, channel: str = "") -> list:
    if records:
        audit(
            person=viewer.person,
            acting_organisation_id=viewer.organisation_id,
            action=Action.READ,
            records=records,
            channel=channel or "web",
        )
    return records


def readable_rows(model, viewer: Viewer):
    return model.objects.filter(content_q(viewer)).select_related("organisation")
