"""The only code that writes runs: start one, execute it, work through the queue.

A run is started from the analyst page and executes in the background (see
docs/decisions/0008-background-effect-runs.md): after the transaction that created it
commits, a daemon thread of the web process executes it, while the page polls its progress.
``indgang run_effects_queue`` executes whatever is still queued (for a scheduler, or where
``EFFECTS_BACKGROUND=queue`` leaves all runs to it) and marks runs whose heartbeat stopped
as interrupted. Whoever executes a run first claims it with one conditional UPDATE, so a
thread and the queue never run the same one twice.

``settings.EFFECTS_BACKGROUND`` (environment ``INDGANG_EFFECTS_BACKGROUND``): ``thread``
(the default), ``queue``, or ``inline`` (execute at once in the same thread; tests, demo).
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections.abc import Callable

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from indgang.core.public import background
from indgang.effects import selectors
from indgang.effects.engine import InputValidationError, estimate_effects
from indgang.effects.engine import read_panel as engine_read_panel
from indgang.effects.engine import read_participations as engine_read_participations
from indgang.effects.files import effect_config, result_document
from indgang.effects.models import EffectRun, RunStatus

logger = logging.getLogger(__name__)
Launch = Callable[[int], None]
BACKGROUND_MODES = background.MODES
HEARTBEAT_SECONDS = 5.0
STALE_AFTER = dt.timedelta(minutes=30)
SHOWN_PROBLEMS = 20
# One run at a time per process: a national run needs a few GiB.
_ONE_AT_A_TIME = threading.Lock()


def background_mode() -> str:
    mode = settings.EFFECTS_BACKGROUND
    if mode not in BACKGROUND_MODES:
        raise ValueError(f"EFFECTS_BACKGROUND must be one of {', '.join(BACKGROUND_MODES)}")
    return mode


def launch(execute: Callable[[int], object], job_id: int, name: str) -> None:
    """Execute a job (a run, or a report file: ``downloads``) as ``EFFECTS_BACKGROUND``
    says: at once, in a daemon thread (one job at a time per process), or not at all and
    leave it to the scheduler's `indgang run_effects_queue`."""
    background.launch(execute, job_id, name=name, mode=background_mode(), lock=_ONE_AT_A_TIME)


def launch_run(run_id: int) -> None:
    """Execute the run as ``EFFECTS_BACKGROUND`` says."""
    launch(execute_run, run_id, f"effect-run-{run_id}")


def start_run(person, organisation, options: dict, *, launch: Launch | None = None) -> EffectRun:
    """Queue a run with ``options`` (see ``files.OPTIONS``) and launch it once the
    transaction commits. Raises ValueError for invalid options."""
    effect_config(options)
    run = EffectRun.objects.create(
        started_by=person if person is not None and person.is_authenticated else None,
        organisation=organisation,
        config=options,
        progress_message=_("Waiting to start"),
    )
    starter = launch or launch_run
    transaction.on_commit(lambda: starter(run.pk))
    return run


class Progress:
    """Writes progress to the job's row: when the percentage changes, and as a heartbeat."""

    def __init__(self, run_id: int, model=EffectRun):
        self.run_id = run_id
        self.model = model
        self.percent = 0
        self.written = 0.0

    def __call__(self, percent: int, message: str) -> None:
        percent = max(self.percent, min(int(percent), 100))
        now = time.monotonic()
        if percent == self.percent and now - self.written < HEARTBEAT_SECONDS:
            return
        self.percent, self.written = percent, now
        self.model.objects.filter(pk=self.run_id).update(
            progress=percent, progress_message=message[:200], updated_at=timezone.now()
        )

    def engine(self, done: int, total: int) -> None:
        self(
            15 + 80 * done // max(total, 1),
            _("Estimating effects: step %(done)d of %(total)d") % {"done": done, "total": total},
        )


def execute_run(run_id: int) -> EffectRun | None:
    """Claim a queued run and execute it; None if it was not queued (someone else has it)."""
    now = timezone.now()
    claimed = EffectRun.objects.filter(pk=run_id, status=RunStatus.QUEUED).update(
        status=RunStatus.RUNNING, started_at=now, updated_at=now, progress=0
    )
    if not claimed:
        return None
    run = EffectRun.objects.get(pk=run_id)
    with translation.override(settings.LANGUAGE_CODE):
        progress = Progress(run_id)
        try:
            document = _compute(run, progress)
        except Exception as exc:
            if not isinstance(exc, RunInputError):
                logger.exception("effect run %s failed", run_id)
            EffectRun.objects.filter(pk=run_id).update(
                status=RunStatus.FAILED,
                error=_error_text(exc),
                finished_at=timezone.now(),
                updated_at=timezone.now(),
                progress_message=_("Failed"),
            )
        else:
            EffectRun.objects.filter(pk=run_id).update(
                status=RunStatus.DONE,
                result=document,
                progress=100,
                progress_message=_("Done"),
                finished_at=timezone.now(),
                updated_at=timezone.now(),
            )
    run.refresh_from_db()
    return run


