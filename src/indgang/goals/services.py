"""Every write in goals: one function per thing a person does, each one transaction.

Services take the ``Viewer`` (person + the organisation they act for), check it with
``goals/permissions.py`` and raise ``PermissionDenied`` or ``ValidationError`` naming the
field, rather than writing something half.
"""

import hashlib
import secrets
from datetime import date
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from indgang.core.limits import MAX_BIGINT
from indgang.crm import public as crm_public
from indgang.crm.models import InteractionType
from indgang.crm.permissions import Viewer, can_read_content
from indgang.goals import computations, selectors
from indgang.goals.models import (
    SHARE_MEASURES,
    Kpi,
    KpiValue,
    Measure,
    PerformanceContract,
    SatisfactionResponse,
    Spending,
    SurveyInvitation,
    Target,
    TargetGroup,
    YearlyReport,
)
from indgang.goals.permissions import (
    can_change_contract,
    can_enter_spending,
    can_freeze,
    can_maintain_goals,
    can_send_survey,
)

# The kinds of guidance after which a satisfaction survey may be sent.
SURVEY_TYPES = crm_public.SURVEY_TYPES


# --- Contracts and targets ---------------------------------------------------------------


def _check_contract(title: str, year, municipalities) -> dict:
    errors = {}
    if not (title or "").strip():
        errors["title"] = _("Give the contract a title.")
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        errors["year"] = _("The year must be between 2000 and 2100.")
    if not municipalities:
        errors["municipalities"] = _("Choose at least one municipality.")
    return errors


@transaction.atomic
def create_contract(viewer: Viewer, *, title, year, municipalities, note="", is_demo=False):
    if not viewer.manages:
        raise PermissionDenied(_("Only an operator's managers may make performance contracts."))
    errors = _check_contract(title, year, municipalities)
    if (
        not errors
        and PerformanceContract.objects.filter(
            operator_id=viewer.organisation_id, year=year, title=title.strip()
        ).exists()
    ):
        errors["title"] = _("Your organisation already has a contract with this title that year.")
    if errors:
        raise ValidationError(errors)
    contract = PerformanceContract.objects.create(
        title=title.strip(),
        year=year,
        operator_id=viewer.organisation_id,
        note=note,
        created_by=viewer.person,
        is_demo=is_demo,
    )
    contract.municipalities.set(municipalities)
    return contract


@transaction.atomic
def update_contract(viewer: Viewer, contract, *, title, year, municipalities, note=""):
    if not can_change_contract(viewer, contract):
        raise PermissionDenied(_("This contract cannot be changed (frozen, or not yours)."))
    errors = _check_contract(title, year, municipalities)
    if errors:
        raise ValidationError(errors)
    contract.title, contract.year, contract.note = title.strip(), year, note
    contract.save()
    contract.municipalities.set(municipalities)
    return contract


def _clean_target(data: dict) -> dict:
    errors = {}
    if not (data.get("name") or "").strip():
        errors["name"] = _("Name the target.")
    if data.get("measure") not in Measure.values:
        errors["measure"] = _("Choose what is counted.")
    if data.get("target_group", TargetGroup.ALL) not in TargetGroup.values:
        errors["target_group"] = _("Choose a target group.")
    types = list(data.get("interaction_types") or [])
    unknown = [t for t in types if t not in InteractionType.values]
    if unknown:
        errors["interaction_types"] = _("Unknown interaction type: %(types)s") % {
            "types": ", ".join(unknown)
        }
    try:
        value = Decimal(str(data.get("value")))
    except (InvalidOperation, TypeError, ValueError):
        value = None
    if value is None or not value.is_finite() or value < 0:
        errors["value"] = _("The target value must be a number of 0 or more.")
    elif data.get("measure") in SHARE_MEASURES and value > 100:
        errors["value"] = _("A share is at most 100 %.")
    if errors:
        raise ValidationError(errors)
    return {
        "name": data["name"].strip(),
        "measure": data["measure"],
        "interaction_types": types,
        "target_group": data.get("target_group", TargetGroup.ALL),
        "in_contract_municipalities": bool(data.get("in_contract_municipalities", True)),
        "value": value,
    }


@transaction.atomic
def add_target(viewer: Viewer, contract, *, goals=(), **data) -> Target:
    if not can_change_contract(viewer, contract):
        raise PermissionDenied(_("This contract cannot be changed (frozen, or not yours)."))
    clean = _clean_target(data)
    position = contract.targets.count()
    target = Target.objects.create(contract=contract, position=position, **clean)
    target.goals.set(goals)
    return target


@transaction.atomic
def update_target(viewer: Viewer, target: Target, *, goals=(), **data) -> Target:
    if not can_change_contract(viewer, target.contract):
        raise PermissionDenied(_("This contract cannot be changed (frozen, or not yours)."))
    for name, value in _clean_target(data).items():
        setattr(target, name, value)
    target.save()
    target.goals.set(goals)
    return target


