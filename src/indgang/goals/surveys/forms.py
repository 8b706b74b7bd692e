from django import forms
from django.utils.translation import gettext_lazy as _


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
