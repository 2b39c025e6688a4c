"""Reads behind the web pages. Only reads; every figure comes from the plan data.

The tree and its numbering come from `styra.plans.selectors.plan_tree`, statuses and
the goal-fulfilment summary from `styra.followup.summary.round_summary`; this module
adds what the pages show with them (assessments, values, unit names) and arranges the
summary as tables.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from styra.access import permissions
from styra.followup.models import Assessment, AssessmentValue, Round, RoundState
from styra.followup.summary import RoundSummary, StatusCount, StatusKey
from styra.org.selectors import unit_versions_on
from styra.plans import selectors as plans_selectors
from styra.plans.models import (
    Indicator,
    ItemKind,
    Plan,
    PlanItem,
    PlanLevel,
    StatusLevel,
    Target,
)
from styra.plans.selectors import plan_is_viewable

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User


def unit_names_on(day: date) -> dict[int, str]:
    """unit id -> its (short) name on `day`; one query for a whole page."""
    return {
        unit_id: short or name
        for unit_id, name, short in unit_versions_on(day).values_list(
            "unit_id", "name", "short_name"
        )
    }


def plans_with_rounds() -> QuerySet[Plan]:
    return Plan.objects.select_related("unit").prefetch_related(
        Prefetch("rounds", queryset=Round.objects.order_by("period_end"))
    )


@dataclass
class PlanOverview:
    plan: Plan
    unit_name: str
    rounds: list[Round]


def plan_overviews(user: User | AnonymousUser, day: date | None = None) -> list[PlanOverview]:
    """The plans `user` may read (`plan_is_viewable`), with their rounds."""
    names = unit_names_on(day or timezone.localdate())
    return [
        PlanOverview(
            plan=p, unit_name=names.get(p.unit_id, p.unit.code), rounds=list(p.rounds.all())
        )
        for p in plans_with_rounds()
        if plan_is_viewable(p, permissions.viewable_unit_ids(user, p.period_end))
    ]


def plan_get(code: str) -> Plan:
    return plans_selectors.plan_get(code)


def plan_rounds(plan: Plan) -> list[Round]:
    return list(plan.rounds.order_by("period_end"))


def default_round(rounds: list[Round]) -> Round | None:
    """The latest round that has started reporting; else the first planned one."""
    started = [r for r in rounds if r.state != RoundState.PLANNED]
    if started:
        return started[-1]
    return rounds[0] if rounds else None


@dataclass
class TreeItem:
    item: PlanItem
    number: str  # as printed, or the outline number when the plan gives none
    owner_name: str
    co_owner_names: list[str]
    assessment: Assessment | None
    total_value: AssessmentValue | None
    targets: list[Target]
    # The status the item is counted with in the round's summary (a StatusLevel or a
    # `followup.summary.StatusKey`): the assessed one, "ej rapporterat" or "följs upp på helår".
    status: StatusLevel | StatusKey | None = None
    depth: int = 0
    children: list[TreeItem] = field(default_factory=list)

    @property
    def indicator(self) -> Indicator | None:
        return getattr(self.item, "indicator", None)  # None when the item is no indicator

    @property
    def groups(self) -> list[LevelGroup]:
        return group_by_level(self.children)


@dataclass
class LevelGroup:
    level: PlanLevel
    items: list[TreeItem]

    @property
    def is_table(self) -> bool:
        """Leaves are shown as one table per level; items with children as sections."""
        return all(not t.children for t in self.items)

    @property
    def has_values(self) -> bool:
        return any(t.item.kind == ItemKind.INDICATOR for t in self.items)

    @property
    def title(self) -> str:
        return self.level.name_plural or self.level.name


def group_by_level(items: list[TreeItem]) -> list[LevelGroup]:
    groups: list[LevelGroup] = []
    for t in items:
        if groups and groups[-1].level.pk == t.item.level_id:
            groups[-1].items.append(t)
        else:
            groups.append(LevelGroup(level=t.item.level, items=[t]))
    return groups


def _names_day(plan: Plan, round_: Round | None) -> date:
    return round_.period_end if round_ else plan.period_end


def plan_tree(
    plan: Plan,
    round_: Round | None,
    item_status: dict[int, StatusKey] | None = None,
    *,
    unit_ids: frozenset[int] | None = None,
) -> list[TreeItem]:
    """The plan's items as a tree, each with its assessment in `round_` (if any).

    `item_status` is `RoundSummary.item_status`, so that the tree shows each item with
    the status the summary counts it with. `unit_ids` (`permissions.viewable_unit_ids`;
    None: everything) keeps the items their reader may see, as on the follow-up pages:
    an item the reader may not see is left out, or — when it holds items they may see —
    kept as a heading without its owner's assessment, value or status.
    """
    names = unit_names_on(_names_day(plan, round_))
    structure = plans_selectors.plan_tree(plan)
    items = [node.item for root in structure for node in root.walk()]
    assessments = _assessments_by_item(round_, [i.pk for i in items])
    item_status = item_status or {}

    def convert(node: plans_selectors.TreeItem) -> TreeItem | None:
        item = node.item
        children = [t for t in (convert(child) for child in node.children) if t is not None]
        visible = permissions.item_is_viewable(item, unit_ids)
        if not visible and not children:
            return None
        assessment = assessments.get(item.pk) if visible else None
        status = assessment.status if assessment and assessment.status else None
        return TreeItem(
            item=item,
            number=node.number,
            owner_name=names.get(item.owner.pk, item.owner.code) if item.owner else "",
            co_owner_names=[names.get(u.pk, u.code) for u in item.co_owners.all()],
            assessment=assessment,
            total_value=assessment.total_value() if assessment else None,
            targets=list(item.targets.all()),
            status=(status or item_status.get(item.pk)) if visible else None,
            depth=node.depth,
            children=children,
        )

    return [t for t in (convert(root) for root in structure) if t is not None]


def _assessments_by_item(round_: Round | None, item_ids: list[int]) -> dict[int, Assessment]:
    if round_ is None:
        return {}
    qs = (
        Assessment.objects.filter(round=round_, item_id__in=item_ids)
        .select_related("status")
        .prefetch_related("values")
    )
    return {a.item_id: a for a in qs}


@dataclass
class SummaryRow:
    label: str
    counts: list[StatusCount]
    total: int


@dataclass
class SummaryTable:
    """One plan level's status counts ("Kortsiktiga nyckeltal"): a row per goal area
    and the total, a column per status."""

    level_code: str
    title: str
    statuses: list[StatusKey]
    rows: list[SummaryRow]  # per area, then the total


def summary_tables(summary: RoundSummary, total_label: str) -> list[SummaryTable]:
    """`followup.summary.round_summary` arranged as one table per plan level."""
    tables = []
    for total in summary.total.rows:
        rows = []
        for group in summary.per_area:
            row = group.row(total.level_code)
            if row is not None and row.kind == total.kind and row.total:
                assert group.area is not None, "only the total has no area"
                label = f"{group.area.number} {group.area.title}".strip()
                rows.append(SummaryRow(label=label, counts=row.counts, total=row.total))
        rows.append(SummaryRow(label=total_label, counts=total.counts, total=total.total))
        tables.append(
            SummaryTable(
                level_code=total.level_code,
                title=total.level_name,
                statuses=[c.status for c in total.counts],
                rows=rows,
            )
        )
    return tables


@dataclass
class ValueRow:
    round: Round
    assessment: Assessment
    total: AssessmentValue | None
    breakdown: list[AssessmentValue]


@dataclass
class ItemDetail:
    item: PlanItem
    owner_name: str
    co_owner_names: list[str]
    ancestors: list[PlanItem]
    children: list[PlanItem]
    targets: list[Target]
    value_rows: list[ValueRow]

    @property
    def indicator(self) -> Indicator | None:
        return getattr(self.item, "indicator", None)  # None when the item is no indicator


def item_detail(
    plan: Plan, code: str, units_by_day: dict[date, frozenset[int] | None] | None = None
) -> ItemDetail:
    """One item with its targets and its assessments over all rounds of the plan.

    With `units_by_day` (`permissions.viewable_unit_ids_on` for the rounds' end dates),
    only the rounds in which the reader may read the item (roles as of each round's
    end, as on the follow-up page) show its assessment.
    """
    item = (
        PlanItem.objects.select_related("level", "owner", "indicator", "parent")
        .prefetch_related("co_owners", "targets")
        .get(plan=plan, code=code)
    )
    names = unit_names_on(plan.period_end)
    ancestors: list[PlanItem] = []
    parent = item.parent
    while parent is not None:
        ancestors.insert(0, parent)
        parent = parent.parent
    assessments = (
        Assessment.objects.filter(item=item)
        .select_related("round", "status")
        .prefetch_related(Prefetch("values", queryset=AssessmentValue.objects.order_by("order")))
        .order_by("round__period_end")
    )
    value_rows = []
    for a in assessments:
        if units_by_day is not None and not permissions.item_is_viewable(
            item, units_by_day.get(a.round.period_end, frozenset())
        ):
            continue
        values = list(a.values.all())
        value_rows.append(
            ValueRow(
                round=a.round,
                assessment=a,
                total=a.total_value(),
                breakdown=[v for v in values if v.dimension],
            )
        )
    return ItemDetail(
        item=item,
        owner_name=names.get(item.owner.pk, item.owner.code) if item.owner else "",
        co_owner_names=[names.get(u.pk, u.code) for u in item.co_owners.all()],
        ancestors=ancestors,
        children=list(item.children.select_related("level").order_by("order", "pk")),
        targets=list(item.targets.all()),
        value_rows=value_rows,
    )
