"""Goal sections: fulfilment summary, indicator and assignment tables, plan goals."""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal

from styra.followup.models import Assessment, MissingReason
from styra.followup.summary import tally
from styra.formats import numbers as nf
from styra.plans.models import ItemKind, PlanItem, StatusMeaning, TargetKind
from styra.reports.document import (
    BulletList,
    Cell,
    Column,
    Footnote,
    Paragraph,
    Row,
    Section,
    StatusMark,
    Table,
)
from styra.reports.templates import SectionSpec

from .common import BuildContext, key_mark, status_mark, text_blocks

KIND_PLURAL = {
    ItemKind.INDICATOR: "kortsiktiga nyckeltal",
    ItemKind.ASSIGNMENT: "uppdrag",
    ItemKind.GOAL: "mål",
    ItemKind.ACTIVITY: "aktiviteter",
}
COUNT_FORMAT = "0"
SHARE_FORMAT = '0" %"'


# --- values and targets as printed -------------------------------------------------


_QUALIFIED_UNIT = re.compile(r"^(?P<unit>[^()]*?)\s*\((?P<qualifier>[^()]+)\)\s*$")


def unit_parts(unit: str) -> tuple[str, str]:
    """'index (skala 1–6)' → ('index', 'skala 1–6'): the short unit prints beside each
    number, the qualifier once beside the indicator's name (narrow number columns)."""
    match = _QUALIFIED_UNIT.match(unit or "")
    if match:
        return match["unit"].strip(), match["qualifier"].strip()
    return (unit or "").strip(), ""


def value_decimals(value: Decimal, decimals: int) -> int:
    """A value prints with the digits it has (95 → '95 %', 4.7 → '4,7'), at most the
    indicator's decimals, as the published reports print them."""
    exponent = Decimal(value).normalize().as_tuple().exponent
    own = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return min(own, decimals)


def quantity_cell(value: Decimal, unit: str, decimals: int) -> Cell:
    places = value_decimals(value, decimals)
    short, _qualifier = unit_parts(unit)
    return Cell(
        text=nf.format_quantity(value, short, places),
        value=value,
        number_format=excel_format(places, short),
    )


def outcome_cell(item: PlanItem, assessment: Assessment | None) -> Cell:
    indicator = getattr(item, "indicator", None)
    unit = indicator.unit if indicator else ""
    decimals = indicator.decimals if indicator else 0
    value = assessment.total_value() if assessment else None
    if value is None or value.value is None:
        reason = value.missing_reason if value else ""
        text = MissingReason(reason).label if reason else nf.MISSING
        return Cell(text=str(text))
    return quantity_cell(value.value, unit, decimals)


def item_target(item: PlanItem, year: int):
    targets = [t for t in item.targets.all() if t.year in (None, year)]
    unscoped = [t for t in targets if not t.scope]
    chosen = unscoped or targets
    return chosen[0] if chosen else None


def target_text(
    item: PlanItem, year: int, assessment: Assessment | None = None
) -> tuple[str, Decimal | None]:
    """The target as printed, and its value when it is a number."""
    target = item_target(item, year)
    if target is None:
        return nf.MISSING, None
    indicator = getattr(item, "indicator", None)
    unit, _qualifier = unit_parts(target.unit or (indicator.unit if indicator else ""))
    decimals = indicator.decimals if indicator else 0
    if target.kind in (TargetKind.THRESHOLD, TargetKind.COUNT) and target.value is not None:
        places = value_decimals(target.value, decimals)
        return nf.format_quantity(target.value, unit, places), target.value
    if target.kind == TargetKind.RELATIVE_BASELINE and target.value is not None:
        places = value_decimals(target.value, decimals)
        change = nf.format_quantity(target.value, unit or "%", places)
        if target.baseline_year and str(target.baseline_year) not in (target.unit or "") + (
            indicator.unit if indicator else ""
        ):
            change = f"{change} jämfört med {target.baseline_year}"
        return change, target.value
    if target.kind == TargetKind.RELATIVE_COMPARISON:
        # The comparison's own figure for the period (e.g. the national value) is the
        # number the outcome is judged against: print it with what it is.
        total = assessment.total_value() if assessment else None
        comparison = total.comparison_value if total is not None else None
        if comparison is not None:
            figure = nf.format_quantity(comparison, unit, value_decimals(comparison, decimals))
            name = target.comparison or "jämförelse"
            return f"{figure} ({name})", comparison
        return nf.typographic_minus(
            target.text or f"I nivå med {target.comparison or 'jämförelseserien'}"
        ), None
    if target.text:
        return nf.typographic_minus(target.text), None
    if target.kind == TargetKind.COMPLETION:
        return "Genomförd", None
    if target.kind == TargetKind.NOT_SET:
        return "Målvärde kompletteras", None
    return nf.MISSING, None


