"""Writes of accounts and roles: add a user, change or deactivate one; give a user a
role on a unit, take it away.

Each checks that the acting user may (`permissions.can_grant_role`: nobody gives more
than they hold; `permissions.can_change_account`: nobody changes an account whose roles
they could not give), writes the row and its history row with who did it, in one
transaction. The roles count on the day of the change (`timezone.localdate()`).

An account added here has no usable password. Where OpenID Connect is on, its owner
signs in through the identity provider with the same username; otherwise
`user_password_link` makes a one-time link (Django's password-reset token, valid for
`PASSWORD_RESET_TIMEOUT`) on which they choose a password.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from styra.formats.text import clean_line
from styra.org.models import Unit

from . import permissions
from .history import delete_as, save_as
from .models import Role, UnitRole


def _require_grant(user, unit: Unit, role: str, inherit: bool) -> None:
    permissions.require(
        permissions.can_grant_role(user, unit, role, inherit, timezone.localdate()),
        _(
            "Du får bara ge eller ta bort roller som du själv har på enheten "
            "%(code)s och de enheter rollen gäller för."
        )
        % {"code": unit.code},
    )


@transaction.atomic
def unit_role_grant(*, holder, unit: Unit, role: str, inherit: bool = True, user) -> UnitRole:
    """Give `holder` the `role` on `unit` (and, with `inherit`, the units under it)."""
    if role not in Role.values:
        raise ValidationError({"role": _("Okänd roll.")}, code="unknown_role")
    _require_grant(user, unit, role, inherit)
    if not holder.is_active:
        raise ValidationError(
            {"holder": _("Kontot %(user)s är inaktiverat.") % {"user": holder.get_username()}},
            code="inactive",
        )
    if UnitRole.objects.select_for_update().filter(user=holder, unit=unit, role=role).exists():
        raise ValidationError(
            {
                "role": _("%(user)s har redan rollen %(role)s på %(code)s.")
                % {
                    "user": holder.get_username(),
                    "role": Role(role).label,
                    "code": unit.code,
                }
            },
            code="exists",
        )
    unit_role = UnitRole(user=holder, unit=unit, role=role, inherit=inherit)
    save_as(unit_role, user)
    return unit_role


@transaction.atomic
def unit_role_revoke(*, unit_role: UnitRole, user) -> None:
    """Take the role away; the history keeps that it was held, and who removed it."""
    unit_role = UnitRole.objects.select_for_update().select_related("unit").get(pk=unit_role.pk)
    _require_grant(user, unit_role.unit, unit_role.role, unit_role.inherit)
    delete_as(unit_role, user)


# --- accounts ----------------------------------------------------------------------------

NAME_MAX_CHARS = 150


def _require_account_manager(user) -> None:
    permissions.require(
        permissions.may_manage_accounts(user),
        _("Bara administratörer och controller får lägga upp och ändra användare."),
    )


def _require_change(user, target) -> None:
    _require_account_manager(user)
    if target.pk == user.pk:
        raise PermissionDenied(_("Du kan inte ändra eller inaktivera ditt eget konto här."))
    permissions.require(
        permissions.can_change_account(user, target, timezone.localdate()),
        _(
            "Du får bara ändra konton vars alla roller du själv får ge; en superanvändares "
            "konto ändras bara av en superanvändare."
        ),
    )


def _clean_username(raw: str) -> str:
    username = clean_line(raw).strip()
    if not username:
        raise ValidationError({"username": _("Ange ett användarnamn.")}, code="required")
    if len(username) > NAME_MAX_CHARS:
        raise ValidationError(
            {
                "username": _("Användarnamnet får vara högst %(max)s tecken.")
                % {"max": NAME_MAX_CHARS}
            },
            code="max_length",
        )
    validator = UnicodeUsernameValidator(
        message=_(
            "Användarnamnet får bara innehålla bokstäver, siffror och tecknen @ . + - _ "
            "(inga mellanslag)."
        )
    )
    try:
        validator(username)
    except ValidationError as exc:
        raise ValidationError({"username": exc.messages}, code="invalid") from None
    if get_user_model().objects.filter(username__iexact=username).exists():
        raise ValidationError(
            {
                "username": _(
                    "Användarnamnet %(username)s finns redan (stora och små bokstäver "
                    "räknas som samma)."
                )
                % {"username": username}
            },
            code="exists",
        )
    return username


def _clean_person(first_name: str, last_name: str, email: str) -> dict[str, str]:
    """The names and e-mail as stored: single lines, within the columns; the e-mail
    (optional) a valid address."""
    errors: dict[str, str] = {}
    data = {
        "first_name": clean_line(first_name).strip(),
        "last_name": clean_line(last_name).strip(),
        "email": clean_line(email).strip(),
    }
    messages = {
        "first_name": (_("Ange förnamnet."), _("Förnamnet får vara högst %(max)s tecken.")),
        "last_name": (_("Ange efternamnet."), _("Efternamnet får vara högst %(max)s tecken.")),
    }
    for field, (missing, too_long) in messages.items():
        if not data[field]:
            errors[field] = missing
        elif len(data[field]) > NAME_MAX_CHARS:
            errors[field] = too_long % {"max": NAME_MAX_CHARS}
    if data["email"]:
        try:
            validate_email(data["email"])
        except ValidationError:
            errors["email"] = _("E-postadressen %(email)s är inte en giltig adress.") % {
                "email": data["email"]
            }
        else:
            data["email"] = get_user_model().objects.normalize_email(data["email"])
    if errors:
        raise ValidationError(errors, code="invalid")
    return data


@transaction.atomic
def user_create(*, username: str, first_name: str, last_name: str, email: str, user):
    """Add an active account without a usable password (see the module doc for how its
    owner signs in); it gets its roles from `unit_role_grant`."""
    _require_account_manager(user)
    errors: dict[str, list[str]] = {}
    try:
        username = _clean_username(username)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    try:
        person = _clean_person(first_name, last_name, email)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    account = get_user_model()(username=username, is_active=True, **person)
    account.set_unusable_password()
    save_as(account, user)
    return account


@transaction.atomic
def user_update(*, target, first_name: str, last_name: str, email: str, user):
    """Change the account's names and e-mail (its username stays)."""
    target = get_user_model().objects.select_for_update().get(pk=target.pk)
    _require_change(user, target)
    person = _clean_person(first_name, last_name, email)
    for field, value in person.items():
        setattr(target, field, value)
    save_as(target, user, update_fields=list(person))
    return target


