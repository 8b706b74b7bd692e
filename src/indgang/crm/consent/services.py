"""Giving and withdrawing a company's consent to sharing its file (decision 0018).

A consent is recorded by the operator that met the company, in that meeting; it is
dated that day, never in the future. The company gets a receipt with a link that shows
what it agreed to and withdraws it in one step, without a login. Only the company and the
recording operator can withdraw it. Each operator whose notes a consent opens finds in its
access log who recorded it.
"""

import hashlib
import secrets
from datetime import datetime, time

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from indgang.audit.public import Action
from indgang.audit.public import record as audit
from indgang.crm.models import (
    Consent,
    ConsentScope,
    ContactPerson,
    Interaction,
    NeedsAssessment,
    Participant,
    WithdrawnVia,
)
from indgang.crm.writing import log_change, require_writer
from indgang.organisations.public import Organisation, Viewer
from indgang.registry.public import Company

# The version of the consent text below; a new wording gets a new version, and each
# consent keeps the text and the version it was given on.
TEXT_VERSION = "2026-12-05"


def sharing_consent_text(operator_names=()) -> str:
    """The exact text the company agrees to: to every operator, or to those named."""
    if operator_names:
        return _(
            "The company agrees that these operators of the Danish business promotion system "
            "may see the notes, needs assessments and contact persons recorded about it, so "
            "that it is helped in a coordinated way: %(operators)s. The consent can be "
            "withdrawn at any time."
        ) % {"operators": ", ".join(operator_names)}
    return _(
        "The company agrees that the operators of the Danish business promotion system may "
        "see the notes, needs assessments and contact persons recorded about it, so that it "
        "is helped in a coordinated way. The consent can be withdrawn at any time."
    )


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def meetings_with(viewer: Viewer, company: Company):
    """The meetings in which the viewer's organisation may record the company's consent:
    its own interactions with the company (or events it took part in), up to today."""
    # The company's own interactions and the events it took part in, each by its index
    # (an OR over the participants' join scanned every interaction of the organisation).
    ids = (
        Interaction.objects.filter(company=company)
        .order_by()
        .values("pk")
        .union(Participant.objects.filter(company=company).order_by().values("interaction_id"))
    )
    return Interaction.objects.filter(
        pk__in=ids,
        organisation_id=viewer.organisation_id,
        anonymised_at__isnull=True,
        date__lte=timezone.localdate(),
    ).order_by("-date", "-pk")


def _consent_moment(interaction: Interaction, given_at: datetime | None) -> datetime:
    if given_at is not None:
        return given_at if timezone.is_aware(given_at) else timezone.make_aware(given_at)
    if interaction.date == timezone.localdate():
        return timezone.now()
    return timezone.make_aware(datetime.combine(interaction.date, time(12, 0)))


def _holders(company: Company, consent: Consent) -> list[str]:
    """The other organisations holding notes on the company that the consent opens."""
    held = set()
    for model in (ContactPerson, Interaction, NeedsAssessment):
        held.update(
            model.objects.filter(company=company, anonymised_at__isnull=True)
            .exclude(organisation_id=consent.organisation_id)
            .values_list("organisation_id", flat=True)
        )
    if consent.scope == ConsentScope.NAMED:
        held &= set(consent.operators.values_list("pk", flat=True))
    return sorted(held)


def _send_receipt(consent: Consent, link: str) -> None:
    context = {"consent": consent, "link": link}
    with translation.override("da"):
        send_mail(
            _("Receipt for your consent to sharing"),
            render_to_string("crm/consent_receipt.txt", context),
            None,
            [consent.receipt_email],
        )


