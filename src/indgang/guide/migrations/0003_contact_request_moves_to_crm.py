"""The contact request now lives in the CRM (``crm.0003``); the table stays where it is."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("guide", "0002_contact_request_status_lives_on_the_referral"),
        ("crm", "0003_contact_request_moves_from_guide"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="ContactRequest")],
            database_operations=[],
        ),
    ]