def _set_active(target, user, active: bool):
    target = get_user_model().objects.select_for_update().get(pk=target.pk)
    _require_change(user, target)
    if target.is_active == active:
        message = (
            _("Kontot %(user)s är redan aktivt.")
            if active
            else _("Kontot %(user)s är redan inaktiverat.")
        )
        raise ValidationError(message % {"user": target.get_username()}, code="unchanged")
    target.is_active = active
    save_as(target, user, update_fields=["is_active"])
    return target


@transaction.atomic
def user_deactivate(*, target, user):
    """Stop the account signing in (sessions and API tokens included); its roles and
    its history stay, so what it did is still shown with its name."""
    return _set_active(target, user, False)


@transaction.atomic
def user_reactivate(*, target, user):
    """Let a deactivated account sign in again, with the roles it had."""
    return _set_active(target, user, True)


def signs_in_with_oidc() -> bool:
    """Whether accounts sign in through the organisation's identity provider."""
    return bool(settings.STYRA_OIDC_ENABLED)


def user_password_link(*, target, user) -> str:
    """The path of a one-time link on which `target` chooses a password: valid until it
    is used, the account signs in, or `PASSWORD_RESET_TIMEOUT` passes."""
    _require_change(user, target)
    if not target.is_active:
        raise ValidationError(
            _("Kontot %(user)s är inaktiverat.") % {"user": target.get_username()},
            code="inactive",
        )
    return reverse(
        "password_set",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(target.pk)),
            "token": default_token_generator.make_token(target),
        },
    )


def user_password_link_mail(*, target, url: str, user) -> None:
    """Send `url` (an absolute `user_password_link`) to the account's e-mail address."""
    _require_change(user, target)
    if not target.email:
        raise ValidationError(
            {
                "email": _("Kontot %(user)s har ingen e-postadress.")
                % {"user": target.get_username()}
            },
            code="no_email",
        )
    days = max(1, settings.PASSWORD_RESET_TIMEOUT // 86400)
    body = _(
        "Hej %(name)s!\n\n%(by)s har lagt upp ett konto åt dig i Styra med användarnamnet "
        "%(username)s. Välj ditt lösenord på den här länken (den fungerar en gång, i "
        "%(days)s dagar):\n\n%(url)s\n"
    ) % {
        "name": target.get_full_name() or target.get_username(),
        "by": user.get_full_name() or user.get_username(),
        "username": target.get_username(),
        "days": days,
        "url": url,
    }
    send_mail(_("Ditt konto i Styra"), body, None, [target.email])
