"""Unrounded kronor behind a printed tkr table: the demo ledger's starting point.

The T1 2026 report prints each row of its economic table rounded to tkr, and its
totals were summed from unrounded amounts, so the printed totals differ from the sums
of the printed rows by up to 2 tkr and a printed difference can differ by 1 tkr from
the difference of two printed values. `solve_table` finds whole-krona amounts per row
(outcome, periodised budget, last year's outcome) such that **every printed figure**
— the 19 rows × 6 columns, including the subtotals and percentages computed from the
unrounded amounts — rounds (half up) to what is printed. It is a small deterministic
local search over offsets of at most ±475 kr from the printed value × 1 000.
"""

from __future__ import annotations

import functools
import random
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from ruamel.yaml import YAML

FIGURES = Path(__file__).resolve().parent / "data" / "t1-2026-figures.yaml"
STEP = 25  # kr between candidate offsets
SPAN = 475  # the largest offset tried; keeps clear of the ±500 kr rounding edge
SEED = 2026


def load_figures() -> dict:
    return YAML(typ="safe").load(FIGURES.read_text(encoding="utf-8"))


def tkr(kronor: int) -> int:
    """Whole kronor rounded half up (away from zero) to tkr, in integers."""
    return (kronor + 500) // 1000 if kronor >= 0 else -((-kronor + 500) // 1000)


def pct(current: int, previous: int) -> Decimal:
    """(current − previous) / previous in percent, rounded half up to one decimal."""
    if previous == 0:
        return Decimal(0) if current == 0 else Decimal("NaN")
    value = Decimal(current - previous) / Decimal(previous) * 100
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _printed(values) -> tuple:
    *amounts, percent = values
    return (*(int(v) for v in amounts), Decimal(str(percent)))


def row_matches(u: int, b: int, p: int, printed) -> bool:
    """Do outcome `u`, budget `b`, last year `p` (kr) print as `printed` (tkr, %)?"""
    pu, pb, pd1, pp, pd2, ppct = _printed(printed)
    return (
        tkr(u) == pu
        and tkr(b) == pb
        and tkr(u - b) == pd1
        and tkr(p) == pp
        and tkr(u - p) == pd2
        and pct(u, p) == ppct
    )


@dataclass
class Row:
    code: str
    printed: list
    candidates: list[tuple[int, int, int]]


def _distance(row: Row, candidate: tuple[int, int, int]) -> int:
    """How far a candidate (outcome, budget, previous) is from the row's printed figures."""
    return sum(abs(candidate[i] - int(row.printed[j]) * 1000) for i, j in ((0, 0), (1, 1), (2, 3)))


def _candidates(printed) -> list[tuple[int, int, int]]:
    pu, pb, pd1, pp, pd2, ppct = _printed(printed)
    offsets = range(-SPAN, SPAN + 1, STEP)
    outcomes = [int(pu) * 1000 + d for d in offsets]
    budgets = [int(pb) * 1000 + d for d in offsets]
    previous = [int(pp) * 1000 + d for d in offsets]
    found: list[tuple[int, int, int]] = []
    outcomes = [u for u in outcomes if tkr(u) == pu]
    budgets = [b for b in budgets if tkr(b) == pb]
    previous = [p for p in previous if tkr(p) == pp]
    for u in outcomes:
        ps = [p for p in previous if tkr(u - p) == pd2 and pct(u, p) == ppct]
        bs = [b for b in budgets if tkr(u - b) == pd1]
        found.extend((u, b, p) for b in bs for p in ps)
    return found


@functools.cache
def _solved() -> tuple:
    return tuple(solve_table().items())


def solved_table() -> dict[str, tuple[int, int, int]]:
    """`solve_table()` of the shipped figures, computed once per process."""
    return dict(_solved())


def solve_table(figures: dict | None = None) -> dict[str, tuple[int, int, int]]:
    """Whole-krona (outcome, budget, last year) per leaf row; see the module doc."""
    figures = figures or load_figures()
    table = figures["economic_table"]
    income = ["patientavgifter", "forsaljning", "erhallna-bidrag", "ovriga-intakter"]
    sums = {"intakter", "bruttokostnader", "verksamhetens-nettokostnader"}
    leaves = [code for code in table if code not in sums]
    costs = [code for code in leaves if code not in income]
    rows = {code: Row(code, table[code], _candidates(table[code])) for code in leaves}
    for row in rows.values():
        if not row.candidates:
            raise ValueError(f"no whole-krona amounts print as row {row.code}")
        # Start from the candidate closest to the printed figures.
        row.candidates.sort(key=functools.partial(_distance, row))
    choice = {code: 0 for code in leaves}

    def totals(codes):
        u = sum(rows[c].candidates[choice[c]][0] for c in codes)
        b = sum(rows[c].candidates[choice[c]][1] for c in codes)
        p = sum(rows[c].candidates[choice[c]][2] for c in codes)
        return u, b, p

    def miss(u, b, p, printed) -> int:
        pu, pb, pd1, pp, pd2, ppct = _printed(printed)
        # A total exactly on a half tkr would print differently under another rounding.
        edges = sum(1 for v in (u, b, u - b, p, u - p) if abs(v) % 1000 == 500)
        return (
            edges
            + abs(tkr(u) - pu)
            + abs(tkr(b) - pb)
            + abs(tkr(u - b) - pd1)
            + abs(tkr(p) - pp)
            + abs(tkr(u - p) - pd2)
            + (0 if pct(u, p) == ppct else 1)
        )

    def score() -> int:
        iu, ib, ip = totals(income)
        cu, cb, cp = totals(costs)
        return int(
            miss(iu, ib, ip, table["intakter"])
            + miss(cu, cb, cp, table["bruttokostnader"])
            + miss(iu + cu, ib + cb, ip + cp, table["verksamhetens-nettokostnader"])
        )

    rng = random.Random(SEED)
    current = score()
    for _ in range(200_000):
        if current == 0:
            break
        code = rng.choice(leaves)
        old = choice[code]
        choice[code] = rng.randrange(len(rows[code].candidates))
        new = score()
        if new <= current:
            current = new
        else:
            choice[code] = old
    if current:
        raise ValueError(f"the printed totals cannot all hold (miss {current})")
    return {code: rows[code].candidates[choice[code]] for code in leaves}
