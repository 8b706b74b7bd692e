from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from indgang.effects import downloads, selectors, services
from indgang.effects.forms import StartRunForm
from indgang.effects.models import EffectExport, ExportKind, RunStatus
from indgang.effects.permissions import organisation_for_run, require_effects_access
from indgang.effects.report import report

LISTED = 50


@login_required
def runs(request):
    """The runs, newest first, and the form that starts one."""
    require_effects_access(request.user)
    form = StartRunForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        run = services.start_run(
            request.user,
            organisation_for_run(request.user, request.membership or None),
            form.options(),
        )
        return redirect("effects:run", pk=run.pk)
    return render(
        request,
        "effects/runs.html",
        {"form": form, "runs": selectors.runs_for(request.user)[:LISTED]},
    )


def _run_or_404(request, pk):
    require_effects_access(request.user)
    run = selectors.run_for(request.user, pk)
    if run is None:
        raise Http404
    return run


@login_required
def run(request, pk: int):
    """One run: its settings and progress; htmx polls the status part while it runs."""
    found = _run_or_404(request, pk)
    template = "effects/_status.html" if request.htmx else "effects/run.html"
    return render(request, template, {"run": found})


def _finished(request, pk):
    found = _run_or_404(request, pk)
    if found.status != RunStatus.DONE:
        return found, redirect("effects:run", pk=found.pk)
    return found, None


@login_required
def run_report(request, pk: int):
    found, elsewhere = _finished(request, pk)
    return elsewhere or render(request, "effects/report.html", report(found))


def _kind_or_404(kind: str) -> str:
    if kind not in ExportKind.values:
        raise Http404
    return kind


@login_required
def report_file(request, pk: int, kind: str):
    """The report as a file, once it is made; until then its page, which makes it."""
    found, elsewhere = _finished(request, pk)
    if elsewhere:
        return elsewhere
    made = downloads.find_export(found, _kind_or_404(kind), request.LANGUAGE_CODE)
    if made is None or made.status != RunStatus.DONE:
        return redirect("effects:export", pk=found.pk, kind=kind)
    content = EffectExport.objects.values_list("content", flat=True).get(pk=made.pk)
    response = HttpResponse(bytes(content), content_type=downloads.CONTENT_TYPES[kind])
    response["Content-Disposition"] = f'attachment; filename="{downloads.filename(made)}"'
    return response


@login_required
def export(request, pk: int, kind: str):
    """Make the report's file in the background (POST) and follow it (GET; htmx polls the
    status part, which starts the download when the file is done)."""
    found, elsewhere = _finished(request, pk)
    if elsewhere:
        return elsewhere
    kind = _kind_or_404(kind)
    if request.method == "POST":
        made = downloads.request_export(found, kind, request.LANGUAGE_CODE)
        if made.status == RunStatus.DONE:
            return redirect("effects:report_file", pk=found.pk, kind=kind)
        return redirect("effects:export", pk=found.pk, kind=kind)
    made = downloads.find_export(found, kind, request.LANGUAGE_CODE)
    context = {"run": found, "kind": kind, "export": made, "auto_download": bool(request.htmx)}
    template = "effects/_export_status.html" if request.htmx else "effects/export.html"
    return render(request, template, context)
