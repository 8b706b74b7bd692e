"""The report's files (PDF, spreadsheet), made in the background with progress.

A national report's spreadsheet or PDF takes from seconds to a minute, too long for a
request. So a file is made the way a run is (decision 0008, ``services.launch``): asked
for (:func:`request_export`), it is queued and, once the transaction commits, made in a
daemon thread, at once (``EFFECTS_BACKGROUND=inline``) or by the scheduler's
`indgang run_effects_queue` (``queue``). Whoever makes it first claims it with one
conditional UPDATE. The page polls its progress and downloads it when it is done; a done
file is kept and served again as it is, since a finished run's result never changes.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from indgang.effects import exports
from indgang.effects.models import EffectExport, EffectRun, ExportKind, RunStatus
from indgang.effects.report import report
from indgang.effects.services import STALE_AFTER, Launch, Progress, launch

logger = logging.getLogger(__name__)
CONTENT_TYPES = {
    ExportKind.PDF: "application/pdf",
    ExportKind.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def filename(export: EffectExport) -> str:
    return f"effektmaaling-{export.run_id}.{export.kind}"


def find_export(run: EffectRun, kind: str, language: str) -> EffectExport | None:
    return (
        EffectExport.objects.defer("content").filter(run=run, kind=kind, language=language).first()
    )


def request_export(
    run: EffectRun, kind: str, language: str, *, launch_with: Launch | None = None
) -> EffectExport:
    """The run's file of ``kind`` in ``language``: as it is when done, queued or running;
    a new one (or a failed one again) queued and launched once the transaction commits."""
    if kind not in ExportKind.values:
        raise ValueError(f"kind must be one of {', '.join(ExportKind.values)}")
    export, created = EffectExport.objects.get_or_create(
        run=run,
        kind=kind,
        language=language,
        defaults={"progress_message": _("Waiting to start")},
    )
    if not created and export.status != RunStatus.FAILED:
        return export
    if not created:
        EffectExport.objects.filter(pk=export.pk, status=RunStatus.FAILED).update(
            status=RunStatus.QUEUED,
            progress=0,
            progress_message=_("Waiting to start"),
            error="",
            updated_at=timezone.now(),
        )
        export.refresh_from_db()
    starter = launch_with or launch_export
    transaction.on_commit(lambda: starter(export.pk))
    # made already when nothing waited for a commit and EFFECTS_BACKGROUND is inline
    return EffectExport.objects.defer("content").get(pk=export.pk)


def launch_export(export_id: int) -> None:
    launch(execute_export, export_id, f"effect-export-{export_id}")


def execute_export(export_id: int) -> EffectExport | None:
    """Claim a queued file and make it; None if it was not queued (someone else has it)."""
    now = timezone.now()
    claimed = EffectExport.objects.filter(pk=export_id, status=RunStatus.QUEUED).update(
        status=RunStatus.RUNNING, updated_at=now, progress=0
    )
    if not claimed:
        return None
    export = EffectExport.objects.select_related("run").get(pk=export_id)
    with translation.override(export.language):
        progress = Progress(export_id, model=EffectExport)
        try:
            progress(2, _("Reading the result"))
            context = report(export.run)
            make = exports.xlsx if export.kind == ExportKind.XLSX else exports.pdf
            content = make(context, progress=progress)
        except Exception as exc:
            logger.exception("effect export %s failed", export_id)
            EffectExport.objects.filter(pk=export_id).update(
                status=RunStatus.FAILED,
                error=_("The file could not be made: %(error)s")
                % {"error": f"{type(exc).__name__}: {exc}"},
                progress_message=_("Failed"),
                finished_at=timezone.now(),
                updated_at=timezone.now(),
            )
        else:
            EffectExport.objects.filter(pk=export_id).update(
                status=RunStatus.DONE,
                content=content,
                progress=100,
                progress_message=_("Done"),
                finished_at=timezone.now(),
                updated_at=timezone.now(),
            )
    return EffectExport.objects.defer("content").get(pk=export_id)


def run_queued_exports(limit: int | None = None) -> list[EffectExport]:
    """Make the queued files, oldest first; returns those this call made."""
    done = []
    while limit is None or len(done) < limit:
        waiting = (
            EffectExport.objects.filter(status=RunStatus.QUEUED)
            .order_by("created_at", "pk")
            .values_list("pk", flat=True)
            .first()
        )
        if waiting is None:
            break
        export = execute_export(waiting)
        if export is not None:
            done.append(export)
    return done


def mark_exports_interrupted(stale_after=STALE_AFTER) -> int:
    """Files being made whose progress stopped (the process died) are marked failed, so
    asking for them again starts them afresh; returns how many."""
    cutoff = timezone.now() - stale_after
    return EffectExport.objects.filter(status=RunStatus.RUNNING, updated_at__lt=cutoff).update(
        status=RunStatus.FAILED,
        progress_message="interrupted",
        finished_at=timezone.now(),
    )
