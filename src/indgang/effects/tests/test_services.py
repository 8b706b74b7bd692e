"""Executing runs: in the background, from the queue, once each; failures say why."""

import datetime as dt
import threading

import pytest
from django.core.management import call_command
from django.utils import timezone

from indgang.demo import effects as demo
from indgang.demo.output import DemoOutput
from indgang.effects import services
from indgang.effects.models import EffectRun, RunStatus
from indgang.effects.tests.conftest import participation_rows

OPTIONS = {"outcomes": ["employees_fte"], "horizons": [2], "ci_method": "analytic"}


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("reference_data")  # an earlier transactional test may have flushed it
def test_a_run_started_in_thread_mode_executes_in_a_background_thread(register, crm, settings):
    settings.EFFECTS_BACKGROUND = "thread"
    crm(participation_rows(register))
    run = services.start_run(None, None, OPTIONS)  # autocommit: launched at once
    worker = next(t for t in threading.enumerate() if t.name == f"effect-run-{run.pk}")
    assert worker.daemon
    worker.join(timeout=120)
    run.refresh_from_db()
    assert run.status == RunStatus.DONE and run.progress == 100
    assert run.started_at <= run.finished_at
    entry = run.result["estimates"][0]
    assert entry["ci_low"] <= register.true_att("employees_fte", 2) <= entry["ci_high"]


@pytest.mark.django_db
def test_a_run_is_executed_once_whoever_claims_it(register, crm, monkeypatch):
    monkeypatch.setattr("indgang.effects.selectors.CHUNK", 1_000)  # progress while reading
    crm(participation_rows(register))
    run = EffectRun.objects.create(config=OPTIONS)
    assert services.execute_run(run.pk).status == RunStatus.DONE
    assert services.execute_run(run.pk) is None  # no longer queued


@pytest.mark.django_db
def test_the_queue_command_runs_queued_runs_and_marks_stale_ones(register, crm, capsys):
    crm(participation_rows(register))
    first = EffectRun.objects.create(config=OPTIONS)
    second = EffectRun.objects.create(config={**OPTIONS, "method": "ipw"})
    stale = EffectRun.objects.create(
        status=RunStatus.RUNNING, updated_at=timezone.now() - dt.timedelta(hours=2)
    )
    alive = EffectRun.objects.create(status=RunStatus.RUNNING)
    call_command("run_effects_queue")
    out = capsys.readouterr().out
    assert f"{first.pk}:" in out and f"{second.pk}:" in out
    statuses = dict(EffectRun.objects.values_list("pk", "status"))
    assert statuses[first.pk] == statuses[second.pk] == RunStatus.DONE
    assert statuses[stale.pk] == RunStatus.FAILED and statuses[alive.pk] == RunStatus.RUNNING
    assert "afbrudt" in EffectRun.objects.get(pk=stale.pk).error


@pytest.mark.django_db
def test_bad_register_figures_fail_the_run_naming_the_company(register, crm):
    from indgang.registry.models import YearlyFigures

    crm(participation_rows(register))
    figures = YearlyFigures.objects.select_related("company").first()
    YearlyFigures.objects.filter(pk=figures.pk).update(turnover_dkk=-5)
    run = services.execute_run(EffectRun.objects.create(config=OPTIONS).pk)
    assert run.status == RunStatus.FAILED
    assert f"cvr {figures.company.cvr}, year {figures.year}" in run.error
    assert "turnover_dkk: below 0 (-5)" in run.error


@pytest.mark.django_db
def test_bad_crm_participations_and_an_empty_crm_fail_with_a_reason(register, crm):
    rows = participation_rows(register)
    crm([{**rows[0], "level": "regional"}, *rows[1:]])
    run = services.execute_run(EffectRun.objects.create(config=OPTIONS).pk)
    assert run.status == RunStatus.FAILED and "level: not one of" in run.error
    crm([])
    run = services.execute_run(EffectRun.objects.create(config=OPTIONS).pk)
    assert run.status == RunStatus.FAILED and "ingen deltagelser" in run.error


@pytest.mark.django_db
def test_the_demo_has_a_finished_run_by_the_demo_analyst(crm):
    from indgang.demo import organisations as organisations_demo
    from indgang.demo import registry as registry_demo
    from indgang.registry.models import YearlyFigures

    out = DemoOutput()
    organisations_demo.load(out)
    registry_demo.load(out)
    # Companies with figures in 2019 start in 2020; every fifth of them takes part.
    cvrs = sorted(YearlyFigures.objects.filter(year=2019).values_list("company__cvr", flat=True))[
        ::5
    ]
    crm(
        [
            {
                "cvr": cvr,
                "offer_id": f"demo-{i % 3}",
                "operator_id": "eh-midtjylland",
                "level": "decentral",
                "start_date": dt.date(2020, 1 + i % 12, 1),
            }
            for i, cvr in enumerate(cvrs)
        ]
    )
    assert not demo.is_loaded()
    demo.load(out)
    assert demo.is_loaded()
    run = EffectRun.objects.get(is_demo=True)
    assert run.status == RunStatus.DONE and run.result["estimates"]
    assert run.started_by.email == demo.ANALYST_EMAIL
    assert any("finished demo run" in line for line in out.lines)


@pytest.mark.django_db
def test_the_demo_leaves_out_a_run_that_measures_nothing(register, crm):
    crm([{**row, "start_date": dt.date(2030, 1, 1)} for row in participation_rows(register)])
    out = DemoOutput()
    demo.load(out)
    assert not EffectRun.objects.exists()
    assert any("no demo run, none of the 100" in line for line in out.lines)


@pytest.mark.django_db
def test_the_demo_leaves_the_run_out_without_the_crm(no_crm):
    out = DemoOutput()
    demo.load(out)
    assert not EffectRun.objects.exists() and not demo.is_loaded()
    assert any("needs the CRM" in line for line in out.lines)