def excel_format(decimals: int, unit: str = "") -> str:
    base = "#,##0" + ("." + "0" * decimals if decimals else "")
    negative = base.replace("#,##0", "-#,##0", 1)
    suffix = '" %"' if unit.strip() == "%" else ""
    return f"{base}{suffix};{negative}{suffix}"


# --- what items are called, and how many there are ------------------------------------

# When the round asks for an item later: "3 långsiktiga nyckeltal följs upp på helår".
LATER_PHRASE = {
    "yearly": "följs upp på helår",
    "interim": "följs upp i delårsrapporten och på helår",
    "tertial": "följs upp per tertial",
}


KIND_SINGULAR = {
    ItemKind.INDICATOR: "kortsiktigt nyckeltal",
    ItemKind.ASSIGNMENT: "uppdrag",
    ItemKind.GOAL: "mål",
    ItemKind.ACTIVITY: "aktivitet",
}


def item_noun(item: PlanItem, count: int = 2) -> str:
    """What the report calls `count` items like `item`: its plan level's name
    ("kortsiktiga nyckeltal", "långsiktigt nyckeltal") when the level holds one kind."""
    level = item.level
    if level is not None and level.name_plural and list(level.kinds or []) == [item.kind]:
        return (level.name if count == 1 else level.name_plural).lower()
    names = KIND_SINGULAR if count == 1 else KIND_PLURAL
    return names.get(item.kind, item.kind)


def _counted(items: list[PlanItem]) -> str:
    return f"{nf.format_number(len(items))} {item_noun(items[0], len(items))}"


def noun_groups(items: list[PlanItem]) -> list[tuple[str, list[PlanItem]]]:
    """`items` grouped by `item_noun`, assignments first, then by plan level order."""
    kind_order = [ItemKind.ASSIGNMENT, ItemKind.INDICATOR, ItemKind.GOAL, ItemKind.ACTIVITY]
    groups: dict[str, list[PlanItem]] = {}
    for item in sorted(
        items,
        key=lambda i: (
            kind_order.index(i.kind) if i.kind in kind_order else 9,
            i.level.order if i.level else 0,
        ),
    ):
        groups.setdefault(item_noun(item), []).append(item)
    return list(groups.items())


# --- status counts -----------------------------------------------------------------


def status_counts(ctx: BuildContext, items: list[PlanItem]) -> list[tuple[StatusMark, int]]:
    """(status mark, count) per level of the items' scale, as `followup.summary` counts."""
    counted = tally(items, ctx.data.statuses)
    return [(key_mark(c.status), c.count) for c in counted.shown()]


