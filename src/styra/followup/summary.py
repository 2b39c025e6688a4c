"""Goal-fulfilment summaries of a round: counts per status level, per goal area and in
total, computed from the items and their assessments — never typed (domain guide §5).

An item that is due but has no status counts as "not reported"; an item the round does
not ask for (a yearly indicator in a tertial round) counts as "year end". Both are
levels of their own and always visible. Shares are unrounded Decimals (percent);
rounding is the formatter's job, and shares that do not add up to 100 after rounding
are shown as they are.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from styra.followup.models import Assessment
from styra.plans.models import ItemKind, PlanItem, StatusLevel, StatusMeaning
from styra.plans.selectors import items_in_round, level_for_meaning, plan_scales

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

    @classmethod
    def of(cls, level: StatusLevel) -> StatusKey:
        return cls(level.code, level.label, level.meaning, level.colour, level.symbol, level.order)

    @classmethod
    def fallback(cls, meaning: str) -> StatusKey:
        code, colour, symbol = _FALLBACK[meaning]
        return cls(code, str(StatusMeaning(meaning).label), meaning, colour, symbol, 10_000)


@dataclass
class StatusCount:
    status: StatusKey
    count: int
    share: Decimal  # percent of the row total, unrounded


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


def _status_keys(levels: list[StatusLevel]) -> list[StatusKey]:
    keys = [StatusKey.of(level) for level in levels]
    for meaning in (StatusMeaning.NOT_REPORTED, StatusMeaning.YEAR_END):
        if level_for_meaning(levels, meaning) is None:
            keys.append(StatusKey.fallback(meaning))
    return keys


def _key_for(levels: list[StatusLevel], meaning: str) -> StatusKey:
    level = level_for_meaning(levels, meaning)
    return StatusKey.of(level) if level else StatusKey.fallback(meaning)


def round_summary(rnd, *, area_level: str | None = None) -> RoundSummary:
    """Counts per status level for every plan level, per area and in total.

    Areas are the items on `area_level` (a level code); by default the top level of the
    plan. Runs a fixed number of queries.
    """
    plan = rnd.plan
    scales = plan_scales(plan)
    due, later = items_in_round(rnd)
    statuses = dict(
        Assessment.objects.filter(round=rnd, status__isnull=False).values_list(
            "item_id", "status_id"
        )
    )
    levels_by_id = {lv.pk: lv for levels in scales.values() for lv in levels}
    areas = [
        item
        for item in PlanItem.objects.filter(plan=plan, kind=ItemKind.AREA)
        .select_related("level")
        .order_by("order", "id")
        if (item.level.code == area_level if area_level else item.parent_id is None)
    ]
    parents = dict(PlanItem.objects.filter(plan=plan).values_list("id", "parent_id"))

    area_ids = {a.pk for a in areas}

    def area_of(item: PlanItem) -> int | None:
        current = item.pk
        while current is not None:
            if current in area_ids:
                return current
            current = parents.get(current)
        return None

    item_status: dict[int, StatusKey] = {}
    for item in due:
        levels = scales.get(item.kind, [])
        level = levels_by_id.get(statuses.get(item.pk))
        item_status[item.pk] = (
            StatusKey.of(level) if level else _key_for(levels, StatusMeaning.NOT_REPORTED)
        )
    for item in later:
        item_status[item.pk] = _key_for(scales.get(item.kind, []), StatusMeaning.YEAR_END)

    judged = sorted(due + later, key=lambda i: (i.level.order, i.level_id, i.kind, i.order))

    def group(area: PlanItem | None) -> GroupSummary:
        members = [i for i in judged if area is None or area_of(i) == area.pk]
        summary = GroupSummary(area=area)
        rows: dict[tuple[int, str], list[PlanItem]] = {}
        for item in members:
            rows.setdefault((item.level_id, item.kind), []).append(item)
        for (_level_id, kind), items in rows.items():
            keys = _status_keys(scales.get(kind, []))
            total = len(items)
            counts = []
            for key in keys:
                n = sum(1 for i in items if item_status[i.pk] == key)
                share = Decimal(n) * HUNDRED / total if total else Decimal(0)
                counts.append(StatusCount(status=key, count=n, share=share))
            summary.rows.append(
                LevelSummary(
                    level_code=items[0].level.code,
                    level_name=items[0].level.name_plural or items[0].level.name,
                    kind=kind,
                    total=total,
                    counts=counts,
                )
            )
        return summary

    return RoundSummary(
        total=group(None),
        per_area=[group(area) for area in areas],
        item_status=item_status,
    )


def summary_sentence(row: LevelSummary) -> str:
    """'18 kortsiktiga nyckeltal: 5 helt uppfyllt, 6 delvis uppfyllt, …' (zero counts left out)."""
    parts = [f"{c.count} {c.status.label.lower()}" for c in row.counts if c.count]
    return _("%(total)s %(name)s: %(parts)s") % {
        "total": row.total,
        "name": row.level_name.lower(),
        "parts": ", ".join(parts),
    }
