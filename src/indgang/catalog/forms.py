"""The operator's offer form. It checks through the same schema as a file import, so a
form and a file cannot store different things."""

from django import forms
from django.utils.translation import gettext_lazy as _

from indgang.catalog import exports, importers
from indgang.catalog.models import CostType, Format, GeographyScope, Instrument, ThemeCode
from indgang.reference import public as reference_public

# The place of a field in the file schema -> the form field.
FIELD_PATHS = {
    "id": "id",
    "title": "title",
    "summary": "summary",
    "description": "description",
    "instrument": "instrument",
    "format": "format",
    "themes": "themes",
    "eligibility.geography.scope": "geography_scope",
    "eligibility.geography.regions": "regions",
    "eligibility.geography.municipalities": "municipalities",
    "eligibility.company_age_years.min": "age_min",
    "eligibility.company_age_years.max": "age_max",
    "eligibility.employees.min": "employees_min",
    "eligibility.employees.max": "employees_max",
    "eligibility.turnover_dkk.min": "turnover_min",
    "eligibility.turnover_dkk.max": "turnover_max",
    "eligibility.sectors": "sectors",
    "eligibility.requires_cvr": "requires_cvr",
    "eligibility.growth_ambition_required": "growth_ambition_required",
    "eligibility.other_conditions": "other_conditions",
    "cost.type": "cost_type",
    "cost.amount_dkk": "cost_amount_dkk",
    "cost.note": "cost_note",
    "support_amount_dkk.min": "support_min",
    "support_amount_dkk.max": "support_max",
    "support_amount_dkk": "support_max",
    "valid_from": "valid_from",
    "valid_to": "valid_to",
    "application_deadline": "application_deadline",
    "languages": "languages",
    "url": "url",
    "contact_email": "contact_email",
}

LANGUAGES = [("da", _("Danish")), ("en", _("English"))]


def _number(label):
    return forms.IntegerField(label=label, required=False, min_value=0)


