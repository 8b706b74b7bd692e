"""What the CRM's forms share: the record's version (optimistic locking), ratings, themes."""

from django import forms
from django.utils.translation import gettext_lazy as _

from indgang.catalog.public import ThemeCode
from indgang.core.public import MAX_BIGINT, MAX_INT

RATINGS = [("", "–"), *[(str(n), str(n)) for n in range(1, 6)]]


class VersionedForm(forms.Form):
    """Carries the version of the record the form was opened on (optimistic locking)."""

    version = forms.IntegerField(
        widget=forms.HiddenInput, required=False, min_value=0, max_value=MAX_INT
    )


def _bounded_ids(field, values):
    """Ids a client sent, refused with the field's own message when they cannot be a row's
    id, before they reach the database (SQLite cannot even compare a number past 64 bits)."""
    for value in values:
        try:
            number = int(str(value))
        except ValueError:
            number = None
        if number is None or not 1 <= number <= MAX_BIGINT:
            raise forms.ValidationError(
                field.error_messages["invalid_pk_value"],
                code="invalid_pk_value",
                params={"pk": value},
            )


class RecordChoiceField(forms.ModelChoiceField):
    """A choice of one record by its numeric id."""

    def to_python(self, value):
        if value not in self.empty_values:
            try:
                _bounded_ids(self, [value])
            except forms.ValidationError:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice"
                ) from None
        return super().to_python(value)


class RecordsChoiceField(forms.ModelMultipleChoiceField):
    """A choice of several records by their numeric ids."""

    def _check_values(self, value):
        _bounded_ids(self, value)
        return super()._check_values(value)


def themes_field(label=None, required=False):
    return forms.MultipleChoiceField(
        label=label or _("Themes"),
        choices=ThemeCode.choices,
        required=required,
        widget=forms.CheckboxSelectMultiple,
    )
