"""Forms of consent, a person's data and the access log search."""

from django import forms
from django.utils.translation import gettext_lazy as _


class ConsentForm(forms.Form):
    given_by = forms.CharField(
        label=_("Given by (name and title)"),
        max_length=200,
        help_text=_("The person who gave the consent on the company's behalf."),
    )
    confirm = forms.BooleanField(label=_("The company has agreed to the text above"), required=True)


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
