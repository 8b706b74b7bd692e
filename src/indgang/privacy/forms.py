"""Forms of the data protection officer's pages."""

from django import forms
from django.utils.translation import gettext_lazy as _


class PersonDataForm(forms.Form):
    email = forms.EmailField(label=_("The person's email"))


class AccessLogForm(forms.Form):
    cvr = forms.CharField(label=_("CVR number"), max_length=8, required=False)
    person_email = forms.CharField(label=_("Who (email)"), max_length=254, required=False)
    date_from = forms.DateField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )
    date_to = forms.DateField(
        label=_("To"),
        required=False,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )
