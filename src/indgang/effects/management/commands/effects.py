"""``indgang effects``: one effect measurement from files, or the register and the CRM."""

import argparse
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _
from tqdm import tqdm

from indgang.effects.engine import OUTCOMES, estimate_effects
from indgang.effects.engine.config import (
    BASE_PERIODS,
    CI_METHODS,
    CONTROL_GROUPS,
    CS_METHODS,
    GROUP_KEYS,
    METHODS,
)
from indgang.effects.engine.quality import MIN_PARTICIPANTS
from indgang.effects.files import (
    effect_config,
    result_document,
    write_json,
)
from indgang.effects.management.commands._inputs import panel_and_participations
from indgang.effects.messages import with_texts


def _names(values: list[str] | None) -> list[str] | None:
    """``--outcomes a b``, ``--outcomes a,b`` and ``--outcomes a, b`` alike."""
    if values is None:
        return None
    return [name.strip() for value in values for name in value.split(",") if name.strip()]


def _caliper(text: str | None):
    if text is None:
        return None
    if text.strip().lower() == "none":
        return "none"
    try:
        return float(text)
    except ValueError:
        raise CommandError(_("--caliper takes a number (standard deviations) or none")) from None


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
        "RESULT.json. By default PANEL is a register extract (cvr,year,municipality_code,db07_section,founded_year,"
        "employees_fte,turnover_dkk,value_added_dkk,exports_dkk) and PARTICIPATIONS "
        "(cvr,offer_id,operator_id,level,start_date) are CSV or Parquet files; without "
        "them the panel comes from the register and the participations from the CRM. Any other "
        "panel: --id-column, --outcomes, --covariates and --no-register-covariates."
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
        parser.add_argument(
            "--id-column",
            default="cvr",
            help="the units' id column (default cvr: valid CVR numbers; any other: any text)",
        )
        parser.add_argument(
            "--covariates",
            nargs="+",
            help="the panel's columns to match on, taken in the baseline year (comma-separated)",
        )
        parser.add_argument(
            "--no-register-covariates",
            action="store_true",
            help="match on --covariates only: the panel needs no register columns",
        )
        parser.add_argument(
            "--exact",
            default=None,
            help="exact-matching keys, comma-separated ('' for none; default: the register's "
            "industry, size and age bands and every two-valued covariate)",
        )
        parser.add_argument(
            "--neighbours",
            type=int,
            default=None,
            help="controls per participant (default: chosen)",
        )
        parser.add_argument(
            "--replace",
            action=argparse.BooleanOptionalAction,
            default=None,
            help="match with replacement (default: chosen)",
        )
        parser.add_argument(
            "--caliper", default=None, help="in SDs of the score's logit (default 0.2; none)"
        )
        parser.add_argument(
            "--min-participants",
            type=int,
            default=MIN_PARTICIPANTS,
            help=f"no estimate for fewer participants (default {MIN_PARTICIPANTS})",
        )
        parser.add_argument("--cs-method", default="reg", choices=CS_METHODS)
        parser.add_argument("--anticipation", type=int, default=0)
        parser.add_argument("--base-period", default="varying", choices=BASE_PERIODS)

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
            "id_column": options["id_column"],
            "covariates": _names(options["covariates"]),
            "register_covariates": not options["no_register_covariates"],
            "exact": None if options["exact"] is None else _names([options["exact"]]),
            "n_neighbours": options["neighbours"],
            "replace": options["replace"],
            "min_participants": options["min_participants"],
            "cs_method": options["cs_method"],
            "anticipation": options["anticipation"],
            "base_period": options["base_period"],
        }
        caliper = _caliper(options["caliper"])
        if caliper is not None:
            settings["caliper"] = caliper
        try:
            config = effect_config(settings)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        out: Path = options["out"]
        if not out.parent.is_dir():
            raise CommandError(_("No such folder for --out: %(path)s") % {"path": out.parent})

        panel, participations = panel_and_participations(
            self, options["panel"], options["participations"], config, _("nothing was written")
        )

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
        document["warnings"] = with_texts(document["warnings"])
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
        self.stdout.write(
            _("%(used)d of %(eligible)d eligible participants used in the matched estimate")
            % {
                "used": sample.get("n_participants_used", 0),
                "eligible": sample.get("n_participants_eligible", 0),
            }
        )
        for cohort in document["matching"]:
            if cohort.get("method") == "psm":
                self.stdout.write(
                    _(
                        "Cohort %(cohort)s: %(k)d neighbours %(replace)s, caliper %(caliper)s, "
                        "exact on %(exact)s%(chosen)s"
                    )
                    % {
                        "cohort": cohort["cohort"],
                        "k": cohort["n_neighbours"],
                        "replace": _("with replacement")
                        if cohort["replace"]
                        else _("without replacement"),
                        "caliper": document["config"]["caliper"],
                        "exact": ", ".join(cohort.get("exact") or []) or _("nothing"),
                        "chosen": _(" (chosen by the engine for balance)")
                        if cohort.get("chosen_by_engine")
                        else "",
                    }
                )
        for entry in document["estimates"] + document.get("overall", []):
            if entry["group"] != "all":
                continue
            when = f"+{entry['horizon']}" if "horizon" in entry else _("overall")
            if entry.get("suppressed"):
                self.stdout.write(
                    f"  {entry['outcome']:<16} {when} "
                    + _("withheld: fewer than %(minimum)d participants")
                    % {"minimum": document["config"]["min_participants"]}
                )
                continue
            self.stdout.write(
                f"  {entry['outcome']:<16} {when} "
                f"ATT {entry['att']:.4g} [{entry['ci_low']:.4g}; {entry['ci_high']:.4g}]"
                f"  n {entry['n_treated']}/{entry['n_controls']}"
            )
        for balance in document["balance"].get("covariates", []):
            if balance["covariate"] in document["config"]["covariates"]:
                smd = balance["smd_after"]
                self.stdout.write(
                    f"  SMD {balance['covariate']:<16} "
                    + (_("not applicable") if smd is None else f"{smd:+.3f}")
                )
        for warning in document["warnings"]:
            self.stderr.write(self.style.WARNING(warning["text"]))
        self.stdout.write(
            self.style.SUCCESS(
                _("%(count)d estimates written to %(path)s")
                % {"count": len(document["estimates"]), "path": out}
            )
        )
