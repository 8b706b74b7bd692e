import copy

from indgang.catalog import importers, services
from indgang.organisations.models import Level, OrganisationType
from indgang.organisations.tests.factories import OrganisationFactory

BASE = {
    "id": "eksport-forloeb",
    "operator_id": "eh-test",
    "title": "Eksportforløb",
    "summary": "Et forløb om eksport.",
    "description": "Et forløb om eksport for virksomheder med ambitioner.",
    "level": "decentral",
    "instrument": "specialiseret_erhvervsservice",
    "format": "forloeb",
    "themes": ["eksport"],
    "eligibility": {
        "geography": {"scope": "regions", "regions": ["1082"], "municipalities": []},
        "company_age_years": {"min": None, "max": None},
        "employees": {"min": 10, "max": 249},
        "sectors": [],
        "requires_cvr": True,
        "growth_ambition_required": False,
        "turnover_dkk": {"min": None, "max": None},
        "other_conditions": None,
    },
    "cost": {"type": "gratis", "amount_dkk": None, "note": None},
    "support_amount_dkk": {"min": None, "max": None},
    "status": "aktiv",
    "valid_from": None,
    "valid_to": None,
    "application_deadline": None,
    "languages": ["da"],
    "url": "https://example.dk/eksport",
    "contact_email": "eksport@example.dk",
}


def offer_dict(**changes) -> dict:
    data = copy.deepcopy(BASE)
    for key, value in changes.items():
        target = data
        parts = key.split("__")
        for part in parts[:-1]:
            target = target[part]
        target[parts[-1]] = value
    return data


def operator(org_id="eh-test", level=Level.DECENTRAL):
    return OrganisationFactory(id=org_id, level=level, type=OrganisationType.ERHVERVSHUS)


def make_offer(**changes):
    """An offer stored through the service, as a file import would store it."""
    data = offer_dict(**changes)
    catalog = importers.validate(
        {"schema_version": 1, "operators": [], "offers": [data]},
        services.stored_operator_levels(),
    )
    services.ensure_themes()
    offer, _changed = services.save_offer(catalog.offers[0], source="import")
    return offer
