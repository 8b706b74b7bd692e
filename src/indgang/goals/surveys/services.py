"""Every write for satisfaction surveys: sending them after guidance, and storing the answer
given through the one-time link. Only the token's SHA-256 is stored."""

import hashlib
import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from indgang.crm import public as crm_public
from indgang.goals.permissions import can_send_survey
from indgang.goals.surveys.models import SatisfactionResponse, SurveyInvitation
from indgang.organisations.public import Viewer

# The kinds of guidance after which a satisfaction survey may be sent.
SURVEY_TYPES = crm_public.SURVEY_TYPES


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def survey_recipients(viewer: Viewer, interaction) -> list[dict]:
    """Who would get the survey: the interaction's named contact persons, else the
    subject company's contact persons; for events and courses the participants' contacts;
    entrepreneurs by their own email. Only those with an email the viewer may read."""
    recipients: dict[str, dict] = {}

    def add(email, contact=None, entrepreneur=None, label=""):
        email = (email or "").strip().lower()
        if email and email not in recipients:
            recipients[email] = {
                "email": email,
                "contact": contact,
                "entrepreneur": entrepreneur,
                "label": label,
            }

    def readable(contact):
        return contact.anonymised_at is None and crm_public.can_read_content(viewer, contact)

    named = [c for c in interaction.contacts.all() if readable(c)]
    for c in named:
        add(c.email, contact=c, label=c.name)
    companies = []
    if interaction.company_id and not named:
        companies.append(interaction.company_id)
    entrepreneurs = [interaction.entrepreneur] if interaction.entrepreneur_id else []
    for p in interaction.participants.select_related("entrepreneur"):
        if p.company_id:
            companies.append(p.company_id)
        if p.entrepreneur_id:
            entrepreneurs.append(p.entrepreneur)
    for company_id in companies:
        for c in crm_public.contact_persons().filter(company_id=company_id).order_by("pk"):
            if readable(c) and c.email:
                add(c.email, contact=c, label=c.name)
                break  # one survey per company: its first contact person with an email
    for e in entrepreneurs:
        if e.organisation_id == viewer.organisation_id and e.anonymised_at is None:
            add(e.email, entrepreneur=e, label=e.name)
    return list(recipients.values())


@transaction.atomic
def send_surveys(viewer: Viewer, interaction, base_url: str = "") -> list[SurveyInvitation]:
    """Send the satisfaction survey to everyone who has not had it for this interaction."""
    if not can_send_survey(viewer, interaction):
        raise PermissionDenied(_("Only the operator that gave the guidance may send the survey."))
    if interaction.type not in SURVEY_TYPES:
        raise ValidationError(
            {"interaction": _("Surveys are sent after one-to-one sessions, courses and events.")}
        )
    already = set(interaction.survey_invitations.values_list("email", flat=True))
    recipients = [r for r in survey_recipients(viewer, interaction) if r["email"] not in already]
    if not recipients:
        raise ValidationError(
            {"recipients": _("Nobody with an email address is left to send the survey to.")}
        )
    invitations = []
    operator = interaction.organisation.name
    for r in recipients:
        token = secrets.token_urlsafe(24)
        invitation = SurveyInvitation.objects.create(
            interaction=interaction,
            organisation_id=interaction.organisation_id,
            contact=r["contact"],
            entrepreneur=r["entrepreneur"],
            email=r["email"],
            token_hash=token_hash(token),
            sent_by=viewer.person,
        )
        link = base_url + reverse("goals:survey", args=[token])
        body = _(
            "Hello\n\n%(operator)s would like to know how satisfied you were with the "
            "guidance on %(date)s. Answering takes a minute, and you need no login:\n\n"
            "%(link)s\n\nThe link can be used once.\n\nKind regards\n%(operator)s"
        ) % {"operator": operator, "date": date_format(interaction.date, "j. F Y"), "link": link}
        send_mail(
            _("How satisfied were you with the guidance?"),
            body,
            settings.DEFAULT_FROM_EMAIL,
            [r["email"]],
        )
        invitation.token = token  # for the caller (tests, API); never stored
        invitations.append(invitation)
    return invitations


class AlreadyAnswered(Exception):
    pass


def invitation_for(token: str) -> SurveyInvitation | None:
    if not token or len(token) > 100:
        return None
    return (
        SurveyInvitation.objects.select_related("interaction", "organisation")
        .filter(token_hash=token_hash(token))
        .first()
    )


def answer_survey(token: str, score, comment: str = "") -> SatisfactionResponse:
    """Store the answer; a second answer raises ``AlreadyAnswered`` and changes nothing."""
    invitation = invitation_for(token)
    if invitation is None:
        raise SurveyInvitation.DoesNotExist
    try:
        score = int(score)
    except (TypeError, ValueError):
        score = 0
    if not 1 <= score <= 5:
        raise ValidationError({"score": _("Choose a number from 1 to 5.")})
    comment = (comment or "").strip()
    if len(comment) > 2000:
        raise ValidationError({"comment": _("The comment can be at most 2,000 characters.")})
    try:
        with transaction.atomic():
            return SatisfactionResponse.objects.create(
                invitation=invitation, score=score, comment=comment
            )
    except IntegrityError:
        raise AlreadyAnswered from None
