"""Form and model fields for reference values."""

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from indgang.reference.validators import clean_cvr, validate_cvr


class CVRFormField(forms.CharField):
    """A form field that accepts "12345678", "DK12345678" or "12 34 56 78"."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 16)
        kwargs.setdefault("label", _("CVR number"))
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if value in self.empty_values:
            return value
        return clean_cvr(value)


class CVRField(models.CharField):
    """A CVR number stored as its 8 digits."""

    default_validators = [validate_cvr]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 8)
        kwargs.setdefault("verbose_name", _("CVR number"))
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": CVRFormField, **kwargs})
