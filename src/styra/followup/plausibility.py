"""An indicator's value that is possible but unlikely: a share outside 0–100 %, or a value
far from everything it is compared with (its earlier values in the plan, its baseline,
its targets, its comparison value) — 38 typed where 3,8 was meant, or a count in the
wrong unit.

One rule for both doors: the reporting form warns with it and asks the writer to
confirm the value before it is saved (`followup.views.reporting`), and the report check
lists what was saved anyway (`reports.check.plausibility`).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from styra.formats.numbers import format_number
from styra.plans.models import PlanItem

from .models import AssessmentValue, Round

FAR = Decimal(8)  # this many times off every reference either way is suspect


@dataclass(frozen=True)
class ValueWarning:
    reason: str  # Swedish, for a sentence "… är osannolikt: <reason>."
    references: tuple[Decimal, ...]


def earlier_values(item: PlanItem, round_: Round) -> list[Decimal]:
    """The item's total values in the plan's rounds before `round_`; one query."""
    return [
        value
        for value in AssessmentValue.objects.filter(
            assessment__item_id=item.pk,
            assessment__round__plan_id=round_.plan_id,
            assessment__round__period_end__lt=round_.period_end,
            dimension="",
            value__isnull=False,
        ).values_list("value", flat=True)
        if value is not None
    ]


def references(
    item: PlanItem, earlier: list[Decimal], comparison_value: Decimal | None = None
) -> list[Decimal]:
    """What a value of `item` is compared with: earlier values, baseline, targets and the
    comparison value, the non-zero ones."""
    refs = list(earlier)
    indicator = getattr(item, "indicator", None)
    if indicator is not None and indicator.baseline_value is not None:
        refs.append(indicator.baseline_value)
    for target in item.targets.all():
        if target.value is not None and target.kind in ("threshold", "count", "relative_baseline"):
            refs.append(target.value)
    if comparison_value:
        refs.append(comparison_value)
    return [r for r in refs if r]


def is_far(value: Decimal, reference: Decimal) -> bool:
    """Far from a reference: a factor of `FAR` or more either way, or the other sign
    and further from it than half again the larger of the two (a development figure
    of 2,6 % against a target of −0,6 % is not far; −34,2 against 33,2 is)."""
    ratio = abs(value) / abs(reference)
    if ratio >= FAR or ratio <= 1 / FAR:
        return True
    return (value > 0) != (reference > 0) and abs(value - reference) > Decimal("1.5") * max(
        abs(value), abs(reference)
    )


def value_warning(
    item: PlanItem,
    value: Decimal | None,
    earlier: list[Decimal],
    comparison_value: Decimal | None = None,
) -> ValueWarning | None:
    """Why `value` of `item` is unlikely, or None when it is not (or there is no value)."""
    if value is None:
        return None
    indicator = getattr(item, "indicator", None)
    unit = (indicator.unit if indicator else "").strip()
    refs = references(item, earlier, comparison_value)
    if unit.startswith("%") and item.title.lower().startswith("andel") and not 0 <= value <= 100:
        reason = _("en andel kan inte vara %(value)s %%") % {"value": format_number(value, 1)}
        return ValueWarning(reason, tuple(refs))
    if refs and value and all(is_far(value, r) for r in refs):
        reason = _("långt från tidigare värden och målvärdet (%(refs)s)") % {
            "refs": ", ".join(format_number(r, 1) for r in refs)
        }
        return ValueWarning(reason, tuple(refs))
    return None
