"""One plan item changed by hand: the plan's controllers only, with history, and never
after a round of the plan is locked (its report is built on the items)."""

from datetime import date
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


# --- removing an item, co-owners (issue 13) ----------------------------------------------

from styra.followup.models import Assessment, ItemReturnNote  # noqa: E402
from styra.followup.selectors import item_deletion  # noqa: E402
from styra.followup.services import plan_item_delete  # noqa: E402
from styra.plans.models import Indicator  # noqa: E402


def test_the_controller_removes_an_item_with_its_subtree_and_the_siblings_close_up(region):
    top = PlanLevel.objects.get(plan=region.plan, code="malomrade")
    other = _new(region, parent=None, level=top, kind="area", code="A2")
    child = _new(region, parent=other, code="M7")
    target = target_create(
        item=child, kind="completion", value=None, text="", year=None, scope="", user=region.carl
    )
    deletion = plan_item_delete(item=region.area, user=region.carl)
    assert [i.code for i in deletion.below] == ["N1", "U1", "N2", "N3"]
    assert not PlanItem.objects.filter(code__in=["A1", "N1", "U1", "N2", "N3"]).exists()
    assert not Indicator.objects.filter(item_id=region.sick.pk).exists()
    assert PlanItem.objects.get(pk=other.pk).order == 1  # A2 was second at the top
    # each removed row has its history row of the removal, naming the controller
    removal = PlanItem.history.filter(id=region.area.pk).latest()
    assert removal.history_type == "-" and removal.history_user == region.carl
    assert "4 underposter och 3 målvärden" in removal.history_change_reason
    below = PlanItem.history.filter(id=region.sick.pk).latest()
    assert below.history_type == "-" and below.history_user == region.carl
    gone = Target.history.filter(item_id=region.sick.pk).latest()
    assert gone.history_type == "-" and gone.history_user == region.carl
    assert PlanItem.objects.get(pk=child.pk).targets.get() == target  # A2's subtree stays


def test_removing_the_middle_sibling_renumbers_the_rest(region):
    plan_item_delete(item=region.task, user=region.carl)
    assert _codes(region.area) == ["N1", "N2", "N3"]
    assert list(region.area.children.order_by("order").values_list("order", flat=True)) == [
        1,
        2,
        3,
    ]


def test_an_item_reported_on_in_any_round_is_refused_with_how_many_and_where(region, builder):
    later = builder.round(region.plan, code="2026-T2", end=date(2026, 8, 31))
    Assessment.objects.create(round=region.round, item=region.sick, comment="Bra")
    Assessment.objects.create(round=later, item=region.sick)
    Assessment.objects.create(round=later, item=region.task)
    before = PlanItem.objects.count()
    with pytest.raises(ValidationError) as caught:
        plan_item_delete(item=region.area, user=region.carl)
    message = caught.value.messages[0]
    assert message.startswith("Posten A1 kan inte tas bort: den eller poster under den har ")
    assert f"3 bedömningar i {region.round.code} (1), 2026-T2 (2)" in message
    with pytest.raises(ValidationError) as caught:
        plan_item_delete(item=region.task, user=region.carl)
    assert "1 bedömning i 2026-T2 (1)" in caught.value.messages[0]
    assert PlanItem.objects.count() == before
    # an item nobody reported on may still go
    plan_item_delete(item=region.yearly, user=region.carl)


def test_a_return_note_on_an_item_below_also_keeps_it(region):
    ItemReturnNote.objects.create(round=region.round, unit=region.dig, item=region.task, text="x")
    with pytest.raises(ValidationError) as caught:
        plan_item_delete(item=region.area, user=region.carl)
    assert "1 kommentar vid återremiss" in caught.value.messages[0]
    assert PlanItem.objects.filter(pk=region.area.pk).exists()


