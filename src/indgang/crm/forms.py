"""The CRM's forms: they parse and validate what a consultant typed; the services decide."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from indgang.catalog.models import PUBLISHED, Offer, ThemeCode
from indgang.crm.models import (
    GROUP_TYPES,
    ContactPerson,
    GrowthParameter,
    InteractionType,
    LegalBasis,
    Maturity,
    ReferralStatus,
    Segment,
)
from indgang.organisations.models import Membership, Organisation, Person
from indgang.reference.models import Municipality
from indgang.reference.validators import validate_cvr
from indgang.registry.models import Company

RATINGS = [("", "–"), *[(str(n), str(n)) for n in range(1, 6)]]


class VersionedForm(forms.Form):
    """Carries the version of the record the form was opened on (optimistic locking)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


def _themes_field(label=None, required=False):
    return forms.MultipleChoiceField(
        label=label or _("Themes"),
        choices=ThemeCode.choices,
        required=required,
        widget=forms.CheckboxSelectMultiple,
    )


class InteractionForm(VersionedForm):
    """Logging guidance: type, date and a note are all a one-to-one session needs."""

    type = forms.ChoiceField(
        label=_("Type"), choices=InteractionType.choices, initial=InteractionType.ONE_TO_ONE
    )
    date = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        initial=timezone.localdate,
    )
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    themes = _themes_field()
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        required=False,
        help_text=_("For events and courses: the name of the event."),
    )
    contacts = forms.ModelMultipleChoiceField(
        label=_("Contact persons present"),
        queryset=ContactPerson.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    offer = forms.ModelChoiceField(
        label=_("The offer it concerned"),
        queryset=Offer.objects.none(),
        required=False,
    )
    participants = forms.CharField(
        label=_("Participants (CVR numbers)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For events and courses: one CVR number per line."),
    )
    legal_basis = forms.ChoiceField(
        label=_("Legal basis"), choices=LegalBasis.choices, initial=LegalBasis.PUBLIC_TASK
    )

    def __init__(self, *args, organisation_id: str, contacts=(), with_participants=True, **kw):
        super().__init__(*args, **kw)
        self.fields["contacts"].queryset = ContactPerson.objects.filter(
            pk__in=[c.pk for c in contacts]
        )
        if not contacts:
            del self.fields["contacts"]
        # The operator's own published offers first; the whole catalog would be thousands.
        self.fields["offer"].queryset = Offer.objects.filter(
            operator_id=organisation_id, status__in=PUBLISHED
        ).order_by("title")
        if not with_participants:
            del self.fields["participants"]

    def clean_participants(self):
        lines = [line.strip() for line in self.cleaned_data.get("participants", "").splitlines()]
        companies, errors = [], []
        for number, cvr in enumerate(lines, start=1):
            if not cvr:
                continue
            cvr = cvr.replace(" ", "")
            try:
                validate_cvr(cvr)
            except forms.ValidationError as exc:
                errors.append(_("Line %(n)s: %(error)s") % {"n": number, "error": exc.messages[0]})
                continue
            company = Company.objects.filter(cvr=cvr).first()
            if company is None:
                errors.append(
                    _("Line %(n)s: CVR %(cvr)s is not in the register.") % {"n": number, "cvr": cvr}
                )
            elif company not in companies:
                companies.append(company)
        if errors:
            raise forms.ValidationError(errors)
        return companies

    def clean(self):
        data = super().clean()
        if data.get("type") not in GROUP_TYPES and data.get("participants"):
            self.add_error(
                "participants", _("Only events, courses and network meetings have participants.")
            )
        return data


class ContactPersonForm(VersionedForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    legal_basis = forms.ChoiceField(
        label=_("Legal basis"), choices=LegalBasis.choices, initial=LegalBasis.PUBLIC_TASK
    )


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


class NeedsAssessmentForm(VersionedForm):
    date = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        initial=timezone.localdate,
    )
    expressed_themes = _themes_field(_("Needs the company expressed"))
    expressed_note = forms.CharField(
        label=_("In the company's words"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    observed_themes = _themes_field(_("Needs you saw that the company has not yet recognised"))
    observed_note = forms.CharField(
        label=_("Your observations"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    digital_maturity = forms.TypedChoiceField(
        label=_("Digital maturity"),
        choices=[("", "–"), *Maturity.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
    export_maturity = forms.TypedChoiceField(
        label=_("Export maturity"),
        choices=[("", "–"), *Maturity.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
    next_step = forms.CharField(
        label=_("Agreed next development step"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )

    def __init__(self, *args, **kw):
        super().__init__(*args, **kw)
        # One rating and one note per growth-mapping parameter.
        for parameter in GrowthParameter:
            self.fields[f"gm_{parameter.value}_rating"] = forms.ChoiceField(
                label=_("%(parameter)s: rating 1–5") % {"parameter": parameter.label},
                choices=RATINGS,
                required=False,
            )
            self.fields[f"gm_{parameter.value}_note"] = forms.CharField(
                label=_("%(parameter)s: note") % {"parameter": parameter.label},
                max_length=500,
                required=False,
            )

    @staticmethod
    def initial_for(assessment) -> dict:
        initial = {
            "version": assessment.version,
            "date": assessment.date,
            "expressed_themes": [t.code for t in assessment.expressed_themes.all()],
            "expressed_note": assessment.expressed_note,
            "observed_themes": [t.code for t in assessment.observed_themes.all()],
            "observed_note": assessment.observed_note,
            "digital_maturity": assessment.digital_maturity,
            "export_maturity": assessment.export_maturity,
            "next_step": assessment.next_step,
        }
        for key, value in assessment.growth_mapping.items():
            initial[f"gm_{key}_rating"] = value.get("rating") or ""
            initial[f"gm_{key}_note"] = value.get("note", "")
        return initial

    def service_data(self) -> dict:
        data = self.cleaned_data
        return {
            "date": data["date"],
            "expressed_themes": data["expressed_themes"],
            "expressed_note": data["expressed_note"],
            "observed_themes": data["observed_themes"],
            "observed_note": data["observed_note"],
            "digital_maturity": data["digital_maturity"],
            "export_maturity": data["export_maturity"],
            "next_step": data["next_step"],
            "growth_mapping": {
                p.value: {
                    "rating": data.get(f"gm_{p.value}_rating") or None,
                    "note": data.get(f"gm_{p.value}_note", ""),
                }
                for p in GrowthParameter
            },
        }

    def growth_rows(self):
        """(label, rating field, note field) per parameter, for the template's table."""
        return [
            (p.label, self[f"gm_{p.value}_rating"], self[f"gm_{p.value}_note"])
            for p in GrowthParameter
        ]


class ReferralForm(forms.Form):
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
        queryset=Offer.objects.filter(status__in=PUBLISHED).select_related("operator"),
        required=False,
        help_text=_("Optional: the receiving operator's offer the company should hear about."),
    )
    themes = _themes_field()
    reason = forms.CharField(
        label=_("Why you refer the company"), widget=forms.Textarea(attrs={"rows": 3})
    )
    company_wants = forms.CharField(
        label=_("What the company wants"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, organisation_id: str, **kw):
        super().__init__(*args, **kw)
        self.fields["to_organisation"].queryset = Organisation.objects.exclude(
            pk=organisation_id
        ).exclude(is_national_board=True)

    def clean_to_person_email(self):
        email = self.cleaned_data.get("to_person_email")
        if not email:
            return None
        person = Person.objects.filter(email__iexact=email).first()
        if person is None:
            raise forms.ValidationError(_("Nobody with this email works in the system."))
        return person


class ReferralStatusForm(VersionedForm):
    status = forms.ChoiceField(label=_("New status"), choices=ReferralStatus.choices)
    decline_reason = forms.CharField(
        label=_("Reason for declining"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    interaction = forms.IntegerField(required=False, widget=forms.HiddenInput)


class SegmentForm(VersionedForm):
    segment = forms.ChoiceField(label=_("Segment"), choices=Segment.choices)
    key_account_owner = forms.ModelChoiceField(
        label=_("Key account owner"), queryset=Person.objects.none(), required=False
    )

    def __init__(self, *args, organisation_id: str, **kw):
        super().__init__(*args, **kw)
        self.fields["key_account_owner"].queryset = Person.objects.filter(
            pk__in=Membership.objects.filter(organisation_id=organisation_id).values("person")
        ).order_by("full_name")


class ConsentForm(forms.Form):
    given_by = forms.CharField(
        label=_("Given by (name and title)"),
        max_length=200,
        help_text=_("The person who gave the consent on the company's behalf."),
    )
    confirm = forms.BooleanField(label=_("The company has agreed to the text above"), required=True)


class PersonDataForm(forms.Form):
    email = forms.EmailField(label=_("The person's email"))


class AccessLogForm(forms.Form):
    cvr = forms.CharField(label=_("CVR number"), max_length=8, required=False)
    person_email = forms.CharField(label=_("Who (email)"), max_length=254, required=False)
    date_from = forms.DateField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )
    date_to = forms.DateField(
        label=_("To"),
        required=False,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )
