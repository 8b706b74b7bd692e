"""Forms of consent, a person's data and the access log search."""

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from indgang.crm.forms import RecordChoiceField
from indgang.crm.models import ConsentScope, Interaction
from indgang.organisations.public import Organisation


class ConsentForm(forms.Form):
    """A consent is recorded in a meeting with the company (decision 0018)."""

    interaction = RecordChoiceField(
        label=_("The meeting in which the company gave it"),
        queryset=Interaction.objects.none(),
        empty_label=None,
    )
    given_by = forms.CharField(
        label=_("Given by (name and title)"),
        max_length=200,
        help_text=_("The person who gave the consent on the company's behalf."),
    )
    scope = forms.ChoiceField(
        label=_("Whom the consent opens the company's file to"),
        choices=ConsentScope.choices,
        initial=ConsentScope.ALL,
        widget=forms.RadioSelect,
    )
    operators = forms.ModelMultipleChoiceField(
        label=_("Operators named"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("Only with the scope above set to the operators named."),
    )
    receipt_email = forms.EmailField(
        label=_("Send the receipt to (email)"),
        required=False,
        help_text=_(
            "The company gets a receipt with a link that shows the consent and withdraws it."
        ),
    )
    confirm = forms.BooleanField(label=_("The company has agreed to the text above"), required=True)

    def __init__(self, *args, meetings=None, contacts=(), **kw):
        super().__init__(*args, **kw)
        if meetings is not None:
            self.fields["interaction"].queryset = meetings
            self.fields["interaction"].label_from_instance = lambda i: (
                f"{date_format(i.date, 'j. F Y')} – {i.get_type_display()}"
                f"{' – ' + i.title if i.title else ''}"
            )
        emails = [c.email for c in contacts if c.email]
        if emails and not self.is_bound:
            self.fields["receipt_email"].initial = emails[0]
