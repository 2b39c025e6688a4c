"""plan_save: the plan's controllers write it, history says who, shared scales are guarded."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from styra.access.models import Role
from styra.plans.models import Plan, PlanItem, StatusScale, Target
from styra.plans.services import (
    ItemSpec,
    LevelSpec,
    PlanSpec,
    StatusLevelSpec,
    StatusScaleSpec,
    TargetSpec,
    plan_save,
)

SCALE = StatusScaleSpec(
    code="mal",
    name="Måluppfyllelse",
    levels=[
        StatusLevelSpec(
            code="helt", label="Helt", colour="#2e7d32", symbol="●", meaning="fulfilled"
        ),
        StatusLevelSpec(
            code="ej", label="Ej", colour="#c62828", symbol="○", meaning="not_fulfilled"
        ),
    ],
)
LEVELS = [LevelSpec(code="mal", name="Mål", kinds=["goal", "indicator"])]


def spec(unit, code: str = "p-2026") -> PlanSpec:
    return PlanSpec(
        code=code,
        name=f"Plan {code}",
        unit=unit,
        period_start=date(2026, 1, 1),
        period_end=date(2026, 12, 31),
    )


def items(target: str = "70") -> list[ItemSpec]:
    return [
        ItemSpec(
            code="N1",
            level="mal",
            kind="indicator",
            title="Andel",
            targets=[TargetSpec(kind="threshold", value=Decimal(target))],
        )
    ]


@pytest.fixture
def units(builder):
    reg = builder.unit("REG", "Region", type_code="region")
    rs = builder.unit("RS", "Regionstyrelsen", parent=reg)
    run = builder.unit("RUN", "Utvecklingsnämnden", parent=reg)
    return {
        "rs": rs,
        "run": run,
        "rs_controller": builder.user("cecilia", (rs, Role.CONTROLLER)),
        "run_controller": builder.user("olle", (run, Role.CONTROLLER)),
        "rs_reporter": builder.user("rasmus", (rs, Role.REPORTER)),
    }


def test_the_units_controller_saves_the_plan_and_history_records_it(units):
    user = units["rs_controller"]
    changes = plan_save(
        plan=spec(units["rs"]),
        levels=LEVELS,
        items=items(),
        scales=[SCALE],
        plan_scales={"indicator": "mal"},
        user=user,
    )
    assert (changes.created, changes.items_created) == (True, 1)
    plan = Plan.objects.get(code="p-2026")
    assert plan.history.get().history_user == user
    assert Target.history.get().history_user == user
    again = plan_save(
        plan=spec(units["rs"]),
        levels=LEVELS,
        items=items(),
        scales=[SCALE],
        plan_scales={"indicator": "mal"},
        user=user,
    )
    assert (again.created, again.items_updated, again.scales_changed) == (False, 0, [])
    assert Target.history.count() == 1  # nothing rewritten
    changed = plan_save(plan=spec(units["rs"]), levels=LEVELS, items=items("75"), user=user)
    assert changed.items_updated == 1
    assert PlanItem.objects.get(code="N1").targets.get().value == 75


@pytest.mark.parametrize("who", ["rs_reporter", "run_controller"])
def test_others_may_not_save_the_plan(units, who):
    with pytest.raises(PermissionDenied):
        plan_save(plan=spec(units["rs"]), levels=LEVELS, items=items(), user=units[who])
    assert not Plan.objects.exists()


def test_a_plan_cannot_be_moved_to_or_from_a_unit_one_does_not_manage(units):
    plan_save(plan=spec(units["rs"]), levels=LEVELS, items=items(), user=units["rs_controller"])
    with pytest.raises(PermissionDenied):
        plan_save(
            plan=spec(units["run"]), levels=LEVELS, items=items(), user=units["rs_controller"]
        )
    with pytest.raises(PermissionDenied):
        plan_save(
            plan=spec(units["run"]), levels=LEVELS, items=items(), user=units["run_controller"]
        )
    assert Plan.objects.get(code="p-2026").unit == units["rs"]


def test_a_scale_another_plan_uses_is_changed_only_by_someone_who_manages_that_plan_too(units):
    plan_save(
        plan=spec(units["rs"]),
        levels=LEVELS,
        items=items(),
        scales=[SCALE],
        plan_scales={"indicator": "mal"},
        user=units["rs_controller"],
    )
    relabelled = StatusScaleSpec(
        code="mal",
        name="Måluppfyllelse",
        levels=[
            SCALE.levels[0],
            StatusLevelSpec(
                code="ej", label="Inte alls", colour="#c62828", symbol="○", meaning="not_fulfilled"
            ),
        ],
    )
    with pytest.raises(PermissionDenied, match="RS får ändra planen p-2026"):
        plan_save(
            plan=spec(units["run"], "run-2026"),
            levels=LEVELS,
            items=items(),
            scales=[relabelled],
            plan_scales={"indicator": "mal"},
            user=units["run_controller"],
        )
    assert StatusScale.objects.get(code="mal").levels.get(code="ej").label == "Ej"
    # Using the scale as it is needs no say from RS.
    plan_save(
        plan=spec(units["run"], "run-2026"),
        levels=LEVELS,
        items=items(),
        scales=[SCALE],
        plan_scales={"indicator": "mal"},
        user=units["run_controller"],
    )
    assert Plan.objects.get(code="run-2026").scales.get().scale.code == "mal"
