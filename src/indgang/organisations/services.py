"""Writes about organisations and their members. Each function is one transaction and
checks that the acting person may do it."""

import hashlib
import secrets

from django.contrib.auth.forms import PasswordResetForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils.translation import gettext as _

from indgang.organisations.models import ApiToken, Membership, Organisation, Person, Role
from indgang.organisations.permissions import can_manage_members


def _require_admin(actor: Person, organisation: Organisation) -> None:
    if not can_manage_members(actor, organisation):
        raise PermissionDenied(_("Only the organisation's administrators can manage its members."))


def _ensure_another_admin(membership: Membership) -> None:
    others = membership.organisation.memberships.filter(role=Role.ADMIN).exclude(pk=membership.pk)
    if membership.role == Role.ADMIN and not others.exists():
        raise ValidationError(
            _("The organisation must keep at least one administrator."), code="last_admin"
        )


@transaction.atomic
def add_member(
    *,
    actor: Person,
    organisation: Organisation,
    email: str,
    full_name: str,
    role: str,
    request=None,
) -> tuple[Membership, bool]:
    """Give a person a role in the organisation; create the person if new.

    A new person gets a random password nobody knows and is sent Django's password-reset
    email, so they choose their own. Returns the membership and whether the person was created.
    """
    _require_admin(actor, organisation)
    email = email.strip().lower()
    person = Person.objects.filter(email__iexact=email).first()
    created = person is None
    if created:
        person = Person.objects.create_user(
            email=email, full_name=full_name.strip(), password=secrets.token_urlsafe(32)
        )
    if Membership.objects.filter(person=person, organisation=organisation).exists():
        raise ValidationError(
            _("%(email)s is already a member of %(organisation)s.")
            % {"email": email, "organisation": organisation.name},
            code="already_member",
        )
    membership = Membership.objects.create(person=person, organisation=organisation, role=role)
    if created:
        transaction.on_commit(lambda: send_invitation(person, request=request))
    else:
        # Someone who already has a login is told, so that nobody is made a member of an
        # organisation (and shown to its administrators) without knowing it.
        transaction.on_commit(lambda: send_membership_notice(membership, actor))
    return membership, created


def send_invitation(person: Person, *, request=None) -> None:
    """Email the person a link to set their password (Django's password reset flow)."""
    form = PasswordResetForm({"email": person.email})
    if form.is_valid():
        form.save(
            request=request,
            use_https=bool(request and request.is_secure()),
            domain_override=None if request else "localhost:8000",
        )


def send_membership_notice(membership: Membership, actor: Person) -> None:
    """Tell a person with a login that an administrator made them a member."""
    values = {
        "name": membership.person.full_name,
        "organisation": membership.organisation.name,
        "role": membership.get_role_display(),
        "actor": actor.full_name,
        "actor_email": actor.email,
    }
    send_mail(
        _("You are now a member of %(organisation)s in Indgang") % values,
        _(
            "Dear %(name)s,\n\n"
            "%(actor)s (%(actor_email)s) has made you a member of %(organisation)s in Indgang, "
            "with the role %(role)s. You log in as before and can switch between your "
            "organisations at the top of each page.\n\n"
            "If you do not work for %(organisation)s, reply to %(actor_email)s or ask an "
            "administrator of one of your own organisations to have the membership removed."
        )
        % values,
        None,
        [membership.person.email],
    )


@transaction.atomic
def change_role(*, actor: Person, membership: Membership, role: str) -> Membership:
    _require_admin(actor, membership.organisation)
    if role != Role.ADMIN:
        _ensure_another_admin(membership)
    membership.role = role
    membership.full_clean()
    membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def remove_member(*, actor: Person, membership: Membership) -> None:
    _require_admin(actor, membership.organisation)
    _ensure_another_admin(membership)
    membership.delete()


def create_api_token(*, person: Person, name: str) -> str:
    """Make a bearer token for the person and return its key (shown once, stored hashed)."""
    key = secrets.token_urlsafe(32)
    ApiToken.objects.create(person=person, name=name, prefix=key[:8], key_hash=hash_token(key))
    return key


def hash_token(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()
