from django import forms
from django.utils.translation import gettext_lazy as _

from indgang.catalog.public import ThemeCode
from indgang.reference.public import municipalities


class SubscribeForm(forms.Form):
    prefix = "alert"  # on the results page beside the contact form's own email field

    email = forms.EmailField(label=_("Email for the alerts"), max_length=254)
    agree = forms.BooleanField(
        label=_(
            "Store my answers and email to tell me about new offers; I can see, change and "
            "erase the alert at any time from the link in every email"
        )
    )


class AlertForm(forms.Form):
    municipality = forms.ModelChoiceField(
        municipalities(),
        required=False,
        label=_("Municipality"),
        empty_label=_("Choose municipality"),
    )
    text = forms.CharField(
        required=False,
        max_length=4000,
        label=_("What do you need help with?"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    needs = forms.MultipleChoiceField(
        choices=ThemeCode.choices,
        required=False,
        label=_("Themes (optional)"),
        widget=forms.CheckboxSelectMultiple,
    )
    followed = forms.MultipleChoiceField(
        choices=[],
        required=False,
        label=_(
            "Offers you follow (we tell you when they change and 14 days before their deadline)"
        ),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, offer_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["followed"].choices = list(offer_choices)

    def clean(self):
        data = super().clean()
        if not data.get("text") and not data.get("needs"):
            raise forms.ValidationError(_("Describe your need, or tick at least one theme."))
        return data
