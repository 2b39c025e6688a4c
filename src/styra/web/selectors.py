"""Reads behind the web pages. Only reads; every figure comes from the plan data.

`goal_fulfilment_summary` is a stand-in until `styra.plans` offers its own summary
selector; the pages switch to that one when it lands.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from styra.followup.models import Assessment, AssessmentValue, Round, RoundState
from styra.followup.selectors import is_due
from styra.org.selectors import unit_versions_on
from styra.plans.models import ItemKind, Plan, PlanItem, PlanLevel, StatusLevel, Target


def organisation_name(day: date | None = None) -> str:
    """The name of the root of the organisation tree (e.g. "Region Exempel")."""
    day = day or timezone.localdate()
    root = unit_versions_on(day).filter(parent__isnull=True).order_by("order", "unit__code")
    version = root.first()
    return version.name if version else ""


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


def plan_overviews(day: date | None = None) -> list[PlanOverview]:
    names = unit_names_on(day or timezone.localdate())
    return [
        PlanOverview(
            plan=p, unit_name=names.get(p.unit_id, p.unit.code), rounds=list(p.rounds.all())
        )
        for p in plans_with_rounds()
    ]


def plan_get(code: str) -> Plan:
    return Plan.objects.select_related("unit").get(code=code)


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
    owner_name: str
    co_owner_names: list[str]
    assessment: Assessment | None
    total_value: AssessmentValue | None
    targets: list[Target]
    due: bool = True
    depth: int = 0
    children: list[TreeItem] = field(default_factory=list)

    @property
    def status(self) -> StatusLevel | None:
        return self.assessment.status if self.assessment else None

    @property
    def indicator(self):
        return getattr(self.item, "indicator", None)

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


def plan_tree(plan: Plan, round_: Round | None) -> list[TreeItem]:
    """The plan's items as a tree, each with its assessment in `round_` (if any)."""
    names = unit_names_on(_names_day(plan, round_))
    items = list(
        plan.items.select_related("level", "owner", "indicator")
        .prefetch_related("targets", "co_owners")
        .order_by("order", "pk")
    )
    assessments = _assessments_by_item(round_, [i.pk for i in items])
    nodes = {}
    for item in items:
        assessment = assessments.get(item.pk)
        nodes[item.pk] = TreeItem(
            item=item,
            owner_name=names.get(item.owner_id, item.owner.code) if item.owner else "",
            co_owner_names=[names.get(u.pk, u.code) for u in item.co_owners.all()],
            assessment=assessment,
            total_value=_total(assessment),
            targets=list(item.targets.all()),
            due=is_due(item, round_) if round_ else True,
        )
    roots: list[TreeItem] = []
    for item in items:
        node = nodes[item.pk]
        parent = nodes.get(item.parent_id)
        (parent.children if parent else roots).append(node)

    def set_depth(level: list[TreeItem], depth: int) -> None:
        for node in level:
            node.depth = depth
            set_depth(node.children, depth + 1)

    set_depth(roots, 0)
    return roots


def _assessments_by_item(round_: Round | None, item_ids: list[int]) -> dict[int, Assessment]:
    if round_ is None:
        return {}
    qs = (
        Assessment.objects.filter(round=round_, item_id__in=item_ids)
        .select_related("status")
        .prefetch_related("values")
    )
    return {a.item_id: a for a in qs}


def _total(assessment: Assessment | None) -> AssessmentValue | None:
    if assessment is None:
        return None
    for value in assessment.values.all():
        if not value.dimension:
            return value
    return None


@dataclass
class SummaryCell:
    level: StatusLevel | None  # None: no assessment in the round
    count: int
    share: Decimal | None  # ratio of the row's total, 0..1


@dataclass
class SummaryRow:
    label: str
    cells: list[SummaryCell]
    total: int


@dataclass
class KindSummary:
    kind: str
    kind_label: str
    levels: list[StatusLevel]
    has_unassessed: bool
    rows: list[SummaryRow]  # one per top-level item, then the total
    not_due: int = 0  # items of this kind followed up in a later round, not counted


def goal_fulfilment_summary(
    plan: Plan, round_: Round | None, tree: list[TreeItem], total_label: str
) -> list[KindSummary]:
    """Counts and shares per status, per top-level item and in total, per item kind.

    Only items due in the round (or assessed in it anyway) are counted; a yearly
    indicator in a tertial round is left out and reported as `not_due`.
    """
    summaries = []
    kind_order = list(ItemKind.values)
    plan_scales = sorted(
        plan.scales.select_related("scale"), key=lambda ps: kind_order.index(ps.kind)
    )
    for plan_scale in plan_scales:
        levels = list(plan_scale.scale.levels.all())
        per_root: list[tuple[str, dict]] = []
        grand: dict = defaultdict(int)
        not_due = 0
        for root in tree:
            counts: dict = defaultdict(int)
            for node in _walk(root):
                if node.item.kind != plan_scale.kind:
                    continue
                if node.due or node.assessment is not None:
                    counts[node.status.pk if node.status else None] += 1
                else:
                    not_due += 1
            if counts:
                per_root.append((f"{root.item.number} {root.item.title}".strip(), counts))
                for key, n in counts.items():
                    grand[key] += n
        if not grand:
            continue
        has_unassessed = grand.get(None, 0) > 0
        keys = [lv.pk for lv in levels] + ([None] if has_unassessed else [])
        by_pk = {lv.pk: lv for lv in levels}
        rows = [
            _summary_row(label, counts, keys, by_pk)
            for label, counts in [*per_root, (total_label, grand)]
        ]
        summaries.append(
            KindSummary(
                kind=plan_scale.kind,
                kind_label=ItemKind(plan_scale.kind).label,
                levels=levels,
                has_unassessed=has_unassessed,
                rows=rows,
                not_due=not_due,
            )
        )
    return summaries


def _summary_row(label: str, counts: dict, keys: list, by_pk: dict) -> SummaryRow:
    total = sum(counts.values())
    cells = [
        SummaryCell(
            level=by_pk.get(key),
            count=counts.get(key, 0),
            share=Decimal(counts.get(key, 0)) / total if total else None,
        )
        for key in keys
    ]
    return SummaryRow(label=label, cells=cells, total=total)


def _walk(node: TreeItem):
    yield node
    for child in node.children:
        yield from _walk(child)


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
    def indicator(self):
        return getattr(self.item, "indicator", None)


def item_detail(plan: Plan, code: str) -> ItemDetail:
    """One item with its targets and its assessments over all rounds of the plan."""
    item = (
        PlanItem.objects.select_related("level", "owner", "indicator", "parent")
        .prefetch_related("co_owners", "targets")
        .get(plan=plan, code=code)
    )
    names = unit_names_on(plan.period_end)
    ancestors = []
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
        values = list(a.values.all())
        value_rows.append(
            ValueRow(
                round=a.round,
                assessment=a,
                total=next((v for v in values if not v.dimension), None),
                breakdown=[v for v in values if v.dimension],
            )
        )
    return ItemDetail(
        item=item,
        owner_name=names.get(item.owner_id, item.owner.code) if item.owner else "",
        co_owner_names=[names.get(u.pk, u.code) for u in item.co_owners.all()],
        ancestors=ancestors,
        children=list(item.children.select_related("level").order_by("order", "pk")),
        targets=list(item.targets.all()),
        value_rows=value_rows,
    )