@transaction.atomic
def delete_target(viewer: Viewer, target: Target) -> None:
    if not can_change_contract(viewer, target.contract):
        raise PermissionDenied(_("This contract cannot be changed (frozen, or not yours)."))
    target.delete()


@transaction.atomic
def freeze_report(viewer: Viewer, contract, today: date | None = None) -> YearlyReport:
    """Keep the contract's figures as they are at the end of its year; they no longer change."""
    if not can_freeze(viewer, contract):
        raise PermissionDenied(_("Only the operator's managers may freeze the yearly report."))
    today = today or timezone.localdate()
    if contract.is_frozen:
        raise ValidationError(_("The yearly report is already frozen."))
    if today <= date(contract.year, 12, 31):
        raise ValidationError(
            {
                "year": _("The yearly report can be frozen when the year %(year)s is over.")
                % {"year": contract.year}
            }
        )
    as_of = date(contract.year, 12, 31)
    rows = [p.as_row() for p in selectors.contract_progress(contract, as_of)]
    return YearlyReport.objects.create(
        contract=contract, as_of=as_of, rows=rows, frozen_by=viewer.person
    )


# --- Satisfaction surveys ---------------------------------------------------------------


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def survey_recipients(viewer: Viewer, interaction) -> list[dict]:
    """Who would get the survey: the interaction's named contact persons, else the
    subject company's contact persons; for events and courses the participants' contacts;
    entrepreneurs by their own email. Only those with an email the viewer may read."""
    from indgang.crm.models import ContactPerson

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
        return contact.anonymised_at is None and can_read_content(viewer, contact)

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
        for c in ContactPerson.objects.filter(company_id=company_id).order_by("pk"):
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
        ) % {"operator": operator, "date": interaction.date.strftime("%d-%m-%Y"), "link": link}
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


# --- Spending ---------------------------------------------------------------------------


@transaction.atomic
def set_spending(viewer: Viewer, *, municipality, year, amount_dkk, source="", is_demo=False):
    if not can_enter_spending(viewer, municipality.pk):
        raise PermissionDenied(
            _("Only managers of an operator serving the municipality may enter its spending.")
        )
    errors = {}
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        errors["year"] = _("The year must be between 2000 and 2100.")
    if not isinstance(amount_dkk, int) or not 0 <= amount_dkk <= MAX_BIGINT:
        errors["amount_dkk"] = _("The spending must be a whole number of kroner, 0 or more.")
    if errors:
        raise ValidationError(errors)
    spending, _created = Spending.objects.update_or_create(
        municipality=municipality,
        year=year,
        defaults={
            "amount_dkk": amount_dkk,
            "source": source.strip(),
            "entered_by": viewer.person,
            "is_demo": is_demo,
        },
    )
    return spending


# --- National goals ---------------------------------------------------------------------


@transaction.atomic
def enter_kpi_value(viewer: Viewer, kpi: Kpi, *, year, value, source) -> KpiValue:
    if not can_maintain_goals(viewer):
        raise PermissionDenied(_("Only the national board maintains the national goals."))
    errors = {}
    if not isinstance(year, int) or not 1990 <= year <= 2100:
        errors["year"] = _("The year must be between 1990 and 2100.")
    try:
        value = Decimal(str(value))
        if not value.is_finite():
            raise InvalidOperation
    except (InvalidOperation, ValueError):
        errors["value"] = _("The value must be a number.")
    if not (source or "").strip():
        errors["source"] = _("Say where the value comes from.")
    if errors:
        raise ValidationError(errors)
    row, _created = KpiValue.objects.update_or_create(
        kpi=kpi,
        year=year,
        defaults={
            "value": value,
            "source": source.strip(),
            "computed": False,
            "entered_by": viewer.person,
        },
    )
    return row


@transaction.atomic
def compute_kpi_value(kpi: Kpi, year: int, viewer: Viewer | None = None) -> KpiValue | None:
    """Compute and store the KPI's value for ``year`` from its named computation."""
    if viewer is not None and not can_maintain_goals(viewer):
        raise PermissionDenied(_("Only the national board maintains the national goals."))
    computation = computations.REGISTRY.get(kpi.computation)
    if computation is None:
        raise ValidationError({"computation": _("This KPI is entered by hand, not computed.")})
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        raise ValidationError({"year": _("The year must be between 2000 and 2100.")})
    value = computation.function(year, kpi.parameter)
    if value is None:
        return None
    row, _created = KpiValue.objects.update_or_create(
        kpi=kpi,
        year=year,
        defaults={
            "value": value,
            "source": str(computation.source),
            "computed": True,
            "entered_by": viewer.person if viewer else None,
        },
    )
    return row
