"""``indgang effects``: one effect measurement from files, or the register and the CRM."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _
from tqdm import tqdm

from indgang.effects import services
from indgang.effects.engine import OUTCOMES, estimate_effects
from indgang.effects.engine.config import CI_METHODS, CONTROL_GROUPS, GROUP_KEYS, METHODS
from indgang.effects.files import (
    InputFilesError,
    effect_config,
    read_inputs,
    result_document,
    write_json,
)


def _names(values: list[str] | None) -> list[str] | None:
    """``--outcomes a b``, ``--outcomes a,b`` and ``--outcomes a, b`` alike."""
    if values is None:
        return None
    return [name.strip() for value in values for name in value.split(",") if name.strip()]


def _horizons(text: str) -> list[int]:
    try:
        return [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise CommandError(
            _("--horizons takes whole numbers separated by commas, e.g. 1,2,3")
        ) from None


class Command(BaseCommand):
    help = (
        "Measure the effect of participation against a matched control group and write "
        "RESULT.json. PANEL (cvr,year,municipality_code,db07_section,founded_year,"
        "employees_fte,turnover_dkk,value_added_dkk,exports_dkk) and PARTICIPATIONS "
        "(cvr,offer_id,operator_id,level,start_date) are CSV or Parquet files; without "
        "them the panel comes from the register and the participations from the CRM."
    )

    def add_arguments(self, parser):
        parser.add_argument("--panel", type=Path, help="company-year panel (.csv or .parquet)")
        parser.add_argument("--participations", type=Path, help="participations (.csv or .parquet)")
        parser.add_argument("--out", type=Path, required=True, help="where to write RESULT.json")
        parser.add_argument(
            "--outcomes", nargs="+", help=f"outcomes (default all: {', '.join(OUTCOMES)})"
        )
        parser.add_argument(
            "--horizons", default="1,2,3", help="years after the start, e.g. 1,2,3 (default)"
        )
        parser.add_argument(
            "--group-by",
            default="",
            help=f"results also per {', '.join(GROUP_KEYS)} (comma-separated)",
        )
        parser.add_argument("--method", default="psm", choices=METHODS)
        parser.add_argument(
            "--ci", default="bootstrap", choices=CI_METHODS, help="confidence intervals"
        )
        parser.add_argument(
            "--bootstrap", type=int, default=None, help="bootstrap replicates (default 499)"
        )
        parser.add_argument("--control-group", default="never_treated", choices=CONTROL_GROUPS)
        parser.add_argument("--seed", type=int, default=0)

    def handle(self, *args, **options):
        settings = {
            "outcomes": _names(options["outcomes"]),
            "horizons": _horizons(options["horizons"]),
            "method": options["method"],
            "group_by": _names([options["group_by"]]),
            "ci_method": options["ci"],
            "control_group": options["control_group"],
            "seed": options["seed"],
            "n_bootstrap": options["bootstrap"],
        }
        try:
            config = effect_config(settings)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        out: Path = options["out"]
        if not out.parent.is_dir():
            raise CommandError(_("No such folder for --out: %(path)s") % {"path": out.parent})

        try:
            panel, participations = read_inputs(options["panel"], options["participations"])
        except InputFilesError as exc:
            for message in exc.messages:
                self.stderr.write(message)
            raise CommandError(
                _("The input files have problems (above); nothing was written.")
            ) from None
        try:
            if panel is None:
                self.stderr.write(_("Reading the panel from the company register ..."))
                panel = services.register_panel()
            if participations is None:
                self.stderr.write(_("Reading the participations from the CRM ..."))
                participations = services.crm_participations()
        except services.RunInputError as exc:
            raise CommandError(
                _("%(problem)s\nGive the files with --panel and --participations instead.")
                % {"problem": exc}
            ) from None

        bar = tqdm(
            total=1, unit=" steps", file=sys.stderr, disable=not sys.stderr.isatty(), leave=False
        )

        def progress(done: int, total: int, message: str) -> None:
            bar.total = total
            bar.n = done
            bar.set_description(message[:40], refresh=False)
            bar.refresh()

        try:
            result = estimate_effects(panel, participations, config, progress=progress)
        finally:
            bar.close()
        inputs = {
            "panel": options["panel"].name if options["panel"] else "register",
            "participations": (
                options["participations"].name if options["participations"] else "crm"
            ),
        }
        document = result_document(
            result, inputs=inputs, created_at=timezone.now().isoformat(timespec="seconds")
        )
        write_json(out, document)
        self._summary(document, out)

    def _summary(self, document: dict, out: Path) -> None:
        sample = document["sample"]
        self.stdout.write(
            _(
                "%(participants)d participants (%(outside)d outside the years the panel "
                "covers, %(missing)d not in the panel), %(companies)d companies"
            )
            % {
                "participants": sample["n_participants"],
                "outside": sample["n_participants_outside_window"],
                "missing": sample["n_participants_not_in_panel"],
                "companies": sample["n_companies"],
            }
        )
        for entry in document["estimates"]:
            if entry["group"] == "all":
                self.stdout.write(
                    f"  {entry['outcome']:<16} +{entry['horizon']} "
                    f"ATT {entry['att']:.4g} [{entry['ci_low']:.4g}; {entry['ci_high']:.4g}]"
                    f"  n {entry['n_treated']}/{entry['n_controls']}"
                )
        for warning in document["warnings"]:
            self.stderr.write(self.style.WARNING(warning))
        self.stdout.write(
            self.style.SUCCESS(
                _("%(count)d estimates written to %(path)s")
                % {"count": len(document["estimates"]), "path": out}
            )
        )
