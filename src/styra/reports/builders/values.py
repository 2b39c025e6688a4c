"""Indicator values and targets as a report prints them.

A value prints with the digits it has, at most the indicator's decimals (95 → "95 %",
45,12 → "45,12 %"); a unit with a qualifier in parentheses ("index (skala 1–6)") prints
short beside each number and the qualifier once beside the indicator's name. Every
number becomes text here, through `styra.formats.numbers`.
"""

from __future__ import annotations

import re
from decimal import Decimal

from styra.followup.models import Assessment, MissingReason
from styra.formats import numbers as nf
from styra.plans.models import Indicator, PlanItem, Target, TargetKind
from styra.reports.document import Cell

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


def excel_format(decimals: int, unit: str = "") -> str:
    base = "#,##0" + ("." + "0" * decimals if decimals else "")
    negative = base.replace("#,##0", "-#,##0", 1)
    suffix = '" %"' if unit.strip() == "%" else ""
    return f"{base}{suffix};{negative}{suffix}"


def indicator_of(item: PlanItem) -> Indicator | None:
    try:
        return item.indicator
    except Indicator.DoesNotExist:
        return None


def quantity_cell(value: Decimal, unit: str, decimals: int, *, with_unit: bool = True) -> Cell:
    places = value_decimals(value, decimals)
    short, _qualifier = unit_parts(unit)
    shown = short if with_unit else ""
    return Cell(
        text=nf.format_quantity(value, shown, places),
        value=value,
        number_format=excel_format(places, shown),
    )


def outcome_cell(item: PlanItem, assessment: Assessment | None, *, with_unit: bool = True) -> Cell:
    """The reported outcome; without a number, what was reported instead: done or not
    (completion targets), the reason it is missing, else "–"."""
    indicator = indicator_of(item)
    unit = indicator.unit if indicator else ""
    decimals = indicator.decimals if indicator else 0
    value = assessment.total_value() if assessment else None
    if value is not None and value.value is not None:
        return quantity_cell(value.value, unit, decimals, with_unit=with_unit)
    if assessment is not None and assessment.completed is not None:
        return Cell(text="Genomförd" if assessment.completed else "Ej genomförd")
    reason = value.missing_reason if value else ""
    return Cell(text=str(MissingReason(reason).label) if reason else nf.MISSING)


def item_target(item: PlanItem, year: int) -> Target | None:
    targets = [t for t in item.targets.all() if t.year in (None, year)]
    unscoped = [t for t in targets if not t.scope]
    chosen = unscoped or targets
    return chosen[0] if chosen else None


def target_text(
    item: PlanItem, year: int, assessment: Assessment | None = None, *, with_unit: bool = True
) -> tuple[str, Decimal | None]:
    """The target as printed, and its value when it is a number."""
    target = item_target(item, year)
    if target is None:
        return nf.MISSING, None
    indicator = indicator_of(item)
    unit, _qualifier = unit_parts(target.unit or (indicator.unit if indicator else ""))
    shown = unit if with_unit else ""
    decimals = indicator.decimals if indicator else 0
    if target.kind in (TargetKind.THRESHOLD, TargetKind.COUNT) and target.value is not None:
        places = value_decimals(target.value, decimals)
        return nf.format_quantity(target.value, shown, places), target.value
    if target.kind == TargetKind.RELATIVE_BASELINE and target.value is not None:
        places = value_decimals(target.value, decimals)
        change = nf.format_quantity(target.value, (unit or "%") if with_unit else "", places)
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
            figure = nf.format_quantity(comparison, shown, value_decimals(comparison, decimals))
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


def target_cell(
    item: PlanItem, year: int, assessment: Assessment | None, *, with_unit: bool = True
) -> Cell:
    text, value = target_text(item, year, assessment, with_unit=with_unit)
    cell = Cell(text=text, value=value)
    indicator = indicator_of(item)
    if value is not None and indicator is not None:
        short, _qualifier = unit_parts(indicator.unit)
        cell.number_format = excel_format(
            value_decimals(value, indicator.decimals), short if with_unit else ""
        )
    return cell
