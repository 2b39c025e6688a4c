"""Reads of plans: the ordered, numbered tree, the status scales, the automatic status
of a value. Which items a round asks for is the rounds' business: `styra.followup.due`.

Every function here runs a fixed number of queries, whatever the size of the plan.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, Q, QuerySet

from styra.org.models import Unit

from .models import Plan, PlanItem, PlanLevel, PlanScale, StatusLevel, StatusScale
from .status import StatusResult, TargetRule, compute_status


def plan_get(code: str) -> Plan:
    return Plan.objects.select_related("unit", "parent").get(code=code)


def plan_list() -> QuerySet[Plan]:
    return Plan.objects.select_related("unit").order_by("-period_start", "code")


def plan_is_viewable(plan: Plan, unit_ids: frozenset[int] | None) -> bool:
    """May be read by someone who reads `unit_ids` (`permissions.viewable_unit_ids`):
    a reader of the plan's unit, or of a unit that owns or co-owns one of its items."""
    if unit_ids is None or plan.unit_id in unit_ids:
        return True
    if not unit_ids:
        return False
    return plan.items.filter(Q(owner_id__in=unit_ids) | Q(co_owners__in=unit_ids)).exists()


def plan_items(plan: Plan) -> QuerySet[PlanItem]:
    """All items of a plan in plan order, with what a page or report shows of them."""
    return (
        plan.items.select_related("level", "owner", "indicator", "inherited_from__plan")
        .prefetch_related(
            Prefetch("co_owners", queryset=Unit.objects.order_by("code")),
            "targets",
        )
        .order_by("order", "id")
    )


@dataclass
class TreeItem:
    item: PlanItem
    number: str  # as printed, or the outline number ("2.3") when the plan gives none
    depth: int
    children: list[TreeItem] = field(default_factory=list)

    def walk(self) -> Iterator[TreeItem]:
        yield self
        for child in self.children:
            yield from child.walk()


def plan_tree(plan: Plan) -> list[TreeItem]:
    """The plan's items as a tree, ordered as the plan is, each with its number."""
    by_parent: dict[int | None, list[PlanItem]] = {}
    for item in plan_items(plan):
        by_parent.setdefault(item.parent_id, []).append(item)

    def build(parent_id: int | None, prefix: str, depth: int) -> list[TreeItem]:
        nodes = []
        for index, item in enumerate(by_parent.get(parent_id, []), start=1):
            outline = f"{prefix}{index}"
            node = TreeItem(item=item, number=item.number or outline, depth=depth)
            node.children = build(item.pk, f"{node.number}.", depth + 1)
            nodes.append(node)
        return nodes

    return build(None, "", 0)


@dataclass
class PlanScales:
    """The status scales of one plan: per item kind, and per plan level where a level
    has a scale of its own (success factors on one scale, action plans on another)."""

    by_kind: dict[str, list[StatusLevel]] = field(default_factory=dict)
    by_level: dict[int, list[StatusLevel]] = field(default_factory=dict)

    def for_item(self, item: PlanItem) -> list[StatusLevel]:
        """The levels of the scale `item` is judged on, in order."""
        return self.by_level.get(item.level_id) or self.by_kind.get(item.kind, [])

    def for_kind(self, kind: str) -> list[StatusLevel]:
        return self.by_kind.get(kind, [])

    def every_level(self) -> list[StatusLevel]:
        seen: dict[int, StatusLevel] = {}
        for levels in [*self.by_kind.values(), *self.by_level.values()]:
            for level in levels:
                seen.setdefault(level.pk, level)
        return list(seen.values())


def plan_scales(plan: Plan) -> PlanScales:
    """The plan's scales with their levels in order; two queries."""
    ordered = Prefetch("levels", queryset=StatusLevel.objects.order_by("order", "id"))
    by_kind_ids = dict(PlanScale.objects.filter(plan=plan).values_list("kind", "scale_id"))
    by_level_ids = dict(
        PlanLevel.objects.filter(plan=plan, scale__isnull=False).values_list("pk", "scale_id")
    )
    wanted = set(by_kind_ids.values()) | set(by_level_ids.values())
    scales = {
        s.pk: list(s.levels.all())
        for s in StatusScale.objects.filter(pk__in=wanted).prefetch_related(ordered)
    }
    return PlanScales(
        by_kind={kind: scales[pk] for kind, pk in by_kind_ids.items()},
        by_level={level: scales[pk] for level, pk in by_level_ids.items()},
    )


def level_for_meaning(levels: list[StatusLevel], meaning: str) -> StatusLevel | None:
    """The first level of a scale with that meaning (scales list the usual one first)."""
    return next((level for level in levels if level.meaning == meaning), None)


def automatic_status(
    *,
    item: PlanItem,
    plan: Plan,
    value: Decimal | None,
    comparison_value: Decimal | None = None,
    completed: bool | None = None,
    scales: PlanScales | None = None,
) -> tuple[StatusResult | None, StatusLevel | None]:
    """Judge a reported value against the item's first target with the plan's tolerance,
    and map the resulting meaning onto the scale of the item (its level's or its kind's).

    An item without targets has no automatic status: (None, None). When the item has
    targets per level (RJH, RS), the first one judges.
    """
    targets = sorted(item.targets.all(), key=lambda t: (t.order, t.pk))
    if not targets:
        return None, None
    rule = TargetRule.from_target(targets[0], plan)
    result = compute_status(rule, value, comparison_value=comparison_value, completed=completed)
    scales = plan_scales(plan) if scales is None else scales
    level = level_for_meaning(scales.for_item(item), result.meaning)
    return result, level