def test_items_inheriting_from_a_removed_item_lose_the_link_with_history(region, builder):
    other_plan = builder.plan("dig-2026", region.dig)
    level = builder.level(other_plan, "malomrade", ["area"])
    heir = builder.item(other_plan, level, "area", "A1", title="Ärvd", inherited_from=region.area)
    assert [i.pk for i in item_deletion(region.area).inherited] == [heir.pk]
    plan_item_delete(item=region.area, user=region.carl)
    heir = PlanItem.objects.get(pk=heir.pk)
    assert heir.inherited_from is None
    assert heir.history.latest().history_user == region.carl


def test_only_the_plans_controllers_remove_and_never_after_a_lock(region, builder):
    other = builder.unit("HSN", "Hälso- och sjukvårdsnämnden")
    outsider = builder.user("olle", (other, "controller"))
    for user in (region.anna, outsider):
        with pytest.raises(PermissionDenied):
            plan_item_delete(item=region.task, user=user)
    builder.round(region.plan, code="2025-T3", state=RoundState.LOCKED)
    with pytest.raises(RoundLockedError):
        plan_item_delete(item=region.task, user=region.admin)
    assert PlanItem.objects.filter(pk=region.task.pk).exists()


def test_co_owners_are_set_with_the_change_in_one_history_row(region, builder):
    extra = builder.unit("RS-EK", "Ekonomiavdelningen", parent=region.rs)
    rows = region.sick.history.count()
    item = plan_item_update(
        item=region.sick,
        title="Sjukfrånvaro",
        owner=region.dig,
        co_owners=[region.hr, extra, region.hr],
        user=region.carl,
    )
    assert set(item.co_owners.all()) == {region.hr, extra}
    assert item.history.count() == rows + 1
    latest = item.history.latest()
    assert latest.history_user == region.carl
    assert {row.unit_id for row in latest.co_owners.all()} == {region.hr.pk, extra.pk}
    # None leaves them as they are; an empty list clears them
    plan_item_update(item=item, title="Sjukfrånvaro", owner=region.dig, user=region.carl)
    assert item.co_owners.count() == 2
    plan_item_update(
        item=item, title="Sjukfrånvaro", owner=region.dig, co_owners=[], user=region.carl
    )
    assert not item.co_owners.exists()
    assert not item.history.latest().co_owners.exists()


def test_the_reporting_unit_is_never_also_a_co_owner(region):
    with pytest.raises(ValidationError) as caught:
        plan_item_update(
            item=region.sick,
            title="x",
            owner=region.dig,
            co_owners=[region.dig],
            user=region.carl,
        )
    assert caught.value.message_dict == {
        "co_owners": ["RS-DIG rapporterar posten och kan inte också vara medägare."]
    }
    with pytest.raises(ValidationError):  # no owner: the plan's unit reports it
        plan_item_update(
            item=region.sick, title="x", owner=None, co_owners=[region.rs], user=region.carl
        )
    assert not region.sick.co_owners.exists()


def test_a_co_owner_missing_at_the_plan_end_is_refused(region, builder):
    from datetime import date

    later = builder.unit("RS-SEN", "Senare", parent=region.rs, valid_from=date(2027, 1, 1))
    with pytest.raises(ValidationError) as caught:
        plan_item_update(
            item=region.sick, title="x", owner=region.dig, co_owners=[later], user=region.carl
        )
    assert "RS-SEN finns inte" in caught.value.message_dict["co_owners"][0]


def test_co_owners_wait_for_an_unlocked_plan_and_the_plans_controllers(region, builder):
    other = builder.unit("HSN", "Hälso- och sjukvårdsnämnden")
    outsider = builder.user("olle", (other, "controller"))
    for user in (region.anna, outsider):
        with pytest.raises(PermissionDenied):
            plan_item_update(
                item=region.sick, title="x", owner=None, co_owners=[region.hr], user=user
            )
    builder.round(region.plan, code="2025-T3", state=RoundState.LOCKED)
    with pytest.raises(RoundLockedError):
        plan_item_update(
            item=region.sick, title="x", owner=None, co_owners=[region.hr], user=region.admin
        )
    assert not region.sick.co_owners.exists()
