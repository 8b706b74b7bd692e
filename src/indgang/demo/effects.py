"""One finished effect-measurement run on the demo register, started by the demo analyst.

It needs the CRM's participations; until the CRM provides them, the demo leaves the run out
(and ``indgang demo`` adds it later, once they are there). The run is cheap: analytic
confidence intervals instead of the bootstrap.
"""

from indgang.demo.output import DemoOutput
from indgang.effects import selectors, services
from indgang.effects.models import EffectRun, RunStatus
from indgang.organisations.models import Organisation, Person

ANALYST_EMAIL = "analytiker@indgang.demo"
BOARD = "erhvervsfremmebestyrelsen"
OPTIONS = {
    "outcomes": ["employees_fte", "turnover_dkk", "value_added_dkk", "exports_dkk", "productivity"],
    "horizons": [1, 2, 3],
    "method": "psm",
    "group_by": ["programme", "operator", "level"],
    "control_group": "never_treated",
    "ci_method": "analytic",
    "seed": 0,
}


def is_loaded() -> bool:
    return EffectRun.objects.filter(is_demo=True).exists()


def load(out: DemoOutput) -> None:
    if not selectors.crm_available():
        out.say("  effects: no demo run yet, it needs the CRM's participations")
        return
    run = EffectRun.objects.create(
        started_by=Person.objects.filter(email=ANALYST_EMAIL).first(),
        organisation=Organisation.objects.filter(pk=BOARD).first(),
        config=OPTIONS,
        is_demo=True,
    )
    run = services.execute_run(run.pk)
    reason = ""
    if run.status != RunStatus.DONE:
        reason = run.error.splitlines()[0] if run.error else run.status
    elif not run.result["estimates"]:
        sample = run.result["sample"]
        reason = (
            f"none of the {sample['n_participants']} participating companies started in a "
            f"year the register's figures ({sample['years'][0]}-{sample['years'][1]}) can "
            "measure: a cohort needs figures the year before its start and after it"
        )
    if reason:
        out.say(f"  effects: no demo run, {reason}")
        run.delete()  # so that `indgang demo` tries again later
        return
    estimates = len(run.result["estimates"])
    out.say(f"  effects: a finished demo run with {estimates} estimates (run {run.pk})")
    # Measured evidence per offer (decision 0020) is left to its own command: with the
    # bootstrap it takes 40-50 s on the 20,000-company register (10 s on 2,000).
    out.say(
        "  effects: to measure each offer's evidence for the guide and the catalog, run "
        "`indgang effects_evidence` (under a minute on 20,000 companies)"
    )
