"""Reads of plans: the ordered, numbered tree, the status scales, the automatic status
of a value. Which items a round asks for is the rounds' business: `styra.followup.due`.

Every function here runs a fixed number of queries, whatever the size of the plan.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, QuerySet

from styra.org.models import Unit

from .models import Plan, PlanItem, PlanScale, StatusLevel
from .status import StatusResult, TargetRule, compute_status


def plan_get(code: str) -> Plan:
    return Plan.objects.select_related("unit", "parent").get(code=code)


def plan_list() -> QuerySet[Plan]:
    return Plan.objects.select_related("unit").order_by("-period_start", "code")


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

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


def plan_tree(plan: Plan) -> list[TreeItem]:
    """The plan's items as a tree, ordered as the plan is, each with its number."""
    by_parent: dict[int | None, list[PlanItem]] = {}
    for item in plan_items(plan):
        by_parent.setdefault(item.parent_id, []).append(item)

    def build(parent_id, prefix: str, depth: int) -> list[TreeItem]:
        nodes = []
        for index, item in enumerate(by_parent.get(parent_id, []), start=1):
            outline = f"{prefix}{index}"
            node = TreeItem(item=item, number=item.number or outline, depth=depth)
            node.children = build(item.pk, f"{node.number}.", depth + 1)
            nodes.append(node)
        return nodes

    return build(None, "", 0)


def plan_scales(plan: Plan) -> dict[str, list[StatusLevel]]:
    """item kind → the levels of the scale the plan uses for it, in order."""
    rows = PlanScale.objects.filter(plan=plan).select_related("scale")
    rows = rows.prefetch_related(
        Prefetch("scale__levels", queryset=StatusLevel.objects.order_by("order", "id"))
    )
    return {row.kind: list(row.scale.levels.all()) for row in rows}


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
    scales: dict[str, list[StatusLevel]] | None = None,
) -> tuple[StatusResult | None, StatusLevel | None]:
    """Judge a reported value against the item's first target with the plan's tolerance,
    and map the resulting meaning onto the plan's scale for the item's kind.

    An item without targets has no automatic status: (None, None). When the item has
    targets per level (RJH, RS), the first one judges.
    """
    targets = sorted(item.targets.all(), key=lambda t: (t.order, t.pk))
    if not targets:
        return None, None
    rule = TargetRule.from_target(targets[0], plan)
    result = compute_status(rule, value, comparison_value=comparison_value, completed=completed)
    scales = plan_scales(plan) if scales is None else scales
    level = level_for_meaning(scales.get(item.kind, []), result.meaning)
    return result, level
