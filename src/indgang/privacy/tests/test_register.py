"""No field that can hold text is added without saying whether it holds personal data."""

from django.apps import apps
from django.db import models

from indgang.privacy.register import APPS, FIELDS, NOT_PERSONAL, PERSONAL

TEXT_FIELDS = (models.CharField, models.TextField, models.EmailField, models.JSONField)


def text_fields() -> set[str]:
    found = set()
    for label in APPS:
        for model in apps.get_app_config(label).get_models():
            for field in model._meta.get_fields():
                if isinstance(field, TEXT_FIELDS) and not field.choices:
                    found.add(f"{label}.{model.__name__}.{field.name}")
    return found


def test_every_text_field_is_classified_and_every_entry_is_a_field():
    fields = text_fields()
    unclassified = sorted(fields - set(FIELDS))
    assert not unclassified, "classify in privacy/register.py: " + ", ".join(unclassified)
    stale = sorted(set(FIELDS) - fields)
    assert not stale, "no longer fields, remove from privacy/register.py: " + ", ".join(stale)
    assert {kind for kind, _handling in FIELDS.values()} == {PERSONAL, NOT_PERSONAL}
    assert all(handling for _kind, handling in FIELDS.values())
