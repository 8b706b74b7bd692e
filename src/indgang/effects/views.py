from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from indgang.effects import exports, selectors, services
from indgang.effects.forms import StartRunForm
from indgang.effects.models import RunStatus
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


@login_required
def report_pdf(request, pk: int):
    found, elsewhere = _finished(request, pk)
    if elsewhere:
        return elsewhere
    return _download(exports.pdf(report(found)), "application/pdf", f"effektmaaling-{pk}.pdf")


@login_required
def report_xlsx(request, pk: int):
    found, elsewhere = _finished(request, pk)
    if elsewhere:
        return elsewhere
    return _download(
        exports.xlsx(report(found)),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        f"effektmaaling-{pk}.xlsx",
    )


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
