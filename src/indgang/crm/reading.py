"""What every CRM selector shares: the content rule as a queryset filter, and one
access-log row per record with notes or personal data that a read returns.
"""

from django.apps import apps

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


def record_type_names() -> dict[str, str]:
    """{model name as the access log files it: the record's name in the active language}
    for the CRM's records (``interaction``: "interaktion", ...)."""
    return {
        model._meta.model_name: str(model._meta.verbose_name)
        for model in apps.get_app_config("crm").get_models()
    }
