"""One plan item changed by hand: the plan's controllers only, with history, and never
after a round of the plan is locked (its report is built on the items)."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from styra.followup.models import RoundState
from styra.followup.services import RoundLockedError, plan_item_update, target_update
from tests.followup.scenario import build_region


@pytest.fixture
def region(builder):
    return build_region(builder)


def test_the_controller_changes_title_and_owner_with_history(region):
    item = plan_item_update(
        item=region.sick, title="Sjukfrånvaro", owner=region.hr, user=region.carl
    )
    assert item.owner == region.hr
    assert item.history.latest().history_user == region.carl


def test_a_reporter_of_the_owner_unit_may_not(region):
    with pytest.raises(PermissionDenied):
        plan_item_update(item=region.sick, title="x", owner=None, user=region.anna)


def test_an_owner_that_does_not_exist_at_the_plan_end_is_refused(region, builder):
    from datetime import date

    later = builder.unit("RS-SEN", "Senare", parent=region.rs, valid_from=date(2027, 1, 1))
    with pytest.raises(ValidationError) as caught:
        plan_item_update(item=region.sick, title="x", owner=later, user=region.carl)
    assert "owner" in caught.value.message_dict


def test_a_threshold_keeps_a_value(region):
    target = region.sick.targets.get()
    with pytest.raises(ValidationError) as caught:
        target_update(target=target, value=None, text="", user=region.carl)
    assert caught.value.message_dict == {
        "value": ["Ett gränsvärde eller antal behöver ett målvärde."]
    }
    changed = target_update(target=target, value=Decimal("5"), text="Högst 5 %", user=region.carl)
    assert changed.history.latest().history_user == region.carl


def test_nothing_changes_after_a_round_of_the_plan_is_locked(region, builder):
    builder.round(region.plan, code="2025-T3", state=RoundState.LOCKED)
    with pytest.raises(RoundLockedError):
        plan_item_update(item=region.sick, title="x", owner=None, user=region.admin)
    with pytest.raises(RoundLockedError):
        target_update(
            target=region.sick.targets.get(), value=Decimal("1"), text="", user=region.admin
        )
