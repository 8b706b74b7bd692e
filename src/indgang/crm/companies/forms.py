"""Forms of a company's file: contact person, needs assessment, funnel segment."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from indgang.core.public import validate_event_date
from indgang.crm.forms import RATINGS, VersionedForm, themes_field
from indgang.crm.models import (
    GrowthParameter,
    LegalBasis,
    Maturity,
    Segment,
)
from indgang.organisations.public import Membership, Person


class ContactPersonForm(VersionedForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    legal_basis = forms.ChoiceField(
        label=_("Legal basis"), choices=LegalBasis.choices, initial=LegalBasis.PUBLIC_TASK
    )


class NeedsAssessmentForm(VersionedForm):
    date = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        initial=timezone.localdate,
        validators=[validate_event_date],
    )
    expressed_themes = themes_field(_("Needs the company expressed"))
    expressed_note = forms.CharField(
        label=_("In the company's words"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    observed_themes = themes_field(_("Needs you saw that the company has not yet recognised"))
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
