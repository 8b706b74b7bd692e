from indgang.registry.management.commands._base import ImportCommand
from indgang.registry.readers import company_source
from indgang.registry.services import import_companies


class Command(ImportCommand):
    help = (
        "Import companies from CSV (cvr,name,municipality_code,db07_code,company_form,"
        "founded_date,closed_date,status,employees_band; optionally production_units as "
        '"P-number:municipality code" separated by ";") or from CVR register JSON lines '
        "(Vrvirksomhed). All or nothing unless --skip-invalid; safe to run again."
    )
    source_for = staticmethod(company_source)
    run_import = staticmethod(import_companies)