def summary_table(ctx: BuildContext, noun: str, items: list[PlanItem], key: str) -> Table:
    rows = status_counts(ctx, items)
    total = len(items)
    table = Table(
        key=key,
        caption=f"Måluppfyllelse, {noun}",
        columns=[
            Column("Status"),
            Column("Antal", align="right", summable=True),
            Column("Andel", align="right", unit="%", share=True),
        ],
    )
    shares_printed = []
    for mark, count in rows:
        share = Decimal(count) / Decimal(total) if total else None
        shares_printed.append(nf.round_half_up(share * 100, 0) if share is not None else 0)
        table.rows.append(
            Row(
                cells=[
                    Cell(text=f"{mark.symbol} {mark.label}", status=mark),
                    Cell(text=nf.format_number(count), value=Decimal(count), number_format="0"),
                    Cell(
                        text=nf.format_share(share),
                        value=nf.round_half_up(share * 100, 0) if share is not None else None,
                        number_format=SHARE_FORMAT,
                    ),
                ],
                item_code=mark.meaning,
            )
        )
    table.rows.append(
        Row(
            cells=[
                Cell(text="Totalt"),
                Cell(text=nf.format_number(total), value=Decimal(total), number_format="0"),
                Cell(text=nf.format_percent(100, 0) if total else nf.MISSING),
            ],
            kind="total",
        )
    )
    printed_sum = sum(shares_printed)
    if total and printed_sum != 100:
        table.footnotes.append(
            Footnote(
                "*",
                f"Andelarna summerar till {nf.format_percent(printed_sum, 0)} "
                "på grund av avrundning.",
            )
        )
    return table


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " och " + parts[-1]


def summary_sentence(ctx: BuildContext, groups: list[tuple[str, list[PlanItem]]]) -> str:
    parts = [_counted(items) for _noun, items in groups if items]
    return (
        f"Totalt har {ctx.data.unit_name} {_join(parts)} att redovisa i {ctx.round.name.lower()}."
    )


def later_sentence(groups: list[tuple[str, list[PlanItem]]]) -> str:
    """For items not due yet: "Ytterligare 3 långsiktiga nyckeltal följs upp på helår"."""
    parts = []
    for _noun, items in groups:
        by_phrase: dict[str, list[PlanItem]] = {}
        for item in items:
            phrase = LATER_PHRASE.get(item.frequency, "följs upp senare")
            by_phrase.setdefault(phrase, []).append(item)
        parts.extend(f"{_counted(later)} {phrase}" for phrase, later in by_phrase.items())
    return f"Ytterligare {_join(parts)}." if parts else ""


def build_goal_summary(ctx: BuildContext, spec: SectionSpec) -> list[Section]:
    kinds = (ItemKind.ASSIGNMENT, ItemKind.INDICATOR)
    groups = noun_groups([i for kind in kinds for i in ctx.data.of_kind(kind)])
    if not groups:
        return []
    section = Section(heading=ctx.fill(spec.heading), level=spec.level, key=spec.key)
    if spec.intro:
        section.blocks.append(Paragraph(ctx.fill(spec.intro)))
    sentence = summary_sentence(ctx, groups)
    later = later_sentence(noun_groups([i for kind in kinds for i in ctx.data.later(kind)]))
    section.blocks.append(Paragraph(f"{sentence} {later}".strip()))
    per_kind = Counter(items[0].kind for _noun, items in groups)
    for noun, items in groups:
        kind = items[0].kind
        key = (
            f"maluppfyllelse-{kind}"
            if per_kind[kind] == 1
            else f"maluppfyllelse-{items[0].level.code}"
        )
        section.blocks.append(summary_table(ctx, noun, items, key))
    return [section]


def build_status_definitions(ctx: BuildContext, spec: SectionSpec) -> list[Section]:
    levels = ctx.data.scales.for_kind(spec.item_kind or ItemKind.ASSIGNMENT)
    lines = [f"{lv.symbol} {lv.label} – {lv.definition}" for lv in levels if lv.definition]
    if not lines:
        return []
    return [
        Section(
            heading=ctx.fill(spec.heading),
            level=spec.level,
            key=spec.key,
            blocks=[BulletList(lines)],
        )
    ]


# --- goal areas ----------------------------------------------------------------------


