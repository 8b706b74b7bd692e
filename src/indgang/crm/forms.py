"""What the CRM's forms share: the record's version (optimistic locking), ratings, themes."""

from django import forms
from django.utils.translation import gettext_lazy as _

from indgang.catalog.public import ThemeCode

RATINGS = [("", "–"), *[(str(n), str(n)) for n in range(1, 6)]]


class VersionedForm(forms.Form):
    """Carries the version of the record the form was opened on (optimistic locking)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


def themes_field(label=None, required=False):
    return forms.MultipleChoiceField(
        label=label or _("Themes"),
        choices=ThemeCode.choices,
        required=required,
        widget=forms.CheckboxSelectMultiple,
    )
