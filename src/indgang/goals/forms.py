from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from indgang.core.limits import MAX_BIGINT
from indgang.crm.models import InteractionType
from indgang.goals.models import Goal, Measure, TargetGroup
from indgang.reference.models import Municipality


class ContractForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    year = forms.IntegerField(
        label=_("Year"), min_value=2000, max_value=2100, initial=lambda: date.today().year
    )
    municipalities = forms.ModelMultipleChoiceField(
        label=_("Municipalities"),
        queryset=Municipality.objects.order_by("name"),
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
        choices=InteractionType.choices,
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


class SurveyForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("How satisfied were you with the guidance? (1 = not at all, 5 = very)"),
        choices=[(i, str(i)) for i in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class SpendingForm(forms.Form):
    municipality = forms.ModelChoiceField(
        label=_("Municipality"), queryset=Municipality.objects.none()
    )
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    amount_dkk = forms.IntegerField(label=_("Spending (DKK)"), min_value=0, max_value=MAX_BIGINT)
    source = forms.CharField(label=_("Source"), max_length=300, required=False)

    def __init__(self, *args, municipalities=None, **kwargs):
        super().__init__(*args, **kwargs)
        queryset = Municipality.objects.order_by("name")
        if municipalities is not None:
            queryset = queryset.filter(code__in=municipalities)
        self.fields["municipality"].queryset = queryset


class KpiValueForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2100)
    value = forms.DecimalField(label=_("Value"), max_digits=14, decimal_places=2)
    source = forms.CharField(label=_("Source"), max_length=300)


class YearForm(forms.Form):
    year = forms.IntegerField(min_value=2000, max_value=2100, required=False)
