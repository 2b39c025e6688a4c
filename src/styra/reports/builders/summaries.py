"""Goal-fulfilment summaries and status definitions.

Counts come from `followup.summary` (the same counts the web's plan page shows and the
report check compares texts with); this module only lays them out:

- `by: level` (default): per plan level (kortsiktiga nyckeltal, uppdrag, mätetal …) a
  table of status, count and share, and a sentence "Totalt har … N uppdrag och M
  kortsiktiga nyckeltal att redovisa";
- `by: area`: per goal area or perspective a table whose rows are the area's goals (or
  the level `rows` names) and whose columns are the statuses of the counted items, with
  a total row and a row of shares.

Shares are rounded each on its own (domain guide §5); where the printed shares do not
add up to 100, a footnote says so.
"""

from __future__ import annotations

from decimal import Decimal

from styra.followup.summary import StatusKey, Tally, status_keys, tally
from styra.formats import numbers as nf
from styra.plans.models import ItemKind, PlanItem
from styra.reports.document import (
    BulletList,
    Cell,
    Column,
    Footnote,
    Paragraph,
    Row,
    Section,
    Table,
)
from styra.reports.templates import SectionSpec

from .common import BuildContext, key_mark

KIND_PLURAL: dict[str, str] = {
    ItemKind.INDICATOR: "kortsiktiga nyckeltal",
    ItemKind.ASSIGNMENT: "uppdrag",
    ItemKind.GOAL: "mål",
    ItemKind.ACTIVITY: "aktiviteter",
}
KIND_SINGULAR: dict[str, str] = {
    ItemKind.INDICATOR: "kortsiktigt nyckeltal",
    ItemKind.ASSIGNMENT: "uppdrag",
    ItemKind.GOAL: "mål",
    ItemKind.ACTIVITY: "aktivitet",
}
COUNT_FORMAT = "0"
SHARE_FORMAT = '0" %"'

# When the round asks for an item later: "3 långsiktiga nyckeltal följs upp på helår".
LATER_PHRASE = {
    "yearly": "följs upp på helår",
    "interim": "följs upp i delårsrapporten och på helår",
    "tertial": "följs upp per tertial",
}


# --- what items are called, and how many there are ------------------------------------


def item_noun(item: PlanItem, count: int = 2) -> str:
    """What the report calls `count` items like `item`: its plan level's name
    ("kortsiktiga nyckeltal", "långsiktigt nyckeltal") when the level holds one kind."""
    level = item.level
    if level.name_plural and list(level.kinds or []) == [item.kind]:
        return (level.name if count == 1 else level.name_plural).lower()
    names = KIND_SINGULAR if count == 1 else KIND_PLURAL
    return names.get(item.kind, item.kind)


def counted(items: list[PlanItem]) -> str:
    return f"{nf.format_number(len(items))} {item_noun(items[0], len(items))}"


def noun_groups(items: list[PlanItem]) -> list[tuple[str, list[PlanItem]]]:
    """`items` grouped by `item_noun`, assignments first, then by plan level order."""
    kind_order: list[str] = [
        ItemKind.ASSIGNMENT,
        ItemKind.INDICATOR,
        ItemKind.GOAL,
        ItemKind.ACTIVITY,
    ]
    groups: dict[str, list[PlanItem]] = {}
    for item in sorted(
        items,
        key=lambda i: (
            kind_order.index(i.kind) if i.kind in kind_order else 9,
            i.level.order,
        ),
    ):
        groups.setdefault(item_noun(item), []).append(item)
    return list(groups.items())


def join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " och " + parts[-1]


def summary_sentence(ctx: BuildContext, groups: list[tuple[str, list[PlanItem]]]) -> str:
    parts = [counted(items) for _noun, items in groups if items]
    return f"Totalt har {ctx.data.unit_name} {join(parts)} att redovisa i {ctx.round.name.lower()}."


def later_sentence(groups: list[tuple[str, list[PlanItem]]]) -> str:
    """For items not due yet: "Ytterligare 3 långsiktiga nyckeltal följs upp på helår"."""
    parts: list[str] = []
    for _noun, items in groups:
        by_phrase: dict[str, list[PlanItem]] = {}
        for item in items:
            phrase = LATER_PHRASE.get(item.frequency, "följs upp senare")
            by_phrase.setdefault(phrase, []).append(item)
        parts.extend(f"{counted(later)} {phrase}" for phrase, later in by_phrase.items())
    return f"Ytterligare {join(parts)}." if parts else ""


# --- printed shares -------------------------------------------------------------------------


def printed_share(count: int, total: int) -> Decimal | None:
    """A share in percent as printed: rounded on its own to a whole percent."""
    if not total:
        return None
    return nf.round_half_up(Decimal(count) * 100 / Decimal(total), 0)


