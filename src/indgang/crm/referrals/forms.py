"""Forms to refer a company and to answer a referral."""

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from indgang.catalog.public import Offer, published_offers
from indgang.crm.forms import VersionedForm, themes_field
from indgang.crm.models import (
    ReferralStatus,
)
from indgang.organisations.public import Organisation, Person


class ReferralForm(forms.Form):
    """Refer a company. The offer is one of the *receiver's*: the field lists the chosen
    operator's published offers (reloaded by htmx when the receiver changes; without
    JavaScript, by the button beside the receiver), and refuses any other."""

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
        queryset=Offer.objects.none(),
        required=False,
        help_text=_("Optional: the receiving operator's offer the company should hear about."),
        error_messages={
            "invalid_choice": _(
                "Choose one of the receiving operator's offers, or leave the field empty."
            )
        },
    )
    themes = themes_field()
    reason = forms.CharField(
        label=_("Why you refer the company"), widget=forms.Textarea(attrs={"rows": 3})
    )
    company_wants = forms.CharField(
        label=_("What the company wants"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, organisation_id: str, offers_url: str = "", **kw):
        super().__init__(*args, **kw)
        self.fields["to_organisation"].queryset = (
            Organisation.objects.exclude(pk=organisation_id)
            .exclude(is_national_board=True)
            .order_by("name")
        )
        if offers_url:
            # Choosing the receiver reloads the offer field with its offers (htmx).
            self.fields["to_organisation"].widget.attrs.update(
                {"hx-get": offers_url, "hx-target": "#refer-offer", "hx-swap": "outerHTML"}
            )
        receiver = self.receiver_id()
        offer = self.fields["offer"]
        if receiver:
            offer.queryset = published_offers().filter(operator_id=receiver).order_by("title")
            if not offer.queryset.exists():
                offer.help_text = _("The operator has no published offers in the catalog.")
        else:
            offer.help_text = _("Choose the operator first: its offers are listed here.")

    def receiver_id(self) -> str:
        """The receiving operator chosen in the data (or the initial values), unchecked."""
        if self.is_bound:
            value = self.data.get(self.add_prefix("to_organisation"))
        else:
            value = self.initial.get("to_organisation")
        value = getattr(value, "pk", value)
        return str(value)[:80] if value else ""

    @classmethod
    def typed(cls, data, **kw) -> "ReferralForm":
        """What was typed, shown again without checking it (the offers of the chosen
        receiver, before the referral is sent)."""
        initial = {
            name: data.getlist(name) if name == "themes" else data.get(name)
            for name in cls.base_fields
            if name in data
        }
        return cls(initial=initial, **kw)

    def clean_to_person_email(self):
        email = self.cleaned_data.get("to_person_email")
        if not email:
            return None
        person = Person.objects.filter(email__iexact=email).first()
        if person is None:
            raise forms.ValidationError(_("Nobody with this email works in the system."))
        return person


class ReferralStatusForm(VersionedForm):
    """The receiver's answer: the action (a button per next status), a reason to decline,
    and the interaction that completes it."""

    status = forms.ChoiceField(label=_("Answer"), choices=ReferralStatus.choices)
    decline_reason = forms.CharField(
        label=_("Reason, if you decline"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    interaction = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, completing=(), name_whom=False, **kw):
        super().__init__(*args, **kw)
        if completing:
            self.fields["interaction"] = forms.TypedChoiceField(
                label=_("The interaction where you helped the company (to complete)"),
                choices=[(i.pk, _interaction_label(i, name_whom)) for i in completing],
                coerce=int,
                required=False,
            )


def _interaction_label(interaction, name_whom: bool) -> str:
    """ "5. december 2026 – 1-1 vejledning", and whom it was with when the referral names
    no company (a contact request without a CVR number)."""
    label = f"{date_format(interaction.date, 'j. F Y')} – {interaction.get_type_display()}"
    who = ""
    if name_whom:
        who = (
            (interaction.company.name if interaction.company_id else "")
            or (interaction.entrepreneur.name if interaction.entrepreneur_id else "")
            or interaction.title
        )
    return f"{label} – {who}" if who else label
