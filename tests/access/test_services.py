"""Giving and taking away roles through the one door every caller uses."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from styra.access.models import UnitRole
from styra.access.services import unit_role_grant, unit_role_revoke
from tests.followup.scenario import build_region


@pytest.fixture
def region(builder):
    return build_region(builder)


def test_a_controller_gives_a_role_on_a_unit_under_theirs_with_history(region):
    role = unit_role_grant(holder=region.lisa, unit=region.hr, role="reporter", user=region.carl)
    assert role.inherit
    assert role.history.get().history_user == region.carl


def test_a_controller_gives_no_administrator_role_not_even_to_themselves(region):
    with pytest.raises(PermissionDenied):
        unit_role_grant(holder=region.carl, unit=region.rs, role="admin", user=region.carl)
    assert not UnitRole.objects.filter(role="admin").exists()


def test_a_reviewer_gives_no_role_at_all(region):
    with pytest.raises(PermissionDenied):
        unit_role_grant(holder=region.lisa, unit=region.dig, role="reader", user=region.greta)


def test_an_inactive_account_gets_no_role(region):
    region.lisa.is_active = False
    region.lisa.save()
    with pytest.raises(ValidationError) as caught:
        unit_role_grant(holder=region.lisa, unit=region.hr, role="reader", user=region.carl)
    assert caught.value.message_dict == {"holder": ["Kontot lisa är inaktiverat."]}


def test_a_role_is_taken_away_only_by_whom_may_give_it(region):
    role = region.anna.unit_roles.get()
    with pytest.raises(PermissionDenied):
        unit_role_revoke(unit_role=role, user=region.bertil)
    unit_role_revoke(unit_role=role, user=region.carl)
    assert not UnitRole.objects.filter(pk=role.pk).exists()
    assert UnitRole.history.filter(id=role.pk).latest().history_user == region.carl
