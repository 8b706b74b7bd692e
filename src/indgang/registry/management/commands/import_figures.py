from indgang.registry.management.commands._base import ImportCommand
from indgang.registry.readers import figures_source
from indgang.registry.services import import_figures


class Command(ImportCommand):
    help = (
        "Import yearly figures from CSV or Parquet (cvr,year,employees_fte,turnover_dkk,"
        "value_added_dkk,exports_dkk,wage_bill_dkk). All or nothing unless --skip-invalid; "
        "safe to run again."
    )
    source_for = staticmethod(figures_source)
    run_import = staticmethod(import_figures)
