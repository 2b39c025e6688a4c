"""Reads of roles: which roles a user holds on a unit, and who holds a role on a unit.

Roles are given on a unit and, when `inherit` is set, apply to every unit under it in
the tree as it stood on the day asked about (normally a round's end date), so a
reorganisation changes who may report without anyone editing roles.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.db.models import Prefetch, Q, QuerySet

from styra.memo import remembered
from styra.org.models import Unit, UnitVersion
from styra.org.selectors import unit_parents_on, unit_versions_on

from .models import ApiToken, ApiTokenUse, UnitRole

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User


def parent_map(day: date) -> dict[int, int | None]:
    """unit id -> parent unit id in the tree on `day` (read once per request)."""
    return unit_parents_on(day)


def ancestor_ids(
    unit_id: int, day: date, parents: dict[int, int | None] | None = None
) -> list[int]:
    """The unit and the units above it on `day`, nearest first."""
    parents = parent_map(day) if parents is None else parents
    result: list[int] = []
    current: int | None = unit_id
    while current is not None and current not in result:
        result.append(current)
        current = parents.get(current)
    return result


def _applying(unit_id: int, day: date) -> Q:
    above = ancestor_ids(unit_id, day)
    return Q(unit_id=unit_id) | Q(unit_id__in=above[1:], inherit=True)


def top_units(day: date) -> QuerySet[Unit]:
    """The units at the top of the tree on `day` (normally one: the region)."""
    return Unit.objects.filter(
        pk__in=unit_versions_on(day).filter(parent__isnull=True).values("unit_id")
    )


def _role_rows(user: User) -> list[tuple[int, str, bool]]:
    """Every role `user` holds: (unit id, role, inherited downwards), read once per request."""
    return remembered(
        ("unit_roles", user.pk),
        lambda: list(UnitRole.objects.filter(user=user).values_list("unit_id", "role", "inherit")),
        depends_on=("access.UnitRole",),
    )


def roles_on_unit(user: User | AnonymousUser, unit: Unit, day: date) -> set[str]:
    """Roles `user` holds on `unit` on `day`, given there or inherited from above."""
    if not user.is_authenticated:
        return set()
    above = ancestor_ids(unit.pk, day)
    inherited_from = set(above[1:])
    return {
        role
        for unit_id, role, inherit in _role_rows(user)
        if unit_id == unit.pk or (inherit and unit_id in inherited_from)
    }


def holds_role_anywhere(user: User | AnonymousUser, roles: Iterable[str]) -> bool:
    """Whether `user` holds one of `roles` on some unit."""
    if not user.is_authenticated:
        return False
    wanted = set(roles)
    return any(role in wanted for _unit_id, role, _inherit in _role_rows(user))


def users_with_role(unit: Unit, roles: Iterable[str], day: date) -> QuerySet[User]:
    """Active users holding one of `roles` on `unit` on `day` (directly or inherited)."""
    user_ids = UnitRole.objects.filter(_applying(unit.pk, day), role__in=list(roles)).values(
        "user_id"
    )
    return get_user_model().objects.filter(pk__in=user_ids, is_active=True).order_by("pk")


def unit_ids_with_role(user: User | AnonymousUser, roles: Iterable[str], day: date) -> set[int]:
    """Every unit on which `user` holds one of `roles` on `day`, inherited roles expanded."""
    return unit_ids_with_role_on(user, roles, [day])[day]


def unit_ids_with_role_on(
    user: User | AnonymousUser, roles: Iterable[str], days: Iterable[date]
) -> dict[date, set[int]]:
    """`unit_ids_with_role` for each of `days`, in two queries however many days."""
    days = sorted(set(days))
    result: dict[date, set[int]] = {day: set() for day in days}
    if not user.is_authenticated or not days:
        return result
    rows = list(
        UnitRole.objects.filter(user=user, role__in=list(roles)).values_list("unit_id", "inherit")
    )
    if not rows:
        return result
    versions = list(
        UnitVersion.objects.filter(
            Q(valid_from__lte=days[-1]) & (Q(valid_to__isnull=True) | Q(valid_to__gte=days[0]))
        ).values_list("unit_id", "parent_id", "valid_from", "valid_to")
    )
    for day in days:
        children: dict[int | None, list[int]] = {}
        for unit_id, parent_id, start, end in versions:
            if start <= day and (end is None or end >= day):
                children.setdefault(parent_id, []).append(unit_id)
        for unit_id, inherit in rows:
            result[day].add(unit_id)
            if not inherit:
                continue
            seen, stack = {unit_id}, list(children.get(unit_id, []))
            while stack:
                current = stack.pop()
                if current not in seen:
                    seen.add(current)
                    stack.extend(children.get(current, []))
            result[day] |= seen
    return result


def accounts_with_roles() -> list[User]:
    """Every account, by username, with its roles and their units: two queries."""
    roles = UnitRole.objects.select_related("unit").order_by("unit__code", "role")
    return list(
        get_user_model()
        .objects.order_by("username")
        .prefetch_related(Prefetch("unit_roles", queryset=roles))
    )


def api_tokens_of(user: User) -> QuerySet[ApiToken]:
    """The user's API tokens, newest first, revoked ones included."""
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-id")


def api_token_uses(user: User, limit: int = 50) -> QuerySet[ApiTokenUse]:
    """The latest requests made with any of the user's tokens (their audit trail)."""
    return (
        ApiTokenUse.objects.filter(token__user=user)
        .select_related("token")
        .order_by("-at", "-id")[:limit]
    )


def api_token_use_count(token: ApiToken, since: datetime) -> int:
    """How many requests `token` has made since `since` (its per-minute limit)."""
    return ApiTokenUse.objects.filter(token=token, at__gte=since).count()
