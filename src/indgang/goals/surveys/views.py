"""Pages for satisfaction surveys: the operator's list and sending, and the public page where
the survey is answered with a one-time token. Thin: they parse, check with
``permissions``, and call ``services`` and ``selectors``."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from indgang.core.public import add_service_errors, paginate
from indgang.crm import public as crm_public
from indgang.goals import exports, pages, permissions
from indgang.goals.surveys import selectors, services
from indgang.goals.surveys.forms import SurveyForm
from indgang.goals.surveys.models import SurveyInvitation

# Invitations a page: every one of them made the page grow with the years (2,000 rows at
# national size took 1.2 s to render); the downloads keep them all.
PAGE_SIZE = 50


@login_required
def surveys(request):
    viewer = permissions.staff_viewer(request)
    if not viewer.is_staff:
        raise PermissionDenied
    comments = permissions.can_read_comments(viewer, viewer.organisation_id)
    invitations = selectors.survey_invitations(viewer)
    headers = [
        _("Sent"),
        _("Guidance"),
        _("Date of the guidance"),
        _("Answered"),
        _("Satisfaction"),
    ]
    if comments:
        headers.append(_("Comment"))

    def row(inv) -> list:
        response = getattr(inv, "response", None)
        cells = [
            timezone.localtime(inv.sent_at).date(),
            inv.interaction.title or inv.interaction.get_type_display(),
            inv.interaction.date,
            timezone.localtime(response.answered_at).date() if response else None,
            response.score if response else None,
        ]
        if comments:
            cells.append(response.comment if response else "")
        return cells

    if request.GET.get("export") in exports.FORMATS:
        # The downloads hold every invitation; the page one page of them (PAGE_SIZE).
        table = pages.table(
            "surveys", _("Satisfaction surveys"), headers, [row(inv) for inv in invitations]
        )
        return pages.export(request, [table], "tilfredshed")
    page = paginate(request, invitations, PAGE_SIZE)
    table = pages.table(
        "surveys", _("Satisfaction surveys"), headers, [row(inv) for inv in page.object_list]
    )
    summary = selectors.survey_summary(viewer.organisation_id, pages.year(request))
    pending = selectors.surveyable_interactions(viewer, services.SURVEY_TYPES)
    return render(
        request,
        "goals/surveys.html",
        {"table": table, "page": page, "summary": summary, "pending": pending},
    )


@login_required
def survey_send(request, interaction_pk: int):
    viewer = permissions.staff_viewer(request)
    interaction = (
        crm_public.interactions()
        .select_related("organisation", "company")
        .filter(pk=interaction_pk)
        .first()
    )
    if interaction is None or not permissions.can_send_survey(viewer, interaction):
        raise Http404
    if request.method == "POST":
        try:
            sent = services.send_surveys(viewer, interaction, request.build_absolute_uri("/")[:-1])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request, _("The survey was sent to %(n)s recipients.") % {"n": len(sent)}
            )
            return redirect("goals:surveys")
    already = set(interaction.survey_invitations.values_list("email", flat=True))
    recipients = services.survey_recipients(viewer, interaction)
    return render(
        request,
        "goals/survey_send.html",
        {
            "interaction": interaction,
            "recipients": [r for r in recipients if r["email"] not in already],
            "already": sorted(already),
            "allowed_type": interaction.type in services.SURVEY_TYPES,
        },
    )


def survey(request, token: str):
    """The public survey page: no login, a one-time token."""
    invitation = services.invitation_for(token)
    if invitation is None:
        raise Http404
    context = {
        "operator": invitation.organisation.name,
        "date": invitation.interaction.date,
        "kind": invitation.interaction.get_type_display(),
    }
    if SurveyInvitation.objects.filter(pk=invitation.pk, response__isnull=False).exists():
        return render(request, "goals/survey_done.html", {**context, "already": True})
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.answer_survey(token, **form.cleaned_data)
        except services.AlreadyAnswered:
            return render(request, "goals/survey_done.html", {**context, "already": True})
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return render(request, "goals/survey_done.html", {**context, "already": False})
    return render(request, "goals/survey.html", {**context, "form": form})
