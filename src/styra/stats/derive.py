"""Derived figures of statistics, as pure functions on Decimals (no database, no text).

Change, change in percent and share are computed where they are shown, from the stored
values; they are never stored (domain guide §4: "computed, never stored twice").
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

HUNDRED = Decimal(100)


def change(value: Decimal | None, before: Decimal | None) -> Decimal | None:
    if value is None or before is None:
        return None
    return value - before


def change_pct(value: Decimal | None, before: Decimal | None) -> Decimal | None:
    """(value − before) / |before| in percent; None when there is nothing to compare."""
    if value is None or before is None or before == 0:
        return None
    return (value - before) / abs(before) * HUNDRED


def share(part: Decimal | None, total: Decimal | None) -> Decimal | None:
    """`part` of `total` in percent."""
    if part is None or total is None or total == 0:
        return None
    return part / total * HUNDRED


def ratio(numerator: Decimal | None, denominator: Decimal | None, factor: Decimal = Decimal(1)):
    if numerator is None or denominator is None or denominator == 0:
        return None
    return numerator / denominator * factor


def total(values: Iterable[Decimal | None]) -> Decimal | None:
    """The sum of the values there are; None when there is none."""
    present = [v for v in values if v is not None]
    return sum(present, Decimal(0)) if present else None
