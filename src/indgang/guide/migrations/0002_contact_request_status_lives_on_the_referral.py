"""A contact request's status lives on its CRM referral; the guide's own list is gone.

Requests that staff marked as handled in that list, while their referral still stood
as sent, move to "received" with a note, so the CRM shows that someone took them up.
"""

from django.db import migrations
from django.db.models import F

NOTE = "Markeret som behandlet i Indgangs gamle liste over henvendelser."


def carry_handled_over(apps, schema_editor):
    ContactRequest = apps.get_model("guide", "ContactRequest")
    Referral = apps.get_model("crm", "Referral")
    ReferralEvent = apps.get_model("crm", "ReferralEvent")
    handled = ContactRequest.objects.filter(status="handled")
    for referral in Referral.objects.filter(contact_request__in=handled, status="sent"):
        request = ContactRequest.objects.get(pk=referral.contact_request_id)
        when = request.handled_at or request.created_at
        Referral.objects.filter(pk=referral.pk).update(
            status="received", status_changed_at=when, version=F("version") + 1
        )
        event = ReferralEvent.objects.create(
            referral=referral, status="received", by_id=request.handled_by_id, note=NOTE
        )
        ReferralEvent.objects.filter(pk=event.pk).update(at=when)


class Migration(migrations.Migration):
    dependencies = [
        ("guide", "0001_initial"),
        ("crm", "0002_external_id_and_blank_consultant"),
    ]

    operations = [
        migrations.RunPython(carry_handled_over, migrations.RunPython.noop),
        migrations.RemoveField(model_name="contactrequest", name="handled_by"),
        migrations.RemoveField(model_name="contactrequest", name="handled_at"),
        migrations.RemoveField(model_name="contactrequest", name="status"),
    ]
