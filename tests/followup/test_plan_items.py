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


# --- create, move, add and remove targets (issue 13) -------------------------------------

from styra.followup.services import (  # noqa: E402
    plan_item_create,
    plan_item_move,
    target_create,
    target_delete,
)
from styra.followup.services.plan_items import ITEM_CODE  # noqa: E402
from styra.plans.models import PlanItem, PlanLevel, Target, TargetKind  # noqa: E402


def _new(region, user=None, **kw):
    args = {
        "plan": region.plan,
        "parent": region.area,
        "level": PlanLevel.objects.get(plan=region.plan, code="post"),
        "kind": "goal",
        "code": "M9",
        "title": "Nytt mål",
        "owner": region.hr,
        "user": user or region.carl,
    }
    return plan_item_create(**{**args, **kw})


def test_the_controller_creates_an_item_last_under_its_parent_with_history(region):
    item = _new(region)
    assert item.parent == region.area and item.owner == region.hr
    assert item.order == region.area.children.count()
    assert item.history.latest().history_user == region.carl
    indicator = _new(region, code="N9", kind="indicator")
    assert indicator.indicator.item == indicator  # an indicator gets its measurement row


def test_a_top_item_needs_a_top_level_and_a_child_its_parents_level(region):
    top = PlanLevel.objects.get(plan=region.plan, code="malomrade")
    area = _new(region, parent=None, level=top, kind="area", code="A2")
    assert area.parent is None
    with pytest.raises(ValidationError) as caught:
        _new(region, parent=None)  # a "post" at the top
    assert "level" in caught.value.message_dict
    with pytest.raises(ValidationError):
        _new(region, parent=region.sick, code="M8")  # a "post" under a "post"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"code": "N1"}, "code"),  # exists in the plan
        ({"code": "<b>x</b>"}, "code"),
        ({"code": "K" * 41}, "code"),
        ({"code": ""}, "code"),
        ({"title": "   "}, "title"),
        ({"title": "x" * 401}, "title"),
        ({"kind": "area"}, "kind"),  # not allowed on the level
    ],
)
def test_bad_input_is_refused_on_its_field_and_nothing_is_created(region, changes, field):
    before = PlanItem.objects.count()
    with pytest.raises(ValidationError) as caught:
        _new(region, **changes)
    assert field in caught.value.message_dict
    assert PlanItem.objects.count() == before


def test_hostile_title_is_kept_as_text_without_nul(region):
    item = _new(region, title="<script>alert(1)</script>\x00", code="M\x007")
    assert item.title == "<script>alert(1)</script>" and item.code == "M7"


def test_the_code_rule_is_the_plan_files(region):
    import json
    from pathlib import Path

    import styra.planfile

    schema = json.loads((Path(styra.planfile.__file__).parent / "plan.schema.json").read_text())
    assert schema["$defs"]["code"]["pattern"] == f"^{ITEM_CODE.pattern}$"


def test_a_reporter_or_another_units_controller_may_not_create(region, builder):
    other = builder.unit("HSN", "Hälso- och sjukvårdsnämnden")
    outsider = builder.user("olle", (other, "controller"))
    for user in (region.anna, outsider):
        with pytest.raises(PermissionDenied):
            _new(region, user=user)
        with pytest.raises(PermissionDenied):
            plan_item_move(item=region.sick, parent=region.area, position=1, user=user)
        with pytest.raises(PermissionDenied):
            target_create(
                item=region.task,
                kind="completion",
                value=None,
                text="",
                year=None,
                scope="",
                user=user,
            )
        with pytest.raises(PermissionDenied):
            target_delete(target=region.sick.targets.get(), user=user)
    assert not PlanItem.objects.filter(code="M9").exists()


