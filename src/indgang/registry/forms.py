from django import forms
from django.utils.translation import gettext_lazy as _

from indgang.reference.public import db07_sections, municipalities, regions
from indgang.registry.models import CompanyStatus, EmployeesBand


def _with_any(choices):
    return [("", _("All")), *choices]


class CompanySearchForm(forms.Form):
    q = forms.CharField(
        label=_("CVR number or name"),
        required=False,
        max_length=200,
        help_text=_("A CVR number finds that company; a name forgives typos."),
    )
    municipality = forms.ChoiceField(label=_("Municipality"), required=False)
    region = forms.ChoiceField(label=_("Region"), required=False)
    section = forms.ChoiceField(label=_("Industry (DB07 section)"), required=False)
    employees_band = forms.ChoiceField(
        label=_("Employees"), required=False, choices=_with_any(EmployeesBand.choices)
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=_with_any(CompanyStatus.choices)
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].choices = _with_any(
            [(m.code, m.label) for m in municipalities()]
        )
        self.fields["region"].choices = _with_any([(r.code, r.label) for r in regions()])
        self.fields["section"].choices = _with_any([(s.code, str(s)) for s in db07_sections()])
