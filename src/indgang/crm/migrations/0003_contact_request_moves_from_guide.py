"""The contact request moves from the guide into the CRM's referrals (decision 0013).

Only Django's picture of the models changes: the table keeps its name
(``guide_contactrequest``, and ``guide_contactrequest_offers`` for the chosen offers), so
no row is copied and nothing is lost. ``guide.0003`` removes the model from the guide's
picture after this has added it here.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0001_initial"),
        ("crm", "0002_external_id_and_blank_consultant"),
        ("guide", "0002_contact_request_status_lives_on_the_referral"),
        ("organisations", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ContactRequest",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("routed_as_local", models.BooleanField(default=False, help_text="The company was unsure which offer fits and asked its local service.", verbose_name="sent to the local business service")),
                        ("cvr", models.CharField(blank=True, max_length=8, verbose_name="CVR number")),
                        ("company_name", models.CharField(blank=True, max_length=200, verbose_name="company name")),
                        ("contact_name", models.CharField(max_length=200, verbose_name="contact person")),
                        ("email", models.EmailField(max_length=254, verbose_name="email")),
                        ("phone", models.CharField(blank=True, max_length=40, verbose_name="phone")),
                        ("needs_text", models.TextField(blank=True, verbose_name="the need in the company's own words")),
                        ("needs", models.JSONField(blank=True, default=list, verbose_name="themes")),
                        ("profile", models.JSONField(blank=True, default=dict, verbose_name="company facts")),
                        ("consent_text", models.TextField(verbose_name="consent text agreed to")),
                        ("consent_given_at", models.DateTimeField(verbose_name="consent given")),
                        ("created_at", models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="received")),
                        ("offers", models.ManyToManyField(blank=True, related_name="contact_requests", to="catalog.offer", verbose_name="offers")),
                        ("operator", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="contact_requests", to="organisations.organisation", verbose_name="operator")),
                    ],
                    options={
                        "verbose_name": "contact request",
                        "verbose_name_plural": "contact requests",
                        "db_table": "guide_contactrequest",
                        "ordering": ["-created_at"],
                    },
                ),
                migrations.AlterField(
                    model_name="referral",
                    name="contact_request",
                    field=models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="referral", to="crm.contactrequest", verbose_name="contact request"),
                ),
            ],
            database_operations=[],
        ),
    ]
