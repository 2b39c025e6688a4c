"""Who may do what, in one place (domain guide §1).

Roles are per unit and inherited down the tree as it stood on the round's end date.
Every service calls these checks itself, so web, HTMX, admin, CLI and import get the
same answer. Superusers and the admin role may do everything; that a locked round
cannot change is a rule of the round's state, checked by the services, not here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from styra.org.models import Unit

from . import selectors
from .models import Role

VIEW_ROLES = frozenset(Role.values)
REPORT_ROLES = frozenset({Role.REPORTER, Role.ADMIN})
REVIEW_ROLES = frozenset({Role.REVIEWER, Role.CONTROLLER, Role.ADMIN})
MANAGE_ROLES = frozenset({Role.CONTROLLER, Role.ADMIN})
ADMIN_ROLES = frozenset({Role.ADMIN})


def is_superuser(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.is_superuser)


def has_role(user, unit: Unit, day: date, roles: frozenset[str]) -> bool:
    if is_superuser(user):
        return True
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return bool(selectors.roles_on_unit(user, unit, day) & roles)


def reporting_unit(item) -> Unit:
    """The unit that reports an item: its owner, else the plan's unit."""
    return item.owner if item.owner_id else item.plan.unit


def round_day(round_) -> date:
    return round_.period_end


def can_view_unit(user, unit: Unit, day: date) -> bool:
    return has_role(user, unit, day, VIEW_ROLES)


def can_view_item(user, item, round_) -> bool:
    """The owner unit's readers, the co-owners' readers and the plan unit's readers."""
    day = round_day(round_)
    if can_view_unit(user, reporting_unit(item), day) or can_view_unit(user, item.plan.unit, day):
        return True
    return any(can_view_unit(user, unit, day) for unit in item.co_owners.all())


def viewable_unit_ids(user, day: date) -> frozenset[int] | None:
    """Every unit whose data `user` may read on `day`, roles inherited down the tree;
    None when that is every unit (a superuser).

    The same rule as `can_view_unit` and `can_view_item`, answered once for a page that
    shows many items (the plan tree): two queries, whatever the number of items.
    """
    return viewable_unit_ids_on(user, [day])[day]


def viewable_unit_ids_on(user, days) -> dict[date, frozenset[int] | None]:
    """`viewable_unit_ids` for each of `days` (an item's rounds), in two queries."""
    days = set(days)
    if is_superuser(user):
        return dict.fromkeys(days)
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return {day: frozenset() for day in days}
    on = selectors.unit_ids_with_role_on(user, VIEW_ROLES, days)
    return {day: frozenset(ids) for day, ids in on.items()}


def item_is_viewable(
    item, unit_ids: frozenset[int] | None, co_owner_ids: Iterable[int] | None = None
) -> bool:
    """`can_view_item` against the units of `viewable_unit_ids`: the owner unit's, the
    plan unit's and the co-owners' readers. Reads `item.co_owners` (prefetch it), unless
    the caller has the co-owners' ids at hand (`co_owner_ids`)."""
    if unit_ids is None:
        return True
    if (item.owner_id or item.plan.unit_id) in unit_ids or item.plan.unit_id in unit_ids:
        return True
    if co_owner_ids is None:
        co_owner_ids = (unit.pk for unit in item.co_owners.all())
    return any(pk in unit_ids for pk in co_owner_ids)


def can_report_unit(user, unit: Unit, round_) -> bool:
    """May write the unit's assessments and texts and submit its report."""
    return has_role(user, unit, round_day(round_), REPORT_ROLES)


def can_report(user, item, round_) -> bool:
    return can_report_unit(user, reporting_unit(item), round_)


def can_review(user, unit: Unit, round_) -> bool:
    """May return or approve the unit's report."""
    return has_role(user, unit, round_day(round_), REVIEW_ROLES)


def can_consolidate(user, unit: Unit, round_) -> bool:
    """May write the unit's report texts from the texts of the units under it (the
    region's report from the boards' and committees' own rounds): its controllers."""
    return has_role(user, unit, round_day(round_), MANAGE_ROLES)


def can_manage_round(user, plan) -> bool:
    """May create, open, close and lock the plan's rounds (controllers of the plan's unit)."""
    return has_role(user, plan.unit, plan.period_end, MANAGE_ROLES)


def can_administer_unit(user, unit: Unit, day: date) -> bool:
    """May change the unit in the organisation tree as it stood on `day` (its versions,
    its cost centres): administrators of the unit or of a unit above it."""
    return has_role(user, unit, day, ADMIN_ROLES)


def can_administer_organisation(user, day: date) -> bool:
    """May change what the whole organisation shares (unit types, top units):
    superusers and administrators of a top unit of the tree on `day`."""
    if is_superuser(user):
        return True
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return any(has_role(user, unit, day, ADMIN_ROLES) for unit in selectors.top_units(day))


def may_administer_anything(user) -> bool:
    """May open the web administration: superusers and whoever is controller or
    administrator of some unit. What they may change there each page checks itself."""
    return _holds_any(user, MANAGE_ROLES)