def indicator_table(ctx: BuildContext, items: list[PlanItem], caption: str, key: str) -> Table:
    year = ctx.round.period_end.year
    table = Table(
        key=key,
        caption=caption,
        columns=[
            Column("Status", width=1.35),
            Column("Kortsiktiga nyckeltal", width=2.6),
            Column("Utfall", align="right", width=1.0),
            Column("Mål", align="right", width=1.05),
            Column("Kommentar", width=3.0),
        ],
        row_header=1,
    )
    for item in items:
        assessment = ctx.data.assessments.get(item.pk)
        level = assessment.status if assessment else None
        if level is None:
            level = ctx.data.level_for(ItemKind.INDICATOR, StatusMeaning.NOT_REPORTED)
        mark = status_mark(level)
        target, target_value = target_text(item, year, assessment)
        indicator = getattr(item, "indicator", None)
        short_unit, qualifier = unit_parts(indicator.unit if indicator else "")
        target_cell = Cell(text=target, value=target_value)
        if target_value is not None and indicator is not None:
            target_cell.number_format = excel_format(
                value_decimals(target_value, indicator.decimals), short_unit
            )
        table.rows.append(
            Row(
                cells=[
                    Cell(text=f"{mark.symbol} {mark.label}", status=mark),
                    Cell(text=f"{item.title} ({qualifier})" if qualifier else item.title),
                    outcome_cell(item, assessment),
                    target_cell,
                    Cell(text=(assessment.comment if assessment else "").strip()),
                ],
                item_code=item.code,
            )
        )
        table.rows.extend(breakdown_rows(item, assessment))
    return table


def breakdown_rows(item: PlanItem, assessment: Assessment | None) -> list[Row]:
    if assessment is None:
        return []
    indicator = getattr(item, "indicator", None)
    unit = indicator.unit if indicator else ""
    decimals = indicator.decimals if indicator else 0
    rows = []
    for value in assessment.values.all():
        if not value.dimension:
            continue
        cell = (
            quantity_cell(value.value, unit, decimals)
            if value.value is not None
            else Cell(text=nf.MISSING)
        )
        rows.append(
            Row(
                cells=[Cell(), Cell(text=value.member, indent=1), cell, Cell(), Cell()],
                kind="group",
                item_code=f"{item.code}:{value.member}",
            )
        )
    return rows


def assignment_table(ctx: BuildContext, items: list[PlanItem], caption: str, key: str) -> Table:
    table = Table(
        key=key,
        caption=caption,
        columns=[
            Column("Status", width=1.55),
            Column("Uppdrag", width=3.0),
            Column("Kommentar", width=3.9),
        ],
        row_header=1,
    )
    for item in items:
        assessment = ctx.data.assessments.get(item.pk)
        mark = status_mark(assessment.status if assessment else None)
        title = f"{item.number} {item.title}".strip() if item.number else item.title
        table.rows.append(
            Row(
                cells=[
                    Cell(text=f"{mark.symbol} {mark.label}", status=mark),
                    Cell(text=title),
                    Cell(text=(assessment.comment if assessment else "").strip()),
                ],
                item_code=item.code,
            )
        )
    return table


def _areas(ctx: BuildContext, spec: SectionSpec) -> list[PlanItem]:
    areas = [i for i in ctx.data.items if i.kind == ItemKind.AREA]
    if spec.area:
        return [a for a in areas if a.code == spec.area]
    # The areas that carry indicators or assignments directly below them.
    wanted = []
    for area in areas:
        direct = [c for c in ctx.data.children.get(area.pk, []) if c.kind != ItemKind.AREA]
        if direct or not any(c.kind == ItemKind.AREA for c in ctx.data.children.get(area.pk, [])):
            wanted.append(area)
    return wanted


