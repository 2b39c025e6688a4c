"""Tables of plan items with the columns a template asks for.

A template names the columns of an item table (`columns:`), each with a field, and
optionally its heading, whether numbers print with their unit, its width and
alignment; without `columns` a table gets the default set for its items' kind. The
status of an item is the one `followup.summary` counts it with, so the table, the
summary and the report check never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

from styra.formats import numbers as nf
from styra.plans.models import ItemKind, PlanItem
from styra.reports.document import Align, Cell, Column, Row, Section, Table
from styra.reports.templates import SectionSpec

from .common import MONTHS, BuildContext, key_mark, status_mark
from .values import (
    indicator_of,
    outcome_cell,
    quantity_cell,
    target_cell,
    unit_parts,
)


@dataclass(frozen=True)
class ColumnSpec:
    field: str
    heading: str
    unit: bool = True  # numbers print with their unit
    width: float = 1.0
    align: Align = "left"


ALIGNMENTS: dict[str, Align] = {"left": "left", "right": "right", "center": "center"}


# field → (default heading, alignment, relative width). The title's default heading is
# the items' plan level name ("Kortsiktiga nyckeltal", "Mätetal", "Uppdrag").
FIELDS: dict[str, tuple[str, Align, float]] = {
    "status": ("Status", "left", 1.35),
    "number": ("Nr", "left", 0.55),
    "title": ("", "left", 2.6),
    "measure": ("Mått", "left", 2.2),
    "outcome": ("Utfall", "right", 1.0),
    "target": ("Målvärde", "right", 1.05),
    "comment": ("Kommentar", "left", 3.0),
    "owner": ("Ansvarig", "left", 1.4),
    "period": ("Mätperiod", "left", 1.1),
    "dates": ("Tidsplan", "left", 1.4),
    "baseline": ("Startvärde", "right", 1.0),
    "unit": ("Enhet", "left", 0.8),
    "level": ("Nivå", "left", 1.0),
}

DEFAULT_FIELDS: dict[str, list[str]] = {
    ItemKind.INDICATOR: ["status", "title", "outcome", "target", "comment"],
    ItemKind.ASSIGNMENT: ["status", "title", "comment"],
    ItemKind.ACTIVITY: ["status", "title", "dates", "comment"],
    ItemKind.GOAL: ["status", "number", "title", "comment"],
}
NUMBER_FIELDS = {"outcome", "target", "baseline"}


def level_title(items: list[PlanItem]) -> str:
    """The items' plan level as a column heading: its plural name."""
    if not items:
        return ""
    return items[0].level.name_plural or items[0].level.name


def column_specs(raw: list[dict] | None, kind: str, items: list[PlanItem]) -> list[ColumnSpec]:
    entries = raw or [{"field": f} for f in DEFAULT_FIELDS.get(kind, DEFAULT_FIELDS["goal"])]
    specs = []
    for entry in entries:
        heading, align, width = FIELDS[entry["field"]]
        if entry["field"] == "title" and not heading:
            heading = level_title(items)
        specs.append(
            ColumnSpec(
                field=entry["field"],
                heading=entry.get("heading", heading),
                unit=entry.get("unit", True),
                width=float(entry.get("width", width)),
                align=ALIGNMENTS[entry["align"]] if "align" in entry else align,
            )
        )
    return specs


def date_span(item: PlanItem) -> str:
    """'januari–december 2026', 'september 2025–mars 2026'."""
    start, end = item.start_date, item.end_date
    if not start and not end:
        return ""
    if start and end:
        if start.year == end.year:
            return f"{MONTHS[start.month - 1]}–{MONTHS[end.month - 1]} {end.year}"
        return f"{MONTHS[start.month - 1]} {start.year}–{MONTHS[end.month - 1]} {end.year}"
    day = start or end
    assert day is not None
    prefix = "från" if start else "till"
    return f"{prefix} {MONTHS[day.month - 1]} {day.year}"


def _cell(ctx: BuildContext, column: ColumnSpec, item: PlanItem, numbered_title: bool) -> Cell:
    assessment = ctx.data.assessments.get(item.pk)
    indicator = indicator_of(item)
    field = column.field
    if field == "status":
        key = ctx.data.statuses.of(item)
        mark = key_mark(key) if key else status_mark(None)
        return Cell(text=f"{mark.symbol} {mark.label}", status=mark)
    if field == "number":
        return Cell(text=item.number)
    if field == "title":
        _short, qualifier = unit_parts(indicator.unit if indicator else "")
        title = f"{item.title} ({qualifier})" if qualifier else item.title
        if numbered_title and item.number:
            title = f"{item.number} {title}"
        return Cell(text=title)
    if field == "measure":
        return Cell(text=(indicator.definition if indicator else "").strip())
    if field == "outcome":
        if indicator is None and assessment is None:
            return Cell(text=nf.MISSING)
        return outcome_cell(item, assessment, with_unit=column.unit)
    if field == "target":
        return target_cell(item, ctx.round.period_end.year, assessment, with_unit=column.unit)
    if field == "comment":
        return Cell(text=(assessment.comment if assessment else "").strip())
    if field == "owner":
        return Cell(text=ctx.unit_name(item.owner) if item.owner else "")
    if field == "period":
        total = assessment.total_value() if assessment else None
        return Cell(text=total.period_label if total else "")
    if field == "dates":
        return Cell(text=date_span(item))
    if field == "baseline":
        if indicator is None or indicator.baseline_value is None:
            return Cell(text=nf.MISSING)
        cell = quantity_cell(
            indicator.baseline_value, indicator.unit, indicator.decimals, with_unit=column.unit
        )
        if indicator.baseline_year:
            cell.text = f"{cell.text} ({indicator.baseline_year})"
        return cell
    if field == "unit":
        return Cell(text=unit_parts(indicator.unit)[0] if indicator else "")
    if field == "level":
        return Cell(text=item.level.name)
    raise ValueError(field)


