"""An offer's change history in words: the field's name and its values as people read them
(names, never codes; dates and amounts the Danish way), not the file schema's paths."""

import datetime as dt

from django.utils.formats import date_format, number_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from indgang.catalog.models import Offer, ThemeCode
from indgang.organisations.public import organisation_names
from indgang.reference import public as reference

# the file schema's path -> the model field it is stored in
FIELDS = {
    "operator_id": "operator",
    "eligibility.geography.scope": "geography_scope",
    "eligibility.geography.regions": "regions",
    "eligibility.geography.municipalities": "municipalities",
    "eligibility.company_age_years.min": "age_min",
    "eligibility.company_age_years.max": "age_max",
    "eligibility.employees.min": "employees_min",
    "eligibility.employees.max": "employees_max",
    "eligibility.sectors": "sectors",
    "eligibility.requires_cvr": "requires_cvr",
    "eligibility.growth_ambition_required": "growth_ambition_required",
    "eligibility.turnover_dkk.min": "turnover_min",
    "eligibility.turnover_dkk.max": "turnover_max",
    "eligibility.other_conditions": "other_conditions",
    "cost.type": "cost_type",
    "cost.amount_dkk": "cost_amount_dkk",
    "cost.note": "cost_note",
    "support_amount_dkk.min": "support_min",
    "support_amount_dkk.max": "support_max",
}
AMOUNTS = {"turnover_min", "turnover_max", "cost_amount_dkk", "support_min", "support_max"}
DATES = {"valid_from", "valid_to", "application_deadline"}


class Names:
    """The names behind the codes, looked up once per page."""

    def __init__(self):
        self.by_field = {
            "themes": dict(ThemeCode.choices),
            "regions": reference.region_labels(),
            "municipalities": reference.municipality_labels(),
            "sectors": reference.db07_section_labels(),
            "operator": organisation_names(),
            "languages": {"da": _("Danish"), "en": _("English")},
        }


def _field(path: str):
    name = FIELDS.get(path, path)
    try:
        return Offer._meta.get_field(name)
    except Exception:  # a path no field has (an older file schema): shown as it is
        return None


def _value(field, value, names: Names) -> str:
    if value is None or value == "" or value == []:
        return "–"
    name = field.name if field else ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if name in names.by_field:
        labels = names.by_field[name]
        values = value if isinstance(value, list) else [value]
        return ", ".join(str(labels.get(v, v)) for v in values)
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if name in DATES:
        try:
            return date_format(dt.date.fromisoformat(str(value)), "j. F Y")
        except ValueError:
            return str(value)
    if name in AMOUNTS:
        return _("DKK %(amount)s") % {"amount": number_format(value, force_grouping=True)}
    if isinstance(value, int):
        return number_format(value, force_grouping=True)
    return str(value)


def described(diff: dict, names: Names) -> list[dict]:
    """One line per changed field: ``label``, ``before``, ``after``."""
    lines = []
    for path, (before, after) in diff.items():
        field = _field(path)
        label = capfirst(str(field.verbose_name)) if field is not None else path
        lines.append(
            {
                "label": label,
                "before": _value(field, before, names),
                "after": _value(field, after, names),
            }
        )
    return lines
