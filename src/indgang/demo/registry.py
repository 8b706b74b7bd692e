"""A synthetic company register for the demo: settings.DEMO_COMPANIES (20,000 unless
INDGANG_DEMO_COMPANIES says otherwise) fictitious companies, their production units and their
figures for 2016–2024, flagged as fictitious, imported through the same services as a user's
files."""

from django.conf import settings

from indgang.demo.output import DemoOutput
from indgang.reference.models import Municipality
from indgang.registry import synthetic
from indgang.registry.importers import rows_source
from indgang.registry.models import Company, ProductionUnit
from indgang.registry.services import import_companies, import_figures

SEED = 2024


def is_loaded() -> bool:
    return Company.objects.filter(is_fictitious=True).exists()


def load(out: DemoOutput, n: int | None = None) -> None:
    n = n or settings.DEMO_COMPANIES
    municipalities = list(Municipality.objects.values_list("code", "population"))
    register = synthetic.generate(municipalities, n, seed=SEED)
    companies = import_companies(rows_source(register.companies), fictitious=True)
    figures = import_figures(rows_source(register.figures))
    units = ProductionUnit.objects.filter(company__is_fictitious=True).count()
    out.say(
        f"  registry: {companies.created} fictitious companies with {units} production units, "
        f"{figures.created} rows of yearly figures"
    )