def test_nothing_is_created_moved_added_or_removed_after_a_lock(region, builder):
    builder.round(region.plan, code="2025-T3", state=RoundState.LOCKED)
    with pytest.raises(RoundLockedError):
        _new(region, user=region.admin)
    with pytest.raises(RoundLockedError):
        plan_item_move(item=region.sick, parent=region.area, position=3, user=region.admin)
    with pytest.raises(RoundLockedError):
        target_create(
            item=region.task,
            kind="completion",
            value=None,
            text="",
            year=None,
            scope="",
            user=region.admin,
        )
    with pytest.raises(RoundLockedError):
        target_delete(target=region.sick.targets.get(), user=region.admin)


def _codes(parent):
    return list(parent.children.order_by("order").values_list("code", flat=True))


def test_moving_changes_the_order_among_siblings(region):
    before = _codes(region.area)
    plan_item_move(item=region.hr_item, parent=region.area, position=1, user=region.carl)
    after = _codes(region.area)
    assert after[0] == region.hr_item.code and sorted(after) == sorted(before)
    plan_item_move(item=region.hr_item, parent=region.area, position=99, user=region.carl)
    assert _codes(region.area)[-1] == region.hr_item.code
    assert PlanItem.objects.get(pk=region.hr_item.pk).history.latest().history_user == region.carl


def test_moving_to_another_parent_renumbers_both(region, builder):
    top = PlanLevel.objects.get(plan=region.plan, code="malomrade")
    other = _new(region, parent=None, level=top, kind="area", code="A2")
    plan_item_move(item=region.sick, parent=other, position=1, user=region.carl)
    assert _codes(other) == ["N1"]
    orders = list(region.area.children.order_by("order").values_list("order", flat=True))
    assert orders == list(range(1, len(orders) + 1))


def test_a_move_may_not_make_a_cycle_cross_plans_or_break_the_levels(region, builder):
    with pytest.raises(ValidationError) as caught:
        plan_item_move(item=region.area, parent=region.area, position=1, user=region.carl)
    assert caught.value.message_dict["parent"]
    with pytest.raises(ValidationError):  # a "post" under a "post"
        plan_item_move(item=region.task, parent=region.sick, position=1, user=region.carl)
    with pytest.raises(ValidationError):  # a "post" to the top
        plan_item_move(item=region.task, parent=None, position=1, user=region.carl)
    other_plan = builder.plan("rs-2027", region.rs, year=2027)
    level = builder.level(other_plan, "malomrade", ["area"])
    foreign = builder.item(other_plan, level, "area", "A1", title="Annat")
    with pytest.raises(ValidationError) as caught:
        plan_item_move(item=region.sick, parent=foreign, position=1, user=region.carl)
    assert "annan plan" in caught.value.message_dict["parent"][0] or caught.value.message_dict
    assert PlanItem.objects.get(pk=region.sick.pk).parent == region.area


def test_a_target_is_added_and_removed_with_history(region):
    target = target_create(
        item=region.task,
        kind=TargetKind.COMPLETION,
        value=None,
        text="Genomfört under året",
        year=2026,
        scope="",
        user=region.carl,
    )
    assert target.history.latest().history_user == region.carl
    with pytest.raises(ValidationError) as caught:
        target_create(
            item=region.task,
            kind=TargetKind.THRESHOLD,
            value=None,
            text="",
            year=None,
            scope="",
            user=region.carl,
        )
    assert "value" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        target_create(
            item=region.task,
            kind="bogus",
            value=None,
            text="",
            year=None,
            scope="",
            user=region.carl,
        )
    assert "kind" in caught.value.message_dict
    target_delete(target=target, user=region.carl)
    assert not Target.objects.filter(pk=target.pk).exists()
    removal = Target.history.filter(id=target.pk).latest()
    assert removal.history_type == "-" and removal.history_user == region.carl


def test_removing_a_target_that_judged_assessments_is_recorded(region, builder):
    from styra.followup.models import Assessment

    level = region.scale.levels.first()
    Assessment.objects.create(round=region.round, item=region.sick, status_suggested=level)
    target = region.sick.targets.get()
    assert target_delete(target=target, user=region.carl) == 1
    removal = Target.history.filter(id=target.pk).latest()
    assert "1 bedömningar" in removal.history_change_reason
