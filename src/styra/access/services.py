"""Writes of roles: give a user a role on a unit, take it away.

Each checks that the acting user may (`permissions.can_grant_role`: nobody gives more
than they hold), writes the role and its history row with who did it, in one
transaction. The roles count on the day of the change (`timezone.localdate()`).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

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
