from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from indgang.crm import public as crm_public
from indgang.goals.contracts.models import Measure, TargetGroup
from indgang.goals.kpis.models import Goal
from indgang.reference import public as reference_public


class ContractForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    year = forms.IntegerField(
        label=_("Year"), min_value=2000, max_value=2100, initial=lambda: date.today().year
    )
    municipalities = forms.ModelMultipleChoiceField(
        label=_("Municipalities"),
        queryset=reference_public.municipalities().order_by("name"),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class TargetForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        help_text=_(
            "As in the contract, e.g. “At least 100 one-to-one sessions with entrepreneurs”."
        ),
    )
    measure = forms.ChoiceField(label=_("What is counted"), choices=Measure.choices)
    interaction_types = forms.MultipleChoiceField(
        label=_("Interaction types"),
        choices=crm_public.InteractionType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None chosen: every type."),
    )
    target_group = forms.ChoiceField(label=_("Target group"), choices=TargetGroup.choices)
    in_contract_municipalities = forms.BooleanField(
        label=_("Only companies in the contract's municipalities"), required=False, initial=True
    )
    value = forms.DecimalField(label=_("At least"), min_value=0, max_digits=10, decimal_places=1)
    goals = forms.ModelMultipleChoiceField(
        label=_("National goals served"),
        queryset=Goal.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
