"""The status a value suggests: the target that applies, compute_status, the scale level.

Shared by the assessment service (which stores the suggestion) and the reporting form
(which explains it), so both always agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from styra.memo import remembered
from styra.plans.models import PlanItem, PlanLevel, StatusLevel, StatusMeaning, Target
from styra.plans.status import Basis, StatusResult, TargetRule, compute_status

from .models import MissingReason


@dataclass(frozen=True)
class Suggestion:
    result: StatusResult | None
    level: StatusLevel | None
    target: Target | None
    rule: TargetRule | None


#: The models an item's scale is read from (styra.memo).
SCALE_MODELS = ("plans.PlanLevel", "plans.PlanScale", "plans.StatusScale", "plans.StatusLevel")


def scale_levels(item: PlanItem) -> list[StatusLevel]:
    """The levels of the scale the item is judged on (its level's own scale, else the
    plan's scale for its kind), in order; read once per request for the same kind of item."""
    key = ("scale_levels", item.plan_id, item.level_id, item.kind)
    return list(remembered(key, lambda: _scale_levels(item), depends_on=SCALE_MODELS))


def _scale_levels(item: PlanItem) -> list[StatusLevel]:
    if PlanItem.level.is_cached(item):  # read with the item (select_related)
        own = item.level.scale_id
    else:
        level_scale = PlanLevel.objects.filter(pk=item.level_id).values_list("scale_id", flat=True)
        own = next(iter(level_scale), None)
    if own is not None:
        return list(StatusLevel.objects.filter(scale_id=own).order_by("order", "pk"))
    # The plan's scale for the kind (at most one: planscale_unique_kind), in one query.
    levels = StatusLevel.objects.filter(
        scale__planscale__plan_id=item.plan_id, scale__planscale__kind=item.kind
    )
    return list(levels.order_by("order", "pk"))


def applicable_target(item: PlanItem) -> Target | None:
    """The target for the plan's own unit scope ("4,8 % (RS)"), else the first target."""
    targets = list(item.targets.all())
    if not targets:
        return None
    scope = item.plan.unit.code
    return next((t for t in targets if t.scope == scope), targets[0])


def level_for(levels: list[StatusLevel], meaning: str) -> StatusLevel | None:
    return next((level for level in levels if level.meaning == meaning), None)


def suggest_status(
    item: PlanItem,
    *,
    value: Decimal | None,
    comparison_value: Decimal | None = None,
    completed: bool | None = None,
    missing_reason: str = "",
    levels: list[StatusLevel] | None = None,
) -> Suggestion:
    levels = scale_levels(item) if levels is None else levels
    target = applicable_target(item)
    if target is None:
        return Suggestion(None, None, None, None)
    rule = TargetRule.from_target(target, item.plan)
    if value is None and missing_reason == MissingReason.YEAR_END:
        result = StatusResult(StatusMeaning.YEAR_END, Basis.MISSING_VALUE)
    else:
        result = compute_status(rule, value, comparison_value=comparison_value, completed=completed)
    return Suggestion(result, level_for(levels, result.meaning), target, rule)