class RunInputError(Exception):
    """The register or the CRM could not give what a run needs; the message says what."""


def register_panel(on_chunk=None, covariates=()):
    """The register's yearly figures as the engine's panel, with ``covariates`` among its
    columns as the analyst's covariates; RunInputError if unusable."""
    frame = selectors.register_panel_frame(on_chunk=on_chunk)
    if frame.empty:
        raise RunInputError(_("The company register has no yearly figures."))
    try:
        return engine_read_panel(frame, covariates=tuple(covariates))
    except InputValidationError as error:
        raise RunInputError(
            describe_problems(_("register"), frame, error, ("cvr", "year"))
        ) from None


def crm_participations():
    """The CRM's participations for the engine; RunInputError if there are none to use."""
    try:
        frame = selectors.crm_participations_frame()
    except selectors.SourceUnavailable:
        raise RunInputError(
            _("The CRM's participations are not available yet, so there is nothing to measure.")
        ) from None
    if frame.empty:
        raise RunInputError(_("The CRM holds no participations yet."))
    try:
        return engine_read_participations(frame)
    except InputValidationError as error:
        raise RunInputError(
            describe_problems(_("CRM participation"), frame, error, ("cvr", "offer_id"))
        ) from None


def _compute(run: EffectRun, progress: Progress) -> dict:
    config = effect_config(run.config)
    progress(1, _("Reading the company register"))
    panel = register_panel(
        on_chunk=lambda rows: progress(
            2, _("Reading the company register: %(rows)s rows") % {"rows": f"{rows:,}"}
        ),
        covariates=config.covariates,
    )
    progress(10, _("Reading the participations from the CRM"))
    participations = crm_participations()
    result = estimate_effects(
        panel, participations, config, progress=lambda done, total, _m: progress.engine(done, total)
    )
    progress(96, _("Saving the result"))
    return result_document(
        result,
        inputs={"panel": "register", "participations": "crm"},
        created_at=timezone.now().isoformat(timespec="seconds"),
    )


def describe_problems(what: str, frame, error: InputValidationError, keys: tuple[str, str]) -> str:
    """The problems of a register or CRM frame, each named by its record (not a row)."""
    lines = []
    for problem in error.problems[:SHOWN_PROBLEMS]:
        if problem.row is None:
            lines.append(f"{what}: {problem.text}")
        else:
            record = frame.iloc[problem.row]
            where = ", ".join(f"{key} {record[key]}" for key in keys)
            lines.append(f"{what} ({where}): {problem.text}")
    if error.total > len(lines):
        lines.append(_("... and %(count)d more problems") % {"count": error.total - len(lines)})
    return "\n".join(lines)


def _error_text(exc: Exception) -> str:
    if isinstance(exc, RunInputError):
        return str(exc)
    return _("The run stopped with an error: %(error)s") % {"error": f"{type(exc).__name__}: {exc}"}


def mark_interrupted(stale_after: dt.timedelta = STALE_AFTER) -> int:
    """Runs that are running but have not reported for ``stale_after`` (the process that
    ran them stopped) are marked failed; returns how many."""
    cutoff = timezone.now() - stale_after
    with translation.override(settings.LANGUAGE_CODE):
        return EffectRun.objects.filter(status=RunStatus.RUNNING, updated_at__lt=cutoff).update(
            status=RunStatus.FAILED,
            error=_("The run was interrupted (the process running it stopped). Start it again."),
            progress_message=_("Interrupted"),
            finished_at=timezone.now(),
        )


def run_queued(limit: int | None = None) -> list[EffectRun]:
    """Execute the queued runs, oldest first; returns the runs this call executed."""
    done = []
    while limit is None or len(done) < limit:
        waiting = (
            EffectRun.objects.filter(status=RunStatus.QUEUED)
            .order_by("created_at", "pk")
            .values_list("pk", flat=True)
            .first()
        )
        if waiting is None:
            break
        run = execute_run(waiting)
        if run is not None:
            done.append(run)
    return done