def may_administer_units(user) -> bool:
    """Is administrator of some unit (the organisation's writes need it)."""
    return _holds_any(user, ADMIN_ROLES)


def _holds_any(user, roles: frozenset[str]) -> bool:
    if is_superuser(user):
        return True
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return selectors.holds_role_anywhere(user, roles)


def may_manage_accounts(user) -> bool:
    """May add user accounts and list them: superusers and whoever is controller or
    administrator of some unit (a controller then gives roles only within their units)."""
    return _holds_any(user, MANAGE_ROLES)


def account_changer(user, day: date) -> Callable[[object, Iterable[tuple[int, str, bool]]], bool]:
    """`can_change_account` for many accounts on one day, reading the acting user's
    roles and the tree once (`role_granter`): pass each account and its roles as
    (unit id, role, inherit)."""
    may_grant = role_granter(user, day)
    manages = may_manage_accounts(user)
    superuser = is_superuser(user)

    def may(account, roles: Iterable[tuple[int, str, bool]]) -> bool:
        if not manages or account.pk == getattr(user, "pk", None):
            return False
        if account.is_superuser and not superuser:
            return False
        return all(may_grant(unit_id, role, inherit) for unit_id, role, inherit in roles)

    return may


def can_change_account(user, account, day: date) -> bool:
    """May change `account`'s name and e-mail, deactivate or reactivate it: whoever may
    add accounts and may give (or take away) every role the account holds, so nobody
    changes more than they hold; never their own account, and a superuser's only a
    superuser."""
    roles = account.unit_roles.values_list("unit_id", "role", "inherit")
    return account_changer(user, day)(account, list(roles))


def can_manage_plan(user, plan) -> bool:
    """May change a plan: its levels, scales, items and targets, its texts, budget frames
    and their changes, its investment plan, internal-control plan and calendar
    (controllers of the plan's unit)."""
    return has_role(user, plan.unit, plan.period_end, MANAGE_ROLES)


def can_manage_unit(user, unit: Unit, day: date) -> bool:
    """Controllers and administrators of the unit (or a unit above it) on `day`."""
    return has_role(user, unit, day, MANAGE_ROLES)


def can_manage_statistics(user, unit: Unit, day: date) -> bool:
    """May import, configure and sync the statistics of `unit` (controllers, administrators)."""
    return has_role(user, unit, day, MANAGE_ROLES)


def units_refused_statistics(user, unit_days: dict[int, date]) -> list[int]:
    """The units among `unit_days` (unit id → the day that counts) whose statistics
    `user` may not change; one query per distinct day, for imports of many units."""
    if is_superuser(user):
        return []
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return sorted(unit_days)
    refused: list[int] = []
    by_day: dict[date, list[int]] = {}
    for unit_id, day in unit_days.items():
        by_day.setdefault(day, []).append(unit_id)
    for day, unit_ids in by_day.items():
        allowed = selectors.unit_ids_with_role(user, MANAGE_ROLES, day)
        refused.extend(u for u in unit_ids if u not in allowed)
    return sorted(refused)


def role_granter(user, day: date) -> Callable[[int, str, bool], bool]:
    """`can_grant_role` for many roles on one day: the user's roles and the tree are
    read once (three queries), then each question is answered without another.

    Giving (or taking away) a role needs a role over every unit it reaches: the unit,
    and with `inherit` every unit under it on `day`. The administrator role needs an
    administrator; every other role a controller or an administrator. So nobody gives
    more than they hold, themselves included: a controller makes nobody an
    administrator, and a role held on one unit only gives nothing that reaches below it.
    """
    if is_superuser(user):
        return lambda unit_id, role, inherit: True
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return lambda unit_id, role, inherit: False
    held = {
        True: selectors.unit_ids_with_role(user, ADMIN_ROLES, day),
        False: selectors.unit_ids_with_role(user, MANAGE_ROLES, day),
    }
    children: dict[int | None, list[int]] = {}
    for unit_id, parent_id in selectors.parent_map(day).items():
        children.setdefault(parent_id, []).append(unit_id)

    def may(unit_id: int, role: str, inherit: bool) -> bool:
        allowed = held[role == Role.ADMIN]
        reach, stack = {unit_id}, list(children.get(unit_id, []) if inherit else [])
        while stack:
            current = stack.pop()
            if current not in reach:
                reach.add(current)
                stack.extend(children.get(current, []))
        return reach <= allowed

    return may


def can_grant_role(user, unit: Unit, role: str, inherit: bool, day: date) -> bool:
    """May give `role` on `unit` (or take it away): see `role_granter`."""
    return role_granter(user, day)(unit.pk, role, inherit)


def require(allowed: bool, message: str | None = None) -> None:
    """Raise `PermissionDenied` with a Swedish message unless `allowed`."""
    if not allowed:
        raise PermissionDenied(message or _("Du saknar behörighet för detta."))