def item_table(
    ctx: BuildContext,
    items: list[PlanItem],
    *,
    caption: str,
    key: str,
    columns: list[dict] | None = None,
) -> Table:
    """One row per item (and its breakdown rows under an outcome column)."""
    kind = items[0].kind if items else ItemKind.INDICATOR
    specs = column_specs(columns, kind, items)
    fields = [c.field for c in specs]
    table = Table(
        key=key,
        caption=caption,
        columns=[Column(c.heading, align=c.align, width=c.width) for c in specs],
        row_header=fields.index("title") if "title" in fields else 0,
    )
    numbered_title = "number" not in fields
    for item in items:
        table.rows.append(
            Row(
                cells=[_cell(ctx, c, item, numbered_title) for c in specs],
                item_code=item.code,
            )
        )
        if "outcome" in fields:
            table.rows.extend(_breakdown_rows(ctx, item, specs))
    return table


def _breakdown_rows(ctx: BuildContext, item: PlanItem, specs: list[ColumnSpec]) -> list[Row]:
    """A row per breakdown cell (per kitchen, per sex) under the item's row."""
    assessment = ctx.data.assessments.get(item.pk)
    if assessment is None:
        return []
    indicator = indicator_of(item)
    unit = indicator.unit if indicator else ""
    decimals = indicator.decimals if indicator else 0
    fields = [c.field for c in specs]
    label_at = fields.index("title") if "title" in fields else 0
    rows = []
    for value in assessment.values.all():
        if not value.dimension:
            continue
        cells = [Cell() for _spec in specs]
        cells[label_at] = Cell(text=value.member, indent=1)
        outcome = specs[fields.index("outcome")]
        cells[fields.index("outcome")] = (
            quantity_cell(value.value, unit, decimals, with_unit=outcome.unit)
            if value.value is not None
            else Cell(text=nf.MISSING)
        )
        rows.append(Row(cells=cells, kind="group", item_code=f"{item.code}:{value.member}"))
    return rows


# --- which items ---------------------------------------------------------------------------


def select_items(
    ctx: BuildContext,
    selection: dict | None,
    *,
    default_kind: str,
    under: PlanItem | None = None,
    include_later: bool = False,
    later_only: bool = False,
) -> list[PlanItem]:
    """Items by plan level code or kind (`{level: matetal}`, `{kind: activity}`), those the
    round asks for (all with `include_later`, only the others with `later_only`),
    optionally only below `under`."""
    selection = selection or {}
    level = selection.get("level")
    kind = selection.get("kind") or (None if level else default_kind)
    pool = ctx.data.descendants(under, include_later=True) if under is not None else ctx.data.items
    return [
        item
        for item in pool
        if item.kind != ItemKind.AREA
        and (level is None or item.level.code == level)
        and (kind is None or item.kind == kind)
        and (not ctx.data.is_due(item) if later_only else include_later or ctx.data.is_due(item))
    ]


def _table_section(ctx: BuildContext, spec: SectionSpec, default_kind: str) -> list[Section]:
    options = spec.options or {}
    items = select_items(
        ctx,
        options.get("items"),
        default_kind=default_kind,
        include_later=bool(options.get("include_later")),
        later_only=bool(options.get("later_only")),
    )
    if spec.area:
        areas = [i for i in ctx.data.items if i.kind == ItemKind.AREA and i.code == spec.area]
        below = {d.pk for area in areas for d in ctx.data.descendants(area, include_later=True)}
        items = [i for i in items if i.pk in below]
    if not items:
        return []
    heading = ctx.fill(spec.heading)
    table = item_table(
        ctx,
        items,
        caption=ctx.fill(spec.caption) if spec.caption else heading,
        key=spec.key or default_kind,
        columns=options.get("columns"),
    )
    section = Section(heading=heading, level=spec.level, key=spec.key)
    section.blocks.extend(ctx.intro(spec))
    section.blocks.append(table)
    return [section]


def build_indicator_table(ctx: BuildContext, spec: SectionSpec) -> list[Section]:
    if (spec.options or {}).get("plan_view"):
        return build_plan_indicator_table(ctx, spec)
    return _table_section(ctx, spec, ItemKind.INDICATOR)


def build_assignment_table(ctx: BuildContext, spec: SectionSpec) -> list[Section]:
    return _table_section(ctx, spec, ItemKind.ASSIGNMENT)


def build_item_table(ctx: BuildContext, spec: SectionSpec) -> list[Section]:
    return _table_section(ctx, spec, ItemKind.ACTIVITY)


def build_plan_indicator_table(ctx: BuildContext, spec: SectionSpec) -> list[Section]:
    """The plan printed before the year: every indicator with its baseline."""
    columns = (spec.options or {}).get("columns") or [
        {"field": "title", "heading": "Nyckeltal", "width": 3},
        {"field": "baseline", "heading": "Startvärde"},
    ]
    options = dict(spec.options or {}, include_later=True, columns=columns)
    return _table_section(ctx, _with_options(spec, options), ItemKind.INDICATOR)


def _with_options(spec: SectionSpec, options: dict) -> SectionSpec:
    from dataclasses import replace

    return replace(spec, options=options)