class OfferForm(forms.Form):
    id = forms.SlugField(
        label=_("Id"),
        max_length=100,
        help_text=_("A short stable name used in links, e.g. eksport-forloeb. Cannot be changed."),
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 2}))
    description = forms.CharField(label=_("Description"), widget=forms.Textarea)
    instrument = forms.ChoiceField(label=_("Instrument"), choices=Instrument.choices)
    format = forms.ChoiceField(label=_("Type of support"), choices=Format.choices)
    themes = forms.MultipleChoiceField(
        label=_("Themes"),
        choices=ThemeCode.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("One to four."),
    )
    geography_scope = forms.ChoiceField(label=_("Where"), choices=GeographyScope.choices)
    regions = forms.ModelMultipleChoiceField(
        label=_("Regions"),
        queryset=reference_public.regions(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )
    municipalities = forms.ModelMultipleChoiceField(
        label=_("Municipalities"),
        queryset=reference_public.municipalities(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    age_min = _number(_("Minimum company age (years)"))
    age_max = _number(_("Maximum company age (years)"))
    employees_min = _number(_("Minimum employees"))
    employees_max = _number(_("Maximum employees"))
    turnover_min = _number(_("Minimum turnover (DKK)"))
    turnover_max = _number(_("Maximum turnover (DKK)"))
    sectors = forms.ModelMultipleChoiceField(
        label=_("Industries"),
        queryset=reference_public.db07_sections(),
        required=False,
        help_text=_("None chosen means all industries."),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    requires_cvr = forms.BooleanField(label=_("Requires a CVR number"), required=False)
    growth_ambition_required = forms.BooleanField(
        label=_("Requires growth ambitions"), required=False
    )
    other_conditions = forms.CharField(
        label=_("Other conditions"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    cost_type = forms.ChoiceField(label=_("Cost"), choices=CostType.choices)
    cost_amount_dkk = _number(_("Price (DKK)"))
    cost_note = forms.CharField(label=_("Note on the cost"), required=False)
    support_min = _number(_("Minimum support (DKK)"))
    support_max = _number(_("Maximum support (DKK)"))
    valid_from = forms.DateField(label=_("Valid from"), required=False)
    valid_to = forms.DateField(label=_("Valid to"), required=False)
    application_deadline = forms.DateField(label=_("Application deadline"), required=False)
    languages = forms.MultipleChoiceField(
        label=_("Languages"), choices=LANGUAGES, widget=forms.CheckboxSelectMultiple
    )
    url = forms.URLField(label=_("Web address"), max_length=500, assume_scheme="https")
    contact_email = forms.EmailField(label=_("Contact email"))

    def __init__(self, *args, operator, offer=None, **kwargs):
        self.operator = operator
        self.offer = offer
        if offer is not None and "initial" not in kwargs:
            kwargs["initial"] = initial_from(offer)
        super().__init__(*args, **kwargs)
        if offer is not None:
            self.fields["id"].disabled = True
        self.offer_in = None

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        status = self.offer.status if self.offer else "udkast"
        item = file_form(self.operator, data, status)
        try:
            catalog = importers.validate(
                {"schema_version": 1, "operators": [], "offers": [item]},
                {self.operator.pk: self.operator.level},
            )
        except importers.CatalogError as exc:
            for error in exc.errors:
                path = error.path.removeprefix("offers[0]").lstrip(".")
                field = FIELD_PATHS.get(path.split("[")[0])
                self.add_error(field if field in self.fields else None, error.message)
            return data
        self.offer_in = catalog.offers[0]
        return data


def _text_or_none(value):
    return value.strip() or None if value else None


def file_form(operator, data: dict, status: str) -> dict:
    """The file schema's form of the cleaned form data."""
    return {
        "id": data["id"],
        "operator_id": operator.pk,
        "title": data["title"],
        "summary": data["summary"],
        "description": data["description"],
        "level": operator.level,
        "instrument": data["instrument"],
        "format": data["format"],
        "themes": list(data["themes"]),
        "eligibility": {
            "geography": {
                "scope": data["geography_scope"],
                "regions": [r.pk for r in data["regions"]],
                "municipalities": [m.pk for m in data["municipalities"]],
            },
            "company_age_years": {"min": data["age_min"], "max": data["age_max"]},
            "employees": {"min": data["employees_min"], "max": data["employees_max"]},
            "turnover_dkk": {"min": data["turnover_min"], "max": data["turnover_max"]},
            "sectors": [s.pk for s in data["sectors"]],
            "requires_cvr": data["requires_cvr"],
            "growth_ambition_required": data["growth_ambition_required"],
            "other_conditions": _text_or_none(data["other_conditions"]),
        },
        "cost": {
            "type": data["cost_type"],
            "amount_dkk": data["cost_amount_dkk"],
            "note": _text_or_none(data["cost_note"]),
        },
        "support_amount_dkk": {"min": data["support_min"], "max": data["support_max"]},
        "status": status,
        "valid_from": data["valid_from"].isoformat() if data["valid_from"] else None,
        "valid_to": data["valid_to"].isoformat() if data["valid_to"] else None,
        "application_deadline": (
            data["application_deadline"].isoformat() if data["application_deadline"] else None
        ),
        "languages": list(data["languages"]),
        "url": data["url"],
        "contact_email": data["contact_email"],
    }


def initial_from(offer) -> dict:
    d = exports.offer_to_dict(offer)
    e = d["eligibility"]
    return {
        "id": offer.pk,
        "title": offer.title,
        "summary": offer.summary,
        "description": offer.description,
        "instrument": offer.instrument,
        "format": offer.format,
        "themes": d["themes"],
        "geography_scope": offer.geography_scope,
        "regions": e["geography"]["regions"],
        "municipalities": e["geography"]["municipalities"],
        "age_min": offer.age_min,
        "age_max": offer.age_max,
        "employees_min": offer.employees_min,
        "employees_max": offer.employees_max,
        "turnover_min": offer.turnover_min,
        "turnover_max": offer.turnover_max,
        "sectors": e["sectors"],
        "requires_cvr": offer.requires_cvr,
        "growth_ambition_required": offer.growth_ambition_required,
        "other_conditions": offer.other_conditions or "",
        "cost_type": offer.cost_type,
        "cost_amount_dkk": offer.cost_amount_dkk,
        "cost_note": offer.cost_note or "",
        "support_min": offer.support_min,
        "support_max": offer.support_max,
        "valid_from": offer.valid_from,
        "valid_to": offer.valid_to,
        "application_deadline": offer.application_deadline,
        "languages": offer.languages,
        "url": offer.url,
        "contact_email": offer.contact_email,
    }
