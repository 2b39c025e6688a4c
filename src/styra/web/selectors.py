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
from styra.plans.models import (
    ItemKind,
    Plan,
    PlanItem,
    PlanLevel,
    StatusLevel,
    StatusMeaning,
    Target,
)


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

    # What a page shows: the assessed status, or the scale's "year end" level for an
    # item that is not due in the round.
    shown_status: StatusLevel | None = None

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
    def has_numbers(self) -> bool:
        return any(t.item.number for t in self.items)

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
    year_end = {
        kind: next((lv for lv in levels if lv.meaning == StatusMeaning.YEAR_END), None)
        for kind, levels in _scales_by_kind(plan).items()
    }
    nodes = {}
    for item in items:
        assessment = assessments.get(item.pk)
        due = is_due(item, round_) if round_ else True
        status = assessment.status if assessment else None
        if status is None and round_ is not None and not due:
            status = year_end.get(item.kind)
        nodes[item.pk] = TreeItem(
            item=item,
            owner_name=names.get(item.owner_id, item.owner.code) if item.owner else "",
            co_owner_names=[names.get(u.pk, u.code) for u in item.co_owners.all()],
            assessment=assessment,
            total_value=_total(assessment),
            targets=list(item.targets.all()),
            due=due,
            shown_status=status,
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
class LevelSummary:
    """The status counts of one plan level ("Kortsiktiga nyckeltal", "Uppdrag")."""

    plan_level: PlanLevel
    levels: list[StatusLevel]
    has_unassessed: bool
    rows: list[SummaryRow]  # one per top-level item, then the total
    not_due: int = 0  # items followed up in a later round, for scales without such a level

    @property
    def title(self) -> str:
        return self.plan_level.name_plural or self.plan_level.name


def goal_fulfilment_summary(
    plan: Plan, round_: Round | None, tree: list[TreeItem], total_label: str
) -> list[LevelSummary]:
    """Counts and shares per status, per top-level item and in total, per plan level.

    Every item of a kind with a status scale counts with its shown status: the assessed
    one, or, for an item not due in the round, the scale's "year end" level. Without
    such a level, items not due are left out and reported as `not_due`.
    """
    scales = _scales_by_kind(plan)
    nodes = [(root, node) for root in tree for node in _walk(root) if node.item.kind in scales]
    plan_levels: dict[int, PlanLevel] = {}
    for _root, node in nodes:
        plan_levels.setdefault(node.item.level_id, node.item.level)
    summaries = []
    for plan_level in sorted(plan_levels.values(), key=lambda lv: (lv.order, lv.pk)):
        per_root: dict[int, tuple[str, dict]] = {}
        grand: dict = defaultdict(int)
        not_due = 0
        kind = None
        for root, node in nodes:
            if node.item.level_id != plan_level.pk:
                continue
            kind = node.item.kind
            if node.shown_status is None and not node.due:
                not_due += 1
                continue
            key = node.shown_status.pk if node.shown_status else None
            label = f"{root.item.number} {root.item.title}".strip()
            per_root.setdefault(root.item.pk, (label, defaultdict(int)))[1][key] += 1
            grand[key] += 1
        if kind is None or (not grand and not not_due):
            continue
        levels = scales[kind]
        has_unassessed = grand.get(None, 0) > 0
        keys = [lv.pk for lv in levels] + ([None] if has_unassessed else [])
        by_pk = {lv.pk: lv for lv in levels}
        rows = (
            [
                _summary_row(label, counts, keys, by_pk)
                for label, counts in [*per_root.values(), (total_label, grand)]
            ]
            if grand
            else []
        )
        summaries.append(
            LevelSummary(
                plan_level=plan_level,
                levels=levels,
                has_unassessed=has_unassessed,
                rows=rows,
                not_due=not_due,
            )
        )
    return summaries


def _scales_by_kind(plan: Plan) -> dict[str, list[StatusLevel]]:
    return {
        ps.kind: list(ps.scale.levels.all())
        for ps in plan.scales.select_related("scale").prefetch_related("scale__levels")
    }


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
