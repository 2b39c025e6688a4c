"""Goal-fulfilment summaries of a round: counts per status level, per goal area, per plan
level and in total, computed from the items and their assessments — never typed
(domain guide §5).

This is the one place that decides what an item *counts as*: the web's plan page, the
report builders' summary tables and the report check all read `item_statuses` and
`tally`, so a count printed in a report is the count the check compares texts with.

An item that is due but has no status counts as "not reported"; an item the round does
not ask for (a yearly indicator in a tertial round) counts as "year end". Both are
levels of their own and always visible. Shares are unrounded Decimals (percent);
rounding is the formatter's job, and shares that do not add up to 100 after rounding
are shown as they are.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from styra.followup.models import Assessment, Round
from styra.plans.models import ItemKind, PlanItem, PlanLevel, StatusLevel, StatusMeaning, StatusRule
from styra.plans.selectors import PlanScales, level_for_meaning, plan_items, plan_scales

from .due import is_due

HUNDRED = Decimal(100)

_FALLBACK = {
    StatusMeaning.NOT_REPORTED: ("ej-rapporterat", "#616161", "–"),
    StatusMeaning.YEAR_END: ("helar", "#1565c0", "◷"),
}


@dataclass(frozen=True)
class StatusKey:
    """A status level as summaries show it; a stand-in when the scale lacks the level."""

    code: str
    label: str
    meaning: str
    colour: str
    symbol: str
    order: int
    fallback: bool = False  # not a level of the plan's scale

    @classmethod
    def of(cls, level: StatusLevel) -> StatusKey:
        return cls(level.code, level.label, level.meaning, level.colour, level.symbol, level.order)

    @classmethod
    def fallback_for(cls, meaning: str) -> StatusKey:
        code, colour, symbol = _FALLBACK[meaning]
        return cls(code, str(StatusMeaning(meaning).label), meaning, colour, symbol, 10_000, True)


def status_keys(levels: list[StatusLevel]) -> list[StatusKey]:
    """The columns of a summary over items on this scale: its levels in order, plus
    stand-ins for "not reported" and "year end" when the scale has no such level."""
    keys = [StatusKey.of(level) for level in levels]
    for meaning in (StatusMeaning.NOT_REPORTED, StatusMeaning.YEAR_END):
        if level_for_meaning(levels, meaning) is None:
            keys.append(StatusKey.fallback_for(meaning))
    return keys


def key_for_meaning(levels: list[StatusLevel], meaning: str) -> StatusKey:
    level = level_for_meaning(levels, meaning)
    return StatusKey.of(level) if level else StatusKey.fallback_for(meaning)


# --- what each item counts as ------------------------------------------------------------


@dataclass
class ItemStatuses:
    """The status every item of a round counts with, and whether the round asks for it."""

    scales: PlanScales
    status: dict[int, StatusKey] = field(default_factory=dict)
    due: set[int] = field(default_factory=set)
    derived: set[int] = field(default_factory=set)  # items whose status a rule derived

    def of(self, item: PlanItem) -> StatusKey | None:
        return self.status.get(item.pk)

    def levels_for(self, item: PlanItem) -> list[StatusLevel]:
        return self.scales.for_item(item)


# Judged meanings from worst to best; the rules of derived statuses compare by this order.
JUDGED = (StatusMeaning.NOT_FULFILLED, StatusMeaning.PARTLY, StatusMeaning.FULFILLED)


def derive_meaning(level: PlanLevel, children: list[StatusKey]) -> str:
    """The meaning an item on `level` derives from its children's statuses.

    Children that are not judged (not reported, year end, cannot be judged) do not
    vote; with no judged child the item is "year end" when every child is, else
    "not reported".
    """
    judged = [c.meaning for c in children if c.meaning in JUDGED]
    if not judged:
        if children and all(c.meaning == StatusMeaning.YEAR_END for c in children):
            return StatusMeaning.YEAR_END
        return StatusMeaning.NOT_REPORTED
    if level.status_rule == StatusRule.WORST:
        return min(judged, key=JUDGED.index)
    if level.status_rule == StatusRule.MAJORITY:
        # The most common meaning; a tie goes to the worse one.
        return max(JUDGED, key=lambda m: (judged.count(m), -JUDGED.index(m)))
    fulfilled = Decimal(judged.count(StatusMeaning.FULFILLED)) * HUNDRED / len(judged)
    partly = Decimal(judged.count(StatusMeaning.PARTLY)) * HUNDRED / len(judged) + fulfilled
    if fulfilled >= (level.status_fulfilled if level.status_fulfilled is not None else HUNDRED):
        return StatusMeaning.FULFILLED
    if partly >= (level.status_partly if level.status_partly is not None else Decimal(50)):
        return StatusMeaning.PARTLY
    return StatusMeaning.NOT_FULFILLED


def item_statuses(
    round_: Round,
    items: Iterable[PlanItem],
    reported: dict[int, StatusLevel],
    scales: PlanScales,
) -> ItemStatuses:
    """What each of `items` counts as in `round_`.

    `reported` maps item id → the status level its assessment has (items without an
    assessment or without a status are simply absent). A status the reporter set wins;
    otherwise an item on a level with a status rule derives one from its children
    (bottom-up, so a strategy can derive from goals that derive from measures); areas
    have a status only by such a rule.
    """
    items = list(items)
    result = ItemStatuses(scales=scales)
    children: dict[int, list[PlanItem]] = {}
    parents = {item.pk: item.parent_id for item in items}
    for item in items:
        if item.parent_id is not None:
            children.setdefault(item.parent_id, []).append(item)
        if item.kind == ItemKind.AREA:
            continue
        levels = scales.for_item(item)
        if is_due(item, round_):
            result.due.add(item.pk)
            level = reported.get(item.pk)
            result.status[item.pk] = (
                StatusKey.of(level)
                if level
                else key_for_meaning(levels, StatusMeaning.NOT_REPORTED)
            )
        else:
            result.status[item.pk] = key_for_meaning(levels, StatusMeaning.YEAR_END)

    def depth(item: PlanItem) -> int:
        d, current = 0, item.parent_id
        while current is not None:
            d, current = d + 1, parents.get(current)
        return d

    ruled = [
        i
        for i in items
        if i.level.status_rule != StatusRule.NONE
        and i.pk not in reported
        and (i.kind == ItemKind.AREA or i.pk in result.due)
    ]
    for item in sorted(ruled, key=depth, reverse=True):
        votes = [result.status[c.pk] for c in children.get(item.pk, []) if c.pk in result.status]
        if not votes:
            continue
        meaning = derive_meaning(item.level, votes)
        result.status[item.pk] = key_for_meaning(scales.for_item(item), meaning)
        result.derived.add(item.pk)
    return result


# --- counting ------------------------------------------------------------------------------


@dataclass
class StatusCount:
    status: StatusKey
    count: int
    share: Decimal  # percent of the row total, unrounded


@dataclass
class Tally:
    """Counts per status of a set of items (one row of a summary table)."""

    total: int
    counts: list[StatusCount]

    def count(self, meaning: str) -> int:
        return sum(c.count for c in self.counts if c.status.meaning == meaning)

    def by_code(self) -> dict[str, int]:
        return {c.status.code: c.count for c in self.counts}

    def shown(self) -> list[StatusCount]:
        """The counts a printed table shows: every level of the scale, but a stand-in
        level or a "year end" level only when something counts with it."""
        return [
            c
            for c in self.counts
            if c.count or not (c.status.fallback or c.status.meaning == StatusMeaning.YEAR_END)
        ]


def tally(
    items: list[PlanItem], statuses: ItemStatuses, *, keys: list[StatusKey] | None = None
) -> Tally:
    """Counts and shares per status of `items` (which share one scale).

    The columns are `keys`, by default the scale's levels with stand-ins; a status from
    another scale (a level since removed from the plan) still counts, in a column of
    its own, rather than being lost.
    """
    if keys is None:
        keys = status_keys(statuses.levels_for(items[0])) if items else []
    keys = list(keys)
    per_key: dict[StatusKey, int] = dict.fromkeys(keys, 0)
    for item in items:
        key = statuses.status.get(item.pk)
        if key is None:
            continue
        if key not in per_key:
            keys.append(key)
            per_key[key] = 0
        per_key[key] += 1
    total = sum(per_key.values())
    return Tally(
        total=total,
        counts=[
            StatusCount(
                status=key,
                count=per_key[key],
                share=Decimal(per_key[key]) * HUNDRED / total if total else Decimal(0),
            )
            for key in keys
        ],
    )


# --- a round's summary per plan level and goal area (the web's plan page) --------------------


@dataclass
class LevelSummary:
    """One row of a summary: the items of one plan level and kind (e.g. kortsiktiga nyckeltal)."""

    level_code: str
    level_name: str
    kind: str
    total: int
    counts: list[StatusCount]

    def count(self, meaning: str) -> int:
        return sum(c.count for c in self.counts if c.status.meaning == meaning)

    def by_code(self) -> dict[str, int]:
        return {c.status.code: c.count for c in self.counts}


@dataclass
class GroupSummary:
    """The rows for one goal area (or for the whole plan when `area` is None)."""

    area: PlanItem | None
    rows: list[LevelSummary] = field(default_factory=list)

    def row(self, level_code: str) -> LevelSummary | None:
        return next((r for r in self.rows if r.level_code == level_code), None)


@dataclass
class RoundSummary:
    total: GroupSummary
    per_area: list[GroupSummary]
    # item id → the status it is counted with, for tables that list items
    item_status: dict[int, StatusKey]


def level_rows(items: list[PlanItem], statuses: ItemStatuses) -> list[LevelSummary]:
    """One row per (plan level, kind) of `items`, in plan level order."""
    ordered = sorted(items, key=lambda i: (i.level.order, i.level_id, i.kind, i.order))
    groups: dict[tuple[int, str], list[PlanItem]] = {}
    for item in ordered:
        groups.setdefault((item.level_id, item.kind), []).append(item)
    rows = []
    for (_level_id, kind), members in groups.items():
        counted = tally(members, statuses)
        level = members[0].level
        rows.append(
            LevelSummary(
                level_code=level.code,
                level_name=level.name_plural or level.name,
                kind=kind,
                total=counted.total,
                counts=counted.counts,
            )
        )
    return rows


def round_statuses(round_: Round, items: list[PlanItem] | None = None) -> ItemStatuses:
    """`item_statuses` of the round's plan (or of `items`), loading what it needs."""
    plan_list = list(plan_items(round_.plan)) if items is None else items
    reported = {
        a.item_id: a.status
        for a in Assessment.objects.filter(round=round_, status__isnull=False).select_related(
            "status"
        )
        if a.status is not None
    }
    return item_statuses(round_, plan_list, reported, plan_scales(round_.plan))


