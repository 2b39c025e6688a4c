"""Which items a round asks for: the one due rule (domain guide §6).

A yearly indicator is not due in a tertial round; it "följs upp på helår". The
follow-up screens, the goal-fulfilment summaries, the report builders and the report
check all ask this module, so they can never disagree about what a round contains.
"""

from __future__ import annotations

from collections.abc import Iterable

from styra.plans.models import Frequency, ItemKind, PlanItem
from styra.plans.selectors import plan_items

from .models import Round, RoundKind

# Which follow-up frequencies each kind of round asks for.
DUE_FREQUENCIES: dict[str, frozenset[str]] = {
    RoundKind.MONTH: frozenset({Frequency.MONTHLY}),
    RoundKind.TERTIAL: frozenset({Frequency.MONTHLY, Frequency.TERTIAL}),
    RoundKind.INTERIM: frozenset({Frequency.MONTHLY, Frequency.TERTIAL, Frequency.INTERIM}),
    RoundKind.ANNUAL: frozenset(Frequency.values),
}


def frequency_is_due(frequency: str, round_kind: str) -> bool:
    return frequency in DUE_FREQUENCIES.get(round_kind, frozenset())


def is_due(item: PlanItem, round_: Round) -> bool:
    """True when `round_` asks for `item`. Areas are never due: nobody reports on them
    (their texts are section texts; a status of their own is derived, see `summary`)."""
    return item.kind != ItemKind.AREA and frequency_is_due(item.frequency, round_.kind)


def items_in_round(
    round_: Round, items: Iterable[PlanItem] | None = None
) -> tuple[list[PlanItem], list[PlanItem]]:
    """(due, not due) of `items` (default: the round's whole plan), in plan order.

    Areas are in neither list.
    """
    due: list[PlanItem] = []
    later: list[PlanItem] = []
    for item in plan_items(round_.plan) if items is None else items:
        if item.kind == ItemKind.AREA:
            continue
        (due if is_due(item, round_) else later).append(item)
    return due, later
