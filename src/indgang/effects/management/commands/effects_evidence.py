"""``indgang effects_evidence``: measure every offer, operator and level with enough
participants and keep the results as evidence with history (for a scheduler: monthly, and
after each register import; safe to repeat). Decision 0020."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from indgang.catalog import public as catalog
from indgang.effects.evidence import services as evidence
from indgang.effects.evidence.models import Unit
from indgang.effects.management.commands._inputs import panel_and_participations


class Command(BaseCommand):
    help = (
        "Measure the effect of every offer, operator and level with enough participants "
        "(employment, turnover and value added 1, 2 and 3 years after the start) against a "
        "matched control group, and store the results as evidence with history. Reads the "
        "register and the CRM, or --panel and --participations files as `indgang effects`."
    )

    def add_arguments(self, parser):
        parser.add_argument("--panel", type=Path, help="company-year panel (.csv or .parquet)")
        parser.add_argument("--participations", type=Path, help="participations (.csv or .parquet)")
        parser.add_argument(
            "--min-participants",
            type=int,
            default=None,
            help="matched participants needed before anything is shown "
            f"(default: the setting, {evidence.MIN_PARTICIPANTS})",
        )
        parser.add_argument(
            "--bootstrap", type=int, default=None, help="bootstrap replicates (default 499)"
        )

    def handle(self, *args, **options):
        started = time.perf_counter()
        minimum = options["min_participants"]
        if minimum is not None and not 1 <= minimum <= 100_000:
            raise CommandError(_("--min-participants must be between 1 and 100000"))
        try:
            config = evidence.evidence_config(minimum or 30, options["bootstrap"])
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        panel, participations = panel_and_participations(
            self, options["panel"], options["participations"], config, _("nothing was measured")
        )
        source = " + ".join(
            options[name].name if options[name] else default
            for name, default in (("panel", "register"), ("participations", "crm"))
        )
        summary = evidence.measure_all(
            panel,
            participations,
            minimum=minimum,
            n_bootstrap=options["bootstrap"],
            source=source,
            progress=lambda message: (
                self.stderr.write("  " + message) if options["verbosity"] > 1 else None
            ),
        )
        for m in summary.measured:
            if m.unit != Unit.OFFER or m.subgroup:
                continue
            if m.shown:
                state = _("shown (%(participants)d matched participants, cohorts %(cohorts)s)") % {
                    "participants": m.participants,
                    "cohorts": "-".join(str(c) for c in m.cohorts),
                }
            else:
                state = _(
                    "not shown: %(reason)s (%(participants)d of %(recorded)d participants matched)"
                ) % {
                    "reason": catalog.EvidenceReason(m.reason).label,
                    "participants": m.participants,
                    "recorded": m.participations,
                }
            self.stdout.write(f"  {m.unit_id}: {state}")
        counts = {
            unit: sum(1 for m in summary.measured if m.unit == unit and not m.subgroup)
            for unit in (Unit.OFFER, Unit.OPERATOR, Unit.LEVEL)
        }
        for unit, unit_id, subgroup, error in summary.failed:
            self.stderr.write(
                _("Could not be measured: %(unit)s %(id)s%(group)s: %(error)s")
                % {
                    "unit": Unit(unit).label,
                    "id": unit_id,
                    "group": f" ({subgroup})" if subgroup else "",
                    "error": error,
                }
            )
        if summary.offers_unknown:
            self.stderr.write(
                _("Not in the catalog, so not shown there: %(ids)s")
                % {"ids": ", ".join(summary.offers_unknown[:20])}
            )
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Measured %(offers)d offers (%(shown)d may be shown, %(groups)d groups of "
                    "companies like the asker), %(operators)d operators and %(levels)d levels "
                    "in %(seconds).1f s; %(added)d new measurements kept."
                )
                % {
                    "offers": counts[Unit.OFFER],
                    "shown": len(summary.shown()),
                    "groups": sum(
                        1
                        for m in summary.measured
                        if m.unit == Unit.OFFER and m.subgroup and m.shown
                    ),
                    "operators": counts[Unit.OPERATOR],
                    "levels": counts[Unit.LEVEL],
                    "seconds": time.perf_counter() - started,
                    "added": summary.added,
                }
            )
        )
        if summary.failed:
            raise CommandError(
                _("%(n)d could not be measured (above); everything else is measured and stored.")
                % {"n": len(summary.failed)}
            )