def share_note(printed: list[Decimal | None]) -> Footnote | None:
    """The footnote when the printed shares do not add up to 100 (domain guide §5)."""
    values = [p for p in printed if p is not None]
    if not values or sum(values) == 100:
        return None
    return Footnote(
        "*",
        f"Andelarna summerar till {nf.format_percent(sum(values), 0)} på grund av avrundning.",
    )


def _share_cell(share: Decimal | None) -> Cell:
    if share is None:
        return Cell(text=nf.MISSING)
    return Cell(text=nf.format_percent(share, 0), value=share, number_format=SHARE_FORMAT)


# --- by plan level ----------------------------------------------------------------------------


def level_table(counts: Tally, noun: str, key: str, *, shares: bool = True) -> Table:
    """Status | Antal | Andel for one plan level's items, and a Totalt row."""
    columns = [Column("Status"), Column("Antal", align="right", summable=True)]
    if shares:
        columns.append(Column("Andel", align="right", unit="%", share=True, share_of=1))
    table = Table(key=key, caption=f"Måluppfyllelse, {noun}", columns=columns)
    printed = []
    for c in counts.shown():
        mark = key_mark(c.status)
        cells = [
            Cell(text=f"{mark.symbol} {mark.label}", status=mark),
            Cell(text=nf.format_number(c.count), value=Decimal(c.count), number_format="0"),
        ]
        if shares:
            share = printed_share(c.count, counts.total)
            printed.append(share)
            cells.append(_share_cell(share))
        table.rows.append(Row(cells=cells, item_code=c.status.meaning))
    total_cells = [
        Cell(text="Totalt"),
        Cell(text=nf.format_number(counts.total), value=Decimal(counts.total), number_format="0"),
    ]
    if shares:
        total_cells.append(Cell(text=nf.format_percent(100, 0) if counts.total else nf.MISSING))
    table.rows.append(Row(cells=total_cells, kind="total"))
    note = share_note(printed) if shares else None
    if note:
        table.footnotes.append(note)
    return table


def _counted_items(ctx: BuildContext, options: dict, *, later: bool = False) -> list[PlanItem]:
    """The items a summary counts: on the levels `count` names, else every indicator and
    assignment; the round's due ones, or with `later` the ones it does not ask for."""
    levels = options.get("count")
    if levels:
        pool = [i for i in ctx.data.items if i.level.code in levels and i.kind != ItemKind.AREA]
    else:
        kinds = (ItemKind.ASSIGNMENT, ItemKind.INDICATOR)
        pool = [i for i in ctx.data.items if i.kind in kinds]
    return [i for i in pool if ctx.data.is_due(i) != later]


def _by_level(ctx: BuildContext, spec: SectionSpec) -> list[Section]:
    options = spec.options or {}
    due = _counted_items(ctx, options)
    later = _counted_items(ctx, options, later=True)
    include_later = bool(options.get("include_later"))
    groups = noun_groups(due + later if include_later else due)
    if not groups:
        return []
    section = Section(heading=ctx.fill(spec.heading), level=spec.level, key=spec.key)
    section.blocks.extend(ctx.intro(spec))
    if options.get("sentence", True) and due:
        sentence = summary_sentence(ctx, noun_groups(due))
        section.blocks.append(Paragraph(f"{sentence} {later_sentence(noun_groups(later))}".strip()))
    per_kind: dict[str, int] = {}
    for _noun, items in groups:
        per_kind[items[0].kind] = per_kind.get(items[0].kind, 0) + 1
    for noun, items in groups:
        kind = items[0].kind
        key = (
            f"maluppfyllelse-{kind}"
            if per_kind[kind] == 1
            else f"maluppfyllelse-{items[0].level.code}"
        )
        table = level_table(
            tally(items, ctx.data.statuses), noun, key, shares=options.get("shares", True)
        )
        section.blocks.append(table)
    return [section]


# --- by goal area: rows = the area's goals, columns = statuses ---------------------------------


def _areas(ctx: BuildContext, area_level: str | None) -> list[PlanItem]:
    areas = [i for i in ctx.data.items if i.kind == ItemKind.AREA]
    if area_level:
        return [a for a in areas if a.level.code == area_level]
    ids = {a.pk for a in areas}
    return [a for a in areas if a.parent_id not in ids]


def area_rows(ctx: BuildContext, area: PlanItem, rows_level: str | None) -> list[PlanItem]:
    """The rows of an area's summary: items on `rows_level` below it, else its children
    that are not areas (its goals), else its child areas."""
    below = ctx.data.descendants(area, include_later=True)
    if rows_level:
        return [i for i in below if i.level.code == rows_level]
    children = ctx.data.children.get(area.pk, [])
    goals = [c for c in children if c.kind == ItemKind.GOAL]
    return goals or [c for c in children if c.kind == ItemKind.AREA]


