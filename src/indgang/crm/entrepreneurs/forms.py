"""Forms of an entrepreneur and of linking one to a company."""

from django import forms
from django.utils.translation import gettext_lazy as _

from indgang.crm.forms import VersionedForm
from indgang.crm.models import (
    LegalBasis,
)
from indgang.reference.public import Municipality, validate_cvr
from indgang.registry.public import Company


class EntrepreneurForm(VersionedForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(label=_("Email"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    idea = forms.CharField(
        label=_("Business idea"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    municipality = forms.ModelChoiceField(
        label=_("Municipality"), queryset=Municipality.objects.order_by("name"), required=False
    )
    legal_basis = forms.ChoiceField(
        label=_("Legal basis"), choices=LegalBasis.choices, initial=LegalBasis.PUBLIC_TASK
    )


class LinkEntrepreneurForm(VersionedForm):
    cvr = forms.CharField(
        label=_("CVR number of the company they founded"), max_length=8, validators=[validate_cvr]
    )

    def clean_cvr(self):
        company = Company.objects.filter(cvr=self.cleaned_data["cvr"]).first()
        if company is None:
            raise forms.ValidationError(_("This CVR number is not in the register."))
        return company