def round_summary(rnd: Round, *, area_level: str | None = None) -> RoundSummary:
    """Counts per status level for every plan level, per area and in total.

    Areas are the items on `area_level` (a level code); by default the top level of the
    plan. Runs a fixed number of queries.
    """
    every = list(plan_items(rnd.plan))
    return summarise(every, round_statuses(rnd, every), area_level=area_level)


def summarise(
    every: list[PlanItem],
    statuses: ItemStatuses,
    *,
    area_level: str | None = None,
    only: set[int] | None = None,
) -> RoundSummary:
    """`round_summary` from a plan's items and their `round_statuses`, without queries.

    `only` (item ids) counts just those items — a unit's share of the plan on its
    dashboard; the areas still group them as in the whole plan.
    """
    parents = {item.pk: item.parent_id for item in every}
    areas = [
        item
        for item in every
        if item.kind == ItemKind.AREA
        and (item.level.code == area_level if area_level else item.parent_id is None)
    ]
    area_ids = {a.pk for a in areas}

    def area_of(item: PlanItem) -> int | None:
        current: int | None = item.pk
        while current is not None:
            if current in area_ids:
                return current
            current = parents.get(current)
        return None

    counted = [i for i in every if i.pk in statuses.status and (only is None or i.pk in only)]

    def group(area: PlanItem | None) -> GroupSummary:
        members = [i for i in counted if area is None or area_of(i) == area.pk]
        return GroupSummary(area=area, rows=level_rows(members, statuses))

    return RoundSummary(
        total=group(None),
        per_area=[group(area) for area in areas],
        item_status=statuses.status,
    )


def summary_sentence(row: LevelSummary) -> str:
    """'18 kortsiktiga nyckeltal: 5 helt uppfyllt, 6 delvis uppfyllt, …' (zero counts left out)."""
    parts = [f"{c.count} {c.status.label.lower()}" for c in row.counts if c.count]
    return _("%(total)s %(name)s: %(parts)s") % {
        "total": row.total,
        "name": row.level_name.lower(),
        "parts": ", ".join(parts),
    }