@transaction.atomic
def give_consent(
    viewer: Viewer,
    company: Company,
    *,
    interaction: Interaction | None,
    given_by: str,
    given_at: datetime | None = None,
    scope: str = ConsentScope.ALL,
    operators=(),
    receipt_email: str = "",
    link_base: str = "",
) -> Consent:
    """Record the company's consent, given in ``interaction`` (a meeting of the viewer's
    organisation with the company). ``link_base`` is the site's address for the receipt's
    link (``https://host``)."""
    require_writer(viewer)
    errors = {}
    if not given_by.strip():
        errors["given_by"] = _("Say who gave the consent on the company's behalf.")
    if interaction is None or not meetings_with(viewer, company).filter(pk=interaction.pk):
        errors["interaction"] = _(
            "A consent is recorded in a meeting with the company: choose the meeting your "
            "organisation had with it (log the meeting first)."
        )
    operators = list(operators)
    if scope not in ConsentScope.values:
        errors["scope"] = _("Choose whom the consent opens the company's file to.")
    elif scope == ConsentScope.NAMED and not operators:
        errors["operators"] = _("Name the operators the consent opens the company's file to.")
    receipt_email = receipt_email.strip()
    if receipt_email:
        try:
            validate_email(receipt_email)
        except ValidationError:
            errors["receipt_email"] = _("Enter a valid email address.")
    if errors:
        raise ValidationError(errors)
    moment = _consent_moment(interaction, given_at)
    if moment > timezone.now():
        raise ValidationError({"given_at": _("A consent cannot be dated in the future.")})
    if timezone.localdate(moment) != interaction.date:
        raise ValidationError(
            {
                "given_at": _("The consent is dated the day of the meeting (%(date)s).")
                % {"date": date_format(interaction.date, "j. F Y")}
            }
        )
    named = scope == ConsentScope.NAMED
    token = secrets.token_urlsafe(32) if receipt_email else ""
    consent = Consent.objects.create(
        company=company,
        organisation_id=viewer.organisation_id,
        interaction=interaction,
        given_by=given_by.strip(),
        text=sharing_consent_text(sorted({o.name for o in operators}) if named else ()),
        text_version=TEXT_VERSION,
        scope=scope,
        given_at=moment,
        receipt_email=receipt_email,
        token_hash=token_hash(token) if token else "",
        recorded_by=viewer.person,
    )
    if named:
        # The operator that records it is always among those it opens the file to.
        consent.operators.set({*operators, Organisation.objects.get(pk=viewer.organisation_id)})
    # A consent opens other operators' notes: who recorded it is logged for each of them.
    log_change(viewer, Action.CREATE, [consent])
    for holder in _holders(company, consent):
        audit(
            person=viewer.person,
            acting_organisation_id=viewer.organisation_id,
            action=Action.CREATE,
            records=[consent],
            owner_organisation_id=holder,
        )
    if token:
        transaction.on_commit(lambda: _send_receipt(consent, f"{link_base}/samtykke/{token}/"))
    return consent


@transaction.atomic
def withdraw_consent(viewer: Viewer, consent: Consent, *, interaction=None) -> Consent:
    """The recording operator withdraws it (on the company's word, optionally in a meeting
    it logged); another operator cannot."""
    require_writer(viewer)
    if consent.organisation_id != viewer.organisation_id:
        raise PermissionDenied(
            _(
                "Only the operator that recorded the consent, or the company itself, can withdraw it."
            )
        )
    if interaction is not None and interaction.organisation_id != viewer.organisation_id:
        raise ValidationError({"interaction": _("Choose a meeting of your own organisation.")})
    if consent.withdrawn_at is None:
        consent.withdrawn_at = timezone.now()
        consent.withdrawn_via = WithdrawnVia.RECORDING_OPERATOR
        consent.withdrawn_in = interaction
        consent.save(update_fields=["withdrawn_at", "withdrawn_via", "withdrawn_in"])
        log_change(viewer, Action.CHANGE, [consent])
    return consent


def consent_by_link(token: str) -> Consent | None:
    """The consent a receipt's link shows (no login: the secret in the link is the key)."""
    if not token or len(token) > 100:
        return None
    return (
        Consent.objects.filter(token_hash=token_hash(token))
        .select_related("company", "organisation")
        .first()
    )


@transaction.atomic
def withdraw_by_link(token: str) -> Consent | None:
    """The company withdraws its consent through its receipt's link."""
    consent = consent_by_link(token)
    if consent is not None and consent.withdrawn_at is None:
        consent.withdrawn_at = timezone.now()
        consent.withdrawn_via = WithdrawnVia.COMPANY_LINK
        consent.save(update_fields=["withdrawn_at", "withdrawn_via"])
        audit(
            person=None,
            acting_organisation_id=None,
            action=Action.CHANGE,
            records=[consent],
        )
    return consent
