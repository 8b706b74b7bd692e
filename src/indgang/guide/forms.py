from django import forms
from django.utils.translation import gettext_lazy as _

from indgang.catalog.public import ThemeCode
from indgang.reference.public import CVRFormField, db07_sections, municipalities

AMBITION = [("", _("Don't know")), ("yes", _("Yes")), ("no", _("No"))]


class NeedsForm(forms.Form):
    """The company and its needs. Sent with GET, so results can be bookmarked and revisited."""

    cvr = CVRFormField(
        required=False,
        help_text=_("If you have one, we fill in the facts from the CVR register."),
    )
    municipality = forms.ModelChoiceField(
        municipalities(),
        required=False,
        label=_("Municipality"),
        empty_label=_("Choose municipality"),
    )
    sector = forms.ModelChoiceField(
        db07_sections(),
        required=False,
        label=_("Industry"),
        empty_label=_("Choose industry"),
    )
    employees = forms.IntegerField(
        required=False, min_value=0, max_value=1_000_000, label=_("Number of employees")
    )
    age = forms.IntegerField(
        required=False, min_value=0, max_value=500, label=_("Age of the company (years)")
    )
    not_started = forms.BooleanField(required=False, label=_("We have not started yet"))
    growth = forms.ChoiceField(
        choices=AMBITION,
        required=False,
        label=_("Do you aim to grow substantially in the coming years?"),
        widget=forms.RadioSelect,
    )
    text = forms.CharField(
        required=False,
        max_length=4000,
        label=_("What do you need help with?"),
        help_text=_(
            "In your own words, e.g. “We want to start selling to Germany but need money for a trade fair”."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    needs = forms.MultipleChoiceField(
        choices=ThemeCode.choices,
        required=False,
        label=_("Themes (optional)"),
        widget=forms.CheckboxSelectMultiple,
    )
    # The offer the company came to ask about (the catalog's "Contact me about this offer").
    tilbud = forms.SlugField(required=False, max_length=80, widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        if not data.get("text") and not data.get("needs") and not data.get("tilbud"):
            raise forms.ValidationError(_("Describe your need, or tick at least one theme."))
        return data


def needs_initial(params) -> dict:
    """What the company typed before (the query of its results), to fill the form again.

    Unbound: coming back to correct the facts shows no errors until the form is sent.
    """
    initial = {}
    for name, field in NeedsForm.base_fields.items():
        if isinstance(field, forms.MultipleChoiceField):
            values = [v for v in params.getlist(name) if v]
            if values:
                initial[name] = values
        elif params.get(name):
            initial[name] = params.get(name)
    return initial


class ContactForm(forms.Form):
    contact_name = forms.CharField(label=_("Your name"), max_length=200)
    email = forms.EmailField(label=_("Email"))
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    offers = forms.MultipleChoiceField(
        choices=[],
        required=False,
        label=_("Offers"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _("One of the offers you ticked is no longer open to you.")
        },
    )
    unsure = forms.BooleanField(
        required=False,
        label=_(
            "I am not sure which offer fits: let my municipality's business service contact me"
        ),
    )
    consent = forms.BooleanField(
        required=True,
        label=_("I give my consent"),
        # the consent text is shown just before the box (guide/results.html)
        widget=forms.CheckboxInput(attrs={"aria-describedby": "consent-text"}),
    )
    # A honeypot: hidden from people (and from screen readers), filled in by form-filling
    # robots. A request with it filled in is thanked for and thrown away (decision 0017).
    website = forms.CharField(
        required=False,
        max_length=200,
        label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, offer_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["offers"].choices = list(offer_choices)

    def is_robot(self) -> bool:
        return bool(self.data.get("website", "").strip())

    def clean(self):
        data = super().clean()
        if "offers" in self._errors:
            # the offers are ticked on their cards, not in one list the summary could link
            # to: said at the top of the summary
            self.add_error(None, list(self._errors.pop("offers")))
            return data
        if not data.get("offers") and not data.get("unsure"):
            raise forms.ValidationError(
                _(
                    "Choose the offers you want to hear about, or let your local business service contact you."
                )
            )
        return data
