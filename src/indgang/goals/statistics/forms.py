from django import forms
from django.utils.translation import gettext_lazy as _

from indgang.core.public import MAX_BIGINT
from indgang.reference.public import Municipality


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


class YearForm(forms.Form):
    year = forms.IntegerField(min_value=2000, max_value=2100, required=False)
