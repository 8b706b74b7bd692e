"""What other apps may use of ``registry``: companies (the CVR register), their production
units and yearly figures.

Other apps import this module only; its names are the app's promise to them. Foreign keys
to a company use the string form ("registry.Company").
"""

from indgang.registry.models import Company, CompanyStatus, YearlyFigures
from indgang.registry.selectors import companies, company_by_cvr, figures_of, yearly_figures

__all__ = [
    "Company",
    "CompanyStatus",
    "YearlyFigures",
    "companies",
    "company_by_cvr",
    "figures_of",
    "yearly_figures",
]
