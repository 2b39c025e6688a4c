"""What a frame change does to a frame, and the frame after changes: computed, never typed.

Pure functions over loaded models (no queries), shared by the selectors, the checks and
the services. Sign convention: a change's amount is what the receiving unit gets
(positive = more money to spend); a net budget is negative, so the frame after changes
is the opening net *minus* what the unit received.
"""

from __future__ import annotations

from decimal import Decimal

from .models import BudgetFrame, FrameChange, FrameChangeKind

HUNDRED = Decimal(100)
ORE = Decimal("0.01")


def indexation_base(change: FrameChange, frame: BudgetFrame | None) -> Decimal | None:
    """The part of the receiving unit's opening frame the index applies to (kr, ≥ 0 for a cost).

    Excluding pharmaceuticals: the opening net without its pharmaceuticals part;
    including pharmaceuticals: only that part. Unknown without an opening frame.
    """
    if frame is None or frame.opening_net is None:
        return None
    if change.kind == FrameChangeKind.INDEXATION_EXCL:
        return -(frame.opening_net - frame.opening_pharmaceuticals)
    if change.kind == FrameChangeKind.INDEXATION_INCL:
        return -frame.opening_pharmaceuticals
    return None


def computed_indexation(change: FrameChange, frame: BudgetFrame | None) -> Decimal | None:
    """rate % of the base, to the öre; None without a rate or a base."""
    if change.rate is None:
        return None
    base = indexation_base(change, frame)
    if base is None:
        return None
    return (base * change.rate / HUNDRED).quantize(ORE)


def change_amount(change: FrameChange, frames_by_unit: dict[int, BudgetFrame]) -> Decimal | None:
    """What the change gives its receiving unit: the stated amount, or an indexation's
    amount computed from its rate; None when neither is known."""
    if change.amount is not None:
        return change.amount
    if change.is_indexation:
        return computed_indexation(change, frames_by_unit.get(change.unit_id or 0))
    return None


def effect_on(
    change: FrameChange, unit_id: int, frames_by_unit: dict[int, BudgetFrame]
) -> Decimal | None:
    """What the change gives `unit_id` (negative for the giving side of a reallocation)."""
    amount = change_amount(change, frames_by_unit)
    if amount is None:
        return None
    if change.unit_id == unit_id:
        return amount
    if change.from_unit_id == unit_id:
        return -amount
    return Decimal(0)


def touches(change: FrameChange, unit_id: int) -> bool:
    return unit_id in (change.unit_id, change.from_unit_id)
