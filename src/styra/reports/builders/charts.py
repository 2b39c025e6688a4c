"""Chart and series-table sections, from indicator values (real data only)."""

from __future__ import annotations

from decimal import Decimal

from styra.followup.models import AssessmentValue
from styra.formats import numbers as nf
from styra.plans.models import ItemKind, PlanItem
from styra.reports import charts
from styra.reports.document import Cell, Chart, Column, Row, Section, Table
from styra.reports.templates import SectionSpec

from .common import BuildContext
from .values import item_target, quantity_cell


def _item(ctx: BuildContext, code: str) -> PlanItem | None:
    return next((i for i in ctx.data.items if i.code == code), None)


def _total(ctx: BuildContext, item: PlanItem):
    assessment = ctx.data.assessments.get(item.pk)
    if assessment is None:
        return None
    total = assessment.total_value()
    return total.value if total else None


def _breakdown(ctx: BuildContext, item: PlanItem) -> list[tuple[str, Decimal]]:
    assessment = ctx.data.assessments.get(item.pk)
    if assessment is None:
        return []
    return [
        (v.member, v.value) for v in assessment.values.all() if v.dimension and v.value is not None
    ]


def _history(ctx: BuildContext, item: PlanItem) -> list[tuple[str, Decimal]]:
    """The item's total value in this and earlier rounds of the plan."""
    values = (
        AssessmentValue.objects.filter(
            assessment__item=item,
            dimension="",
            value__isnull=False,
            assessment__round__period_end__lte=ctx.round.period_end,
        )
        .select_related("assessment__round")
        .order_by("assessment__round__period_end")
    )
    return [
        (v.period_label or v.assessment.round.name, v.value) for v in values if v.value is not None
    ]


def _outcome_vs_target(ctx: BuildContext, spec: SectionSpec) -> Chart | None:
    unit = (spec.options or {}).get("unit")
    rows, pairs = [], []
    year = ctx.round.period_end.year
    for item in ctx.data.of_kind(ItemKind.INDICATOR):
        indicator = getattr(item, "indicator", None)
        if indicator is None or (unit and indicator.unit.strip() != unit):
            continue
        value = _total(ctx, item)
        target = item_target(item, year)
        if value is None or target is None or target.value is None:
            continue
        d = indicator.decimals
        shown = nf.format_quantity(value, indicator.unit, d)
        aim = nf.format_quantity(target.value, indicator.unit, d)
        rows.append({"label": item.title, "series": "Utfall", "value": value, "text": shown})
        rows.append({"label": item.title, "series": "Mål", "value": target.value, "text": aim})
        pairs.append((item.title, f"utfall {shown}, mål {aim}"))
    if not rows:
        return None
    title = spec.caption or ctx.fill(spec.heading)
    value_title = f"Värde ({unit})" if unit else "Värde"
    return Chart(
        key=spec.key,
        spec=charts.small_multiples_spec(rows, title=title, value_title=value_title),
        alt=charts.alt_text_pairs(f"Stapeldiagram: {title}", pairs),
        caption=title,
    )


def _indicator_chart(ctx: BuildContext, spec: SectionSpec) -> Chart | None:
    item = _item(ctx, spec.indicator)
    if item is None:
        return None
    indicator = getattr(item, "indicator", None)
    unit = indicator.unit if indicator else ""
    decimals = indicator.decimals if indicator else 1
    title = spec.caption or item.title
    value_title = f"{item.title} ({unit})" if unit else item.title
    if spec.chart == "line":
        series = _history(ctx, item)
        rows = [{"period": p, "value": v} for p, v in series]
        make = charts.line_spec
        kind = "Linjediagram"
    else:
        series = _breakdown(ctx, item)
        rows = [{"label": m, "value": v} for m, v in series]
        make = charts.bar_spec
        kind = "Stapeldiagram"
    if not rows:
        return None
    pairs = [(label, nf.format_quantity(v, unit, decimals)) for label, v in series]
    return Chart(
        key=spec.key,
        spec=make(rows, title=title, value_title=value_title),
        alt=charts.alt_text_pairs(f"{kind}: {title}", pairs),
        caption=title,
    )


def build_chart(ctx: BuildContext, spec: SectionSpec) -> list[Section]:
    if spec.chart == "outcome_vs_target" or not spec.indicator:
        chart = _outcome_vs_target(ctx, spec)
    else:
        chart = _indicator_chart(ctx, spec)
    if chart is None:
        return []
    return [
        Section(
            heading=ctx.fill(spec.heading),
            level=spec.level,
            key=spec.key,
            blocks=[*ctx.intro(spec), chart],
        )
    ]


def build_series_table(ctx: BuildContext, spec: SectionSpec) -> list[Section]:
    item = _item(ctx, spec.indicator)
    if item is None:
        return []
    indicator = getattr(item, "indicator", None)
    unit = indicator.unit if indicator else ""
    decimals = indicator.decimals if indicator else 1
    series = _breakdown(ctx, item)
    first = "Del"
    if not series:
        series = _history(ctx, item)
        first = "Period"
    if not series:
        return []
    table = Table(
        key=spec.key or f"serie-{item.code}",
        caption=spec.caption or item.title,
        columns=[Column(first, width=2), Column(item.title, align="right", unit=unit)],
        rows=[
            Row(cells=[Cell(text=label), quantity_cell(value, unit, decimals)])
            for label, value in series
        ],
    )
    return [
        Section(
            heading=ctx.fill(spec.heading or item.title),
            level=spec.level,
            key=spec.key,
            blocks=[*ctx.intro(spec), table],
        )
    ]
