"""Roles inherited down the tree as of the round's end date."""

from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from styra.access import permissions
from styra.access.selectors import roles_on_unit, unit_ids_with_role, users_with_role
from styra.orgadmin import services as org_services
from tests.builders import system_admin


def test_inherited_and_direct_roles(region):
    day = region.round.period_end
    assert roles_on_unit(region.greta, region.dig, day) == {"reviewer"}
    assert roles_on_unit(region.anna, region.dig, day) == {"reporter"}
    assert roles_on_unit(region.anna, region.hr, day) == set()
    assert roles_on_unit(region.anna, region.rs, day) == set()


def test_role_without_inherit_stays_on_its_unit(region, builder):
    user = builder.user("solo", (region.rs, "reviewer", False))
    assert permissions.can_review(user, region.rs, region.round)
    assert not permissions.can_review(user, region.dig, region.round)


def test_checks_by_role(region):
    r = region
    assert permissions.can_report(r.anna, r.sick, r.round)
    assert not permissions.can_report(r.bertil, r.sick, r.round)
    assert not permissions.can_report(r.lisa, r.sick, r.round)
    assert permissions.can_view_item(r.lisa, r.sick, r.round)
    assert not permissions.can_view_item(r.bertil, r.sick, r.round)
    assert permissions.can_review(r.greta, r.dig, r.round)
    assert not permissions.can_manage_round(r.greta, r.plan)
    assert permissions.can_manage_round(r.carl, r.plan)
    assert permissions.can_manage_round(r.admin, r.plan)
    assert not permissions.can_view_unit(AnonymousUser(), r.dig, r.round.period_end)


def test_item_without_owner_is_reported_by_the_plan_unit(region, builder):
    item = builder.item(region.plan, region.sick.level, "goal", "M1")
    carl_reporter = builder.user("rsrep", (region.rs, "reporter", False))
    assert permissions.reporting_unit(item) == region.rs
    assert permissions.can_report(carl_reporter, item, region.round)
    assert not permissions.can_report(region.anna, item, region.round)


def test_co_owners_may_view_but_not_report(region):
    region.hr_item.co_owners.add(region.dig)
    assert permissions.can_view_item(region.lisa, region.hr_item, region.round)
    assert not permissions.can_report(region.anna, region.hr_item, region.round)


def test_inheritance_follows_the_tree_on_the_rounds_end_date(region, builder):
    """RS-HR moves under RS-DIG from 1 March: anna (reporter on RS-DIG) then inherits it."""
    org_services.unit_move(
        unit=region.hr, new_parent=region.dig, effective=date(2026, 3, 1), user=system_admin()
    )
    assert permissions.can_report(region.anna, region.hr_item, region.round)
    earlier = builder.round(region.plan, code="2026-M1", kind="month", end=date(2026, 1, 31))
    assert not permissions.can_report(region.anna, region.hr_item, earlier)


def test_unit_ids_and_users_with_role(region):
    day = region.round.period_end
    assert unit_ids_with_role(region.greta, {"reviewer"}, day) == {
        region.rs.pk,
        region.dig.pk,
        region.hr.pk,
    }
    assert set(users_with_role(region.dig, {"reviewer", "controller"}, day)) == {
        region.greta,
        region.carl,
    }


def test_require_raises_swedish_permission_denied():
    with pytest.raises(PermissionDenied, match="behörighet"):
        permissions.require(False)
    permissions.require(True)
