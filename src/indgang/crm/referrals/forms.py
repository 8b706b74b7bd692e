"""Forms to refer a company and to answer a referral."""

from django import forms
from django.utils.translation import gettext_lazy as _

from indgang.catalog.public import PUBLISHED, Offer
from indgang.crm.forms import VersionedForm, themes_field
from indgang.crm.models import (
    ReferralStatus,
)
from indgang.organisations.public import Organisation, Person


class ReferralForm(forms.Form):
    to_organisation = forms.ModelChoiceField(
        label=_("Refer to the operator"), queryset=Organisation.objects.none(), required=False
    )
    to_person_email = forms.EmailField(
        label=_("A named consultant there (email)"),
        required=False,
        help_text=_("Leave empty to refer to the operator as a whole."),
    )
    private_adviser = forms.CharField(
        label=_("…or to a private adviser"),
        max_length=200,
        required=False,
        help_text=_("Name and firm, when the company is referred outside the system."),
    )
    offer = forms.ModelChoiceField(
        label=_("A specific offer"),
        queryset=Offer.objects.filter(status__in=PUBLISHED).select_related("operator"),
        required=False,
        help_text=_("Optional: the receiving operator's offer the company should hear about."),
    )
    themes = themes_field()
    reason = forms.CharField(
        label=_("Why you refer the company"), widget=forms.Textarea(attrs={"rows": 3})
    )
    company_wants = forms.CharField(
        label=_("What the company wants"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, organisation_id: str, **kw):
        super().__init__(*args, **kw)
        self.fields["to_organisation"].queryset = Organisation.objects.exclude(
            pk=organisation_id
        ).exclude(is_national_board=True)

    def clean_to_person_email(self):
        email = self.cleaned_data.get("to_person_email")
        if not email:
            return None
        person = Person.objects.filter(email__iexact=email).first()
        if person is None:
            raise forms.ValidationError(_("Nobody with this email works in the system."))
        return person


class ReferralStatusForm(VersionedForm):
    status = forms.ChoiceField(label=_("New status"), choices=ReferralStatus.choices)
    decline_reason = forms.CharField(
        label=_("Reason for declining"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    interaction = forms.IntegerField(required=False, widget=forms.HiddenInput)