def area_table(
    ctx: BuildContext,
    area: PlanItem,
    *,
    rows_level: str | None,
    count_levels: list[str] | None,
    key: str,
    shares: bool = True,
) -> Table | None:
    """Rows = the area's goals, columns = the statuses of the items counted below each."""

    def counted_below(row: PlanItem) -> list[PlanItem]:
        found = [row] if row.kind != ItemKind.AREA and _counts(row) else []
        found += [i for i in ctx.data.descendants(row) if _counts(i)]
        return found

    def _counts(item: PlanItem) -> bool:
        if not ctx.data.is_due(item):
            return False
        if count_levels:
            return item.level.code in count_levels
        return item.kind == ItemKind.INDICATOR

    rows = [(row, counted_below(row)) for row in area_rows(ctx, area, rows_level)]
    rows = [(row, items) for row, items in rows if items]
    if not rows:
        return None
    every = [i for _row, items in rows for i in items]
    keys: list[StatusKey] = status_keys(ctx.data.statuses.levels_for(every[0]))
    whole = tally(every, ctx.data.statuses, keys=keys)
    shown = [c.status for c in whole.shown()]
    noun = item_noun(every[0], 2)
    table = Table(
        key=key,
        caption=f"Måluppfyllelse per mål, {noun} – {area.title}",
        columns=[
            Column(rows[0][0].level.name, width=2.6),
            *[
                Column(f"{k.symbol} {k.label}", align="right", summable=True, width=0.9)
                for k in shown
            ],
            Column("Totalt", align="right", summable=True, row_total=True, width=0.8),
        ],
        row_header=0,
    )

    def count_cells(counts: Tally) -> list[Cell]:
        by_key = {c.status: c.count for c in counts.counts}
        cells = [
            Cell(text=nf.format_number(by_key.get(k, 0)), value=Decimal(by_key.get(k, 0)))
            for k in shown
        ]
        cells.append(Cell(text=nf.format_number(counts.total), value=Decimal(counts.total)))
        return cells

    for row, items in rows:
        label = f"{row.number} {row.title}".strip() if row.number else row.title
        table.rows.append(
            Row(
                cells=[Cell(text=label), *count_cells(tally(items, ctx.data.statuses, keys=keys))],
                item_code=row.code,
            )
        )
    table.rows.append(Row(cells=[Cell(text="Totalt"), *count_cells(whole)], kind="total"))
    if shares:
        by_key = {c.status: c.count for c in whole.counts}
        printed = [printed_share(by_key.get(k, 0), whole.total) for k in shown]
        table.rows.append(
            Row(
                cells=[Cell(text="Andel"), *[_share_cell(p) for p in printed], Cell()],
                kind="share",
            )
        )
        note = share_note(printed)
        if note:
            table.footnotes.append(note)
    return table


def _by_area(ctx: BuildContext, spec: SectionSpec) -> list[Section]:
    options = spec.options or {}
    tables = []
    for area in _areas(ctx, options.get("area_level")):
        table = area_table(
            ctx,
            area,
            rows_level=options.get("rows"),
            count_levels=options.get("count"),
            key=f"{spec.key or 'maluppfyllelse'}-{area.code.lower()}",
            shares=options.get("shares", True),
        )
        if table is not None:
            tables.append(table)
    if not tables:
        return []
    section = Section(heading=ctx.fill(spec.heading), level=spec.level, key=spec.key)
    section.blocks.extend(ctx.intro(spec))
    section.blocks.extend(tables)
    return [section]


def build_goal_summary(ctx: BuildContext, spec: SectionSpec) -> list[Section]:
    if (spec.options or {}).get("by") == "area":
        return _by_area(ctx, spec)
    return _by_level(ctx, spec)


def build_status_definitions(ctx: BuildContext, spec: SectionSpec) -> list[Section]:
    """The definitions of a scale's levels: the scale of a plan level (`options.level`)
    or of an item kind (`item_kind`, default assignments)."""
    level_code = (spec.options or {}).get("level")
    levels = []
    if level_code:
        sample = next((i for i in ctx.data.items if i.level.code == level_code), None)
        levels = ctx.data.scales.for_item(sample) if sample else []
    else:
        levels = ctx.data.scales.for_kind(spec.item_kind or ItemKind.ASSIGNMENT)
    lines = [f"{lv.symbol} {lv.label} – {lv.definition}" for lv in levels if lv.definition]
    if not lines:
        return []
    section = Section(heading=ctx.fill(spec.heading), level=spec.level, key=spec.key)
    section.blocks.extend(ctx.intro(spec))
    section.blocks.append(BulletList(lines))
    return [section]
