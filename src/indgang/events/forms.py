"""The events' forms: the calendar's filters, the public sign-up, and publishing an event."""

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from indgang.catalog.public import ThemeCode, published_offers
from indgang.events.models import Kind
from indgang.organisations.public import Organisation
from indgang.reference.public import municipality_labels, region_labels

DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
TIME = forms.TimeInput(format="%H:%M", attrs={"type": "time"})


class CalendarForm(forms.Form):
    municipality = forms.ChoiceField(label=_("Municipality"), required=False)
    region = forms.ChoiceField(label=_("Region"), required=False)
    theme = forms.ChoiceField(label=_("Theme"), required=False)
    date_from = forms.DateField(label=_("From"), required=False, widget=DATE)
    date_to = forms.DateField(label=_("To"), required=False, widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("All"))]
        self.fields["municipality"].choices = everything + sorted(
            municipality_labels().items(), key=lambda item: item[1]
        )
        self.fields["region"].choices = everything + sorted(
            region_labels().items(), key=lambda item: item[1]
        )
        self.fields["theme"].choices = everything + list(ThemeCode.choices)


class SignUpForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(label=_("Email"), max_length=254)
    cvr = forms.CharField(
        label=_("CVR number"),
        required=False,
        max_length=20,
        help_text=_("Your company's details are filled in from the CVR register."),
    )
    not_started = forms.BooleanField(label=_("I have not started a business yet"), required=False)
    consent = forms.BooleanField(label=_("I accept the use of my data described above"))

    def clean(self):
        data = super().clean()
        if not data.get("cvr") and not data.get("not_started") and "cvr" not in self.errors:
            self.add_error("cvr", _("Give your CVR number, or tick that you have not started yet."))
        if data.get("cvr") and data.get("not_started"):
            self.add_error("not_started", _("Give a CVR number or tick this box, not both."))
        return data


class EventForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea)
    municipality = forms.ChoiceField(label=_("Municipality"))
    capacity = forms.IntegerField(label=_("Capacity"), min_value=1, max_value=100_000)
    price_dkk = forms.IntegerField(
        label=_("Price (DKK)"), min_value=0, max_value=1_000_000, initial=0
    )
    themes = forms.MultipleChoiceField(
        label=_("Themes"),
        choices=ThemeCode.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    co_hosts = forms.ModelMultipleChoiceField(
        label=_("Co-hosts"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_("Other operators sharing the event; they see its sign-ups."),
    )
    offer = forms.ChoiceField(
        label=_("The offer the course belongs to"),
        required=False,
    )
    signup_deadline = forms.DateField(label=_("Sign-up deadline"), required=False, widget=DATE)
    requires_cvr = forms.BooleanField(
        label=_("Only for companies with a CVR number"), required=False
    )
    other_conditions = forms.CharField(
        label=_("Who may join"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, organisation_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].choices = [("", "")] + sorted(
            municipality_labels().items(), key=lambda item: item[1]
        )
        self.fields["co_hosts"].queryset = Organisation.objects.exclude(
            pk=organisation_id
        ).order_by("name")
        self.fields["offer"].choices = [("", _("None"))] + list(
            published_offers().order_by("title").values_list("pk", "title")
        )


class SessionForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE)
    starts = forms.TimeField(label=_("Starts"), widget=TIME)
    ends = forms.TimeField(label=_("Ends"), widget=TIME)
    place = forms.CharField(label=_("Place"), max_length=300, required=False)
    online_url = forms.URLField(
        label=_("Online link"), max_length=500, required=False, assume_scheme="https"
    )

    def times(self) -> tuple[dt.datetime, dt.datetime]:
        d = self.cleaned_data
        return (
            timezone.make_aware(dt.datetime.combine(d["date"], d["starts"])),
            timezone.make_aware(dt.datetime.combine(d["date"], d["ends"])),
        )


SessionFormSet = forms.formset_factory(
    SessionForm, extra=3, min_num=1, validate_min=True, max_num=20
)
