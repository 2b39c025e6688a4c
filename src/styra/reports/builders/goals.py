"""Goal sections: one section per goal area (strategy, perspective, målområde) with its
texts, its own status, its goals and the tables of items below it; and the plan printed
before the year (verksamhetsplan).

`goal_areas` without options prints what the executive board's report has: per area its
overall goal, the area's comment, a table of its indicators and one of its assignments.
Options add the rest a plan may hold (docs/report-templates.md): the area's description
and status, a summary table whose rows are its goals, a subsection per goal (its
description, its own status, its items), and any number of item tables with the
template's columns.
"""

from __future__ import annotations

from styra.plans.models import ItemKind, PlanItem
from styra.reports.document import BulletList, Paragraph, Section, Table
from styra.reports.templates import SectionSpec

from .common import BuildContext, key_mark, text_blocks
from .items import item_table, select_items
from .summaries import area_table


def status_line(ctx: BuildContext, item: PlanItem, label: str = "Bedömning") -> Paragraph | None:
    """'Bedömning: ◐ Bedöms delvis uppnås' — an item's own status, with symbol and text."""
    key = ctx.data.statuses.of(item)
    if key is None:
        return None
    mark = key_mark(key)
    return Paragraph(f"{label}: {mark.symbol} {mark.label}", style="note")


def _areas(ctx: BuildContext, spec: SectionSpec) -> list[PlanItem]:
    areas = [i for i in ctx.data.items if i.kind == ItemKind.AREA]
    if spec.area:
        return [a for a in areas if a.code == spec.area]
    area_level = (spec.options or {}).get("area_level")
    if area_level:
        return [a for a in areas if a.level.code == area_level]
    # The areas that carry items directly below them (or have no sub-areas).
    wanted = []
    for area in areas:
        children = ctx.data.children.get(area.pk, [])
        direct = [c for c in children if c.kind != ItemKind.AREA]
        if direct or not any(c.kind == ItemKind.AREA for c in children):
            wanted.append(area)
    return wanted


def _default_tables(options: dict) -> list[dict]:
    """The executive board's layout: the area's indicators, then its assignments (and
    activities, where the plan has any)."""
    return [
        {
            "items": {"kind": ItemKind.INDICATOR},
            "caption": options.get("indicator_caption", ""),
            "key": "nyckeltal",
            "columns": options.get("columns"),
        },
        {
            "items": {"kind": ItemKind.ASSIGNMENT},
            "caption": options.get("assignment_caption", ""),
            "key": "uppdrag",
            "columns": options.get("assignment_columns"),
        },
        {"items": {"kind": ItemKind.ACTIVITY}, "key": "aktiviteter"},
    ]


def _tables(ctx: BuildContext, under: PlanItem, table_specs: list[dict]) -> list[Table]:
    tables = []
    for index, table_spec in enumerate(table_specs):
        items = select_items(
            ctx,
            table_spec.get("items"),
            default_kind=ItemKind.INDICATOR,
            under=under,
            include_later=bool(table_spec.get("include_later")),
            later_only=bool(table_spec.get("later_only")),
        )
        if not items:
            continue
        caption = table_spec.get("caption") or (items[0].level.name_plural or items[0].level.name)
        key = table_spec.get("key") or (items[0].level.code if items[0].level else str(index))
        tables.append(
            item_table(
                ctx,
                items,
                caption=f"{caption} – {under.title}",
                key=f"{key}-{under.code}",
                columns=table_spec.get("columns"),
            )
        )
    return tables