def build_goal_areas(ctx: BuildContext, spec: SectionSpec) -> list[Section]:
    options = spec.options or {}
    sections = []
    for area in _areas(ctx, spec):
        indicators = ctx.data.descendants(area, ItemKind.INDICATOR)
        assignments = ctx.data.descendants(area, ItemKind.ASSIGNMENT)
        if not indicators and not assignments:
            continue
        heading = ctx.fill(
            spec.heading or "{area_title}", area_title=area.title, area_code=area.code
        )
        section = Section(heading=heading, level=spec.level, key=f"{spec.key}:{area.code}")
        if area.subtitle:
            section.blocks.append(Paragraph(area.subtitle, style="lead"))
        if spec.comment_key:
            text = ctx.data.texts.get(ctx.fill(spec.comment_key, area_code=area.code.lower()))
            if text and text.body.strip():
                section.blocks.append(Paragraph("Kommentar", style="note"))
                section.blocks.extend(text_blocks(text.body))
        if indicators:
            caption = options.get("indicator_caption", "Kortsiktiga nyckeltal")
            section.blocks.append(
                indicator_table(
                    ctx, indicators, f"{caption} – {area.title}", f"nyckeltal-{area.code}"
                )
            )
        if assignments:
            caption = options.get("assignment_caption", "Uppdrag")
            section.blocks.append(
                assignment_table(
                    ctx, assignments, f"{caption} – {area.title}", f"uppdrag-{area.code}"
                )
            )
        sections.append(section)
    return sections


def build_indicator_table(ctx: BuildContext, spec: SectionSpec) -> list[Section]:
    # The plan printed before the year shows every indicator; a round's report the ones
    # the round asks for.
    plan_view = bool((spec.options or {}).get("plan_view"))
    items = ctx.data.of_kind(ItemKind.INDICATOR, include_later=plan_view)
    if spec.area:
        items = [
            i
            for a in _areas(ctx, spec)
            for i in ctx.data.descendants(a, ItemKind.INDICATOR, include_later=plan_view)
        ]
    if not items:
        return []
    if plan_view:
        table = plan_indicator_table(items)
    else:
        table = indicator_table(ctx, items, spec.caption or ctx.fill(spec.heading), spec.key)
    return [Section(heading=ctx.fill(spec.heading), level=spec.level, key=spec.key, blocks=[table])]


def build_assignment_table(ctx: BuildContext, spec: SectionSpec) -> list[Section]:
    items = ctx.data.of_kind(ItemKind.ASSIGNMENT)
    if not items:
        return []
    table = assignment_table(ctx, items, spec.caption or ctx.fill(spec.heading), spec.key)
    return [Section(heading=ctx.fill(spec.heading), level=spec.level, key=spec.key, blocks=[table])]


# --- the plan before the year (verksamhetsplan) ---------------------------------------


def plan_indicator_table(items: list[PlanItem]) -> Table:
    table = Table(
        key="nyckeltal",
        caption="Nyckeltal med startvärde",
        columns=[
            Column("Nyckeltal", width=3),
            Column("Startvärde", align="right"),
            Column("Startår", align="right"),
        ],
    )
    for item in items:
        indicator = getattr(item, "indicator", None)
        baseline = indicator.baseline_value if indicator else None
        table.rows.append(
            Row(
                cells=[
                    Cell(text=item.title),
                    Cell(
                        text=nf.format_quantity(baseline, indicator.unit, indicator.decimals)
                        if baseline is not None
                        else nf.MISSING,
                        value=baseline,
                    ),
                    Cell(text=str(indicator.baseline_year or "") if indicator else ""),
                ],
                item_code=item.code,
            )
        )
    return table


def goals_table(ctx: BuildContext, area: PlanItem, goals: list[PlanItem]) -> Table:
    year = ctx.round.period_end.year
    table = Table(
        key=f"mal-{area.code}",
        caption=f"Mål – {area.title}",
        columns=[Column("Nr", width=0.5), Column("Mål", width=4), Column("Målvärde", width=1.6)],
    )
    for goal in goals:
        text, value = target_text(goal, year)
        table.rows.append(
            Row(
                cells=[Cell(text=goal.number), Cell(text=goal.title), Cell(text=text, value=value)],
                item_code=goal.code,
            )
        )
    return table


def build_plan_goals(ctx: BuildContext, spec: SectionSpec) -> list[Section]:
    show_description = (spec.options or {}).get("show_description", False)
    sections: list[Section] = []
    if spec.heading:
        sections.append(Section(heading=ctx.fill(spec.heading), level=spec.level, key=spec.key))

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
