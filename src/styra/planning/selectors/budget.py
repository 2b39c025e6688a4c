"""Reads of a plan's budget: the frame table, the frame changes, the frames after changes.

Every sum (a frame's net budget, a group's sum row, the total) is computed here from
the frame lines in kronor; rounding to mkr happens once, when a report prints it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch

from styra.org.models import Unit
from styra.org.selectors import unit_versions_on
from styra.plans.models import Plan

from .. import frames as frame_math
from ..models import (
    Budget,
    BudgetFrame,
    BudgetFrameLine,
    BudgetLineType,
    FrameChange,
    FrameGroup,
    LineSection,
)

ZERO = Decimal(0)


@dataclass
class FrameRow:
    frame: BudgetFrame
    label: str
    values: dict[str, Decimal]  # line type code → kr
    net: Decimal  # the row sum: the frame's net budget as distributed
    opening_net: Decimal | None
    received: Decimal  # what the changes with a known amount give the unit
    unknown_changes: list[FrameChange] = field(default_factory=list)

    @property
    def after_changes(self) -> Decimal | None:
        """The frame after changes (opening net minus what the unit received)."""
        return None if self.opening_net is None else self.opening_net - self.received

    @property
    def difference(self) -> Decimal | None:
        """Distribution minus frame after changes; zero when the frame adds up."""
        after = self.after_changes
        return None if after is None else self.net - after


@dataclass
class GroupRows:
    group: FrameGroup
    columns: list[BudgetLineType]
    rows: list[FrameRow]

    @property
    def sums(self) -> dict[str, Decimal]:
        return {
            c.code: sum((r.values.get(c.code, ZERO) for r in self.rows), ZERO) for c in self.columns
        }

    @property
    def net(self) -> Decimal:
        return sum((r.net for r in self.rows), ZERO)

    @property
    def label(self) -> str:
        return self.group.sum_label or self.group.label


@dataclass
class ChangeRow:
    change: FrameChange
    amount: Decimal | None  # stated, or computed for an indexation with a rate
    computed: bool  # the amount was computed from a rate
    unit_label: str
    from_label: str


@dataclass
class BudgetTable:
    budget: Budget
    operations_columns: list[BudgetLineType]
    finance_columns: list[BudgetLineType]
    groups: list[GroupRows]
    changes: list[ChangeRow]

    @property
    def operations(self) -> list[GroupRows]:
        return [g for g in self.groups if g.group.section == LineSection.OPERATIONS]

    @property
    def finance(self) -> list[GroupRows]:
        return [g for g in self.groups if g.group.section == LineSection.FINANCE]

    @property
    def total(self) -> Decimal:
        """The total net budget: the sum of every group's net."""
        return sum((g.net for g in self.groups), ZERO)

    @property
    def frame_rows(self) -> list[FrameRow]:
        return [row for group in self.groups for row in group.rows]

    def changes_for(self, frame: BudgetFrame) -> list[ChangeRow]:
        """The changes that touch `frame`'s unit, in the plan's order."""
        return [c for c in self.changes if frame_math.touches(c.change, frame.unit_id)]


def budget_for(plan: Plan) -> Budget | None:
    return Budget.objects.filter(plan=plan).select_related("plan", "plan__unit").first()


def _columns(frames: list[BudgetFrame], section: str) -> list[BudgetLineType]:
    """The types the frames use in `section`, plus every configured type of that section
    that the budget's groups can hold, in the configured order."""
    used = {
        line.line_type_id
        for frame in frames
        for line in frame.lines.all()
        if line.line_type.section == section
    }
    return [t for t in BudgetLineType.objects.filter(section=section) if t.pk in used]


def budget_table(budget: Budget) -> BudgetTable:
    """The frame table of `budget` (a fixed number of queries, whatever its size)."""
    frames = list(
        BudgetFrame.objects.filter(budget=budget)
        .select_related("unit", "group", "cost_centre")
        .prefetch_related(
            Prefetch("lines", queryset=BudgetFrameLine.objects.select_related("line_type"))
        )
        .order_by("group__order", "order", "pk")
    )
    changes = list(
        FrameChange.objects.filter(budget=budget)
        .select_related("unit", "from_unit")
        .order_by("order", "pk")
    )
    day = budget.plan.period_end
    unit_ids = {f.unit_id for f in frames} | {
        u for c in changes for u in (c.unit_id, c.from_unit_id) if u is not None
    }
    names = dict(unit_versions_on(day).filter(unit_id__in=unit_ids).values_list("unit_id", "name"))
    frames_by_unit = {f.unit_id: f for f in frames}
    received: dict[int, Decimal] = defaultdict(lambda: ZERO)
    unknown: dict[int, list[FrameChange]] = defaultdict(list)
    for change in changes:
        for unit_id in (change.unit_id, change.from_unit_id):
            if unit_id is None or unit_id not in frames_by_unit:
                continue
            effect = frame_math.effect_on(change, unit_id, frames_by_unit)
            if effect is None:
                unknown[unit_id].append(change)
            else:
                received[unit_id] += effect
    ops = _columns(frames, LineSection.OPERATIONS)
    fin = _columns(frames, LineSection.FINANCE)
    groups: list[GroupRows] = []
    for group in FrameGroup.objects.filter(budget=budget).order_by("order", "pk"):
        rows = []
        for frame in (f for f in frames if f.group_id == group.pk):
            values = {line.line_type.code: line.amount for line in frame.lines.all()}
            rows.append(
                FrameRow(
                    frame=frame,
                    label=frame.label or names.get(frame.unit_id, frame.unit.code),
                    values=values,
                    net=sum(values.values(), ZERO),
                    opening_net=frame.opening_net,
                    received=received[frame.unit_id],
                    unknown_changes=unknown[frame.unit_id],
                )
            )
        columns = fin if group.section == LineSection.FINANCE else ops
        groups.append(GroupRows(group=group, columns=columns, rows=rows))
    labels = {f.unit_id: f.label for f in frames if f.label}

    def label_of(unit: Unit | None) -> str:
        if unit is None:
            return ""
        return labels.get(unit.pk) or names.get(unit.pk, unit.code)

    change_rows = []
    for change in changes:
        amount = frame_math.change_amount(change, frames_by_unit)
        change_rows.append(
            ChangeRow(
                change=change,
                amount=amount,
                computed=change.amount is None and amount is not None,
                unit_label=label_of(change.unit) or change.counterpart,
                from_label=label_of(change.from_unit)
                or (change.counterpart if change.unit_id else ""),
            )
        )
    return BudgetTable(
        budget=budget,
        operations_columns=ops,
        finance_columns=fin,
        groups=groups,
        changes=change_rows,
    )