def build_goal_areas(ctx: BuildContext, spec: SectionSpec) -> list[Section]:
    options = spec.options or {}
    goals_spec = options.get("goals")
    table_specs = options.get("tables") or _default_tables(options)
    sections = []
    for area in _areas(ctx, spec):
        goals = (
            [
                i
                for i in ctx.data.descendants(area, include_later=True)
                if i.level.code == goals_spec["level"]
            ]
            if goals_spec
            else []
        )
        area_tables = [] if goals else _tables(ctx, area, table_specs)
        if not area_tables and not goals:
            continue
        heading = ctx.fill(
            spec.heading or "{area_title}",
            area_title=area.title,
            area_code=area.code,
            area_number=area.number,
        )
        section = Section(heading=heading, level=spec.level, key=f"{spec.key}:{area.code}")
        section.blocks.extend(ctx.intro(spec))
        if area.subtitle and options.get("show_subtitle", True):
            section.blocks.append(Paragraph(area.subtitle, style="lead"))
        if options.get("show_description") and area.description:
            section.blocks.extend(text_blocks(area.description))
        if options.get("show_status"):
            line = status_line(ctx, area)
            if line:
                section.blocks.append(line)
        if spec.comment_key:
            key = ctx.fill(spec.comment_key, area_code=area.code.lower())
            text = ctx.data.texts.get(key)
            if text and text.body.strip():
                section.blocks.append(Paragraph("Kommentar", style="note"))
                section.blocks.extend(text_blocks(text.body))
        if options.get("summary"):
            summary = area_table(
                ctx,
                area,
                rows_level=goals_spec["level"] if goals_spec else None,
                count_levels=None,
                key=f"sammanfattning-{area.code.lower()}",
            )
            if summary is not None:
                section.blocks.append(summary)
        section.blocks.extend(area_tables)
        sections.append(section)
        for goal in goals:
            sections.append(_goal_section(ctx, spec, goal, goals_spec or {}, table_specs))
    return sections


def _goal_section(
    ctx: BuildContext, spec: SectionSpec, goal: PlanItem, goals_spec: dict, table_specs
) -> Section:
    heading = ctx.fill(
        goals_spec.get("heading", "{goal_number} {goal_title}"),
        goal_title=goal.title,
        goal_number=goal.number,
        goal_code=goal.code,
    ).strip()
    section = Section(heading=heading, level=min(spec.level + 1, 4), key=f"{spec.key}:{goal.code}")
    if goals_spec.get("show_description", True) and goal.description:
        section.blocks.extend(text_blocks(goal.description))
    if goals_spec.get("show_status", True):
        line = status_line(ctx, goal)
        if line:
            section.blocks.append(line)
    section.blocks.extend(_tables(ctx, goal, table_specs))
    return section


# --- the plan before the year (verksamhetsplan) ---------------------------------------


def goals_table(ctx: BuildContext, area: PlanItem, goals: list[PlanItem]) -> Table:
    table = item_table(
        ctx,
        goals,
        caption=f"Mål – {area.title}",
        key=f"mal-{area.code}",
        columns=[
            {"field": "number", "heading": "Nr", "width": 0.5},
            {"field": "title", "heading": "Mål", "width": 4},
            {"field": "target", "heading": "Målvärde", "width": 1.6, "align": "left"},
        ],
    )
    return table


def build_plan_goals(ctx: BuildContext, spec: SectionSpec) -> list[Section]:
    options = spec.options or {}
    show_description = options.get("show_description", False)
    activities_at = options.get("activities", "under_goals")
    sections: list[Section] = []
    if spec.heading:
        head = Section(heading=ctx.fill(spec.heading), level=spec.level, key=spec.key)
        head.blocks.extend(ctx.intro(spec))
        sections.append(head)

    def walk(area: PlanItem, level: int) -> None:
        children = ctx.data.children.get(area.pk, [])
        section = Section(heading=area.title, level=min(level, 4), key=f"{spec.key}:{area.code}")
        if area.subtitle:
            section.blocks.append(Paragraph(area.subtitle, style="lead"))
        if show_description and area.description:
            section.blocks.extend(text_blocks(area.description))
        goals = [c for c in children if c.kind == ItemKind.GOAL]
        if goals:
            section.blocks.append(goals_table(ctx, area, goals))
        if activities_at == "under_goals":
            for goal in [area, *goals]:
                activities = ctx.data.descendants(goal, ItemKind.ACTIVITY, include_later=True)
                activities = [a for a in activities if a.parent_id == goal.pk]
                if activities:
                    label = "Aktiviteter" if goal is area else f"Aktiviteter för mål {goal.number}"
                    section.blocks.append(Paragraph(label.strip(), style="note"))
                    section.blocks.append(BulletList([a.title for a in activities]))
        elif activities_at == "per_area":
            activities = [
                c
                for g in [area, *goals]
                for c in ctx.data.descendants(g, ItemKind.ACTIVITY, include_later=True)
            ]
            if activities:
                section.blocks.append(Paragraph("Aktiviteter", style="note"))
                section.blocks.append(BulletList([a.title for a in activities]))
        sections.append(section)
        for child in children:
            if child.kind == ItemKind.AREA:
                walk(child, level + 1)

    base = spec.level + 1 if spec.heading else spec.level
    for root in ctx.data.roots():
        if root.kind == ItemKind.AREA:
            walk(root, base)
    return sections
