"""What reading a SIE file gives back: plain dataclasses, no Django.

The result holds only header data, the chart of accounts and objects, counts and
aggregated facts, never the vouchers themselves, so that its size does not grow with
the number of vouchers in the file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

# (kind, year_index, yyyymm, object code in the chosen dimension or None, account)
FactKey = tuple[str, int, int, str | None, str]
# (label "#IB" / "#UB" / "#RES", year_index, account): a whole-company year balance
BalanceKey = tuple[str, int, str]
# (label "#IB" / "#UB", year_index, account, object code in the chosen dimension):
# a year balance per object (#OIB / #OUB)
ObjectBalanceKey = tuple[str, int, str, str]

FACT_OUTCOME = "outcome"
FACT_OUTCOME_PSALDO = "outcome_psaldo"
FACT_BUDGET = "budget"


class SieError(Exception):
    """The file cannot be read at all or is not a SIE file; the message is one sentence."""


@dataclass(frozen=True, slots=True)
class FiscalYear:
    """A `#RAR` row: index 0 is the current year, -1 the previous one."""

    index: int
    start: date
    end: date


@dataclass(frozen=True, slots=True)
class UnbalancedVoucher:
    """A voucher whose `#TRANS` amounts do not sum to zero öre."""

    series: str
    number: str
    line: int
    difference_ore: int


@dataclass(frozen=True, slots=True)
class Issue:
    """An error or warning; `line` is the 1-based line in the file, None for the whole file."""

    line: int | None
    message: str


def _empty_counts() -> dict[str, int]:
    return {"vouchers": 0, "transactions": 0, "period_balances": 0}


@dataclass
class SieResult:
    """Everything `read_sie` learnt from one file. See `read_sie` for the fact keys."""

    path: Path
    sietyp: int | None = None
    is_import_file: bool = False
    program: str | None = None
    program_version: str | None = None
    company: str | None = None
    orgnr: str | None = None
    fiscal_years: list[FiscalYear] = field(default_factory=list)
    accounts: dict[str, str] = field(default_factory=dict)
    dimensions: dict[int, str] = field(default_factory=dict)
    objects: dict[tuple[int, str], str] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=_empty_counts)
    unbalanced_vouchers: list[UnbalancedVoucher] = field(default_factory=list)
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    facts: dict[FactKey, int] = field(default_factory=dict)
    # #IB/#UB/#RES rows (without objects), öre, debit positive as the file gives them.
    balances: dict[BalanceKey, int] = field(default_factory=dict)
    # #OIB/#OUB rows with an object in the chosen dimension, öre, debit positive.
    object_balances: dict[ObjectBalanceKey, int] = field(default_factory=dict)

    @property
    def is_valid(self) -> bool:
        """True when the file had no errors (warnings are allowed)."""
        return not self.errors
