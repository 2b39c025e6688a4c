"""The reading state of the SIE reader and how it reports issues.

`ReaderState` is the base of the voucher and period mixins (vouchers.py, periods.py)
and so of `RecordReader` (records.py): everything they read and write is declared
here once, with its type.
"""

from __future__ import annotations

from pathlib import Path

from .model import Issue, SieResult, UnbalancedVoucher
from .tokenizer import Objects

MAX_ISSUES = 1000  # per list, so that a broken file of any size gives a bounded report

# Voucher states while reading.
OUTSIDE = 0  # not in a voucher
EXPECT_OPEN = 1  # a #VER was read, its `{` not yet
INSIDE = 2  # between `{` and `}`
INSIDE_PENDING = 3  # inside, and a #RTRANS waits to see whether its #TRANS copy follows

TransRow = tuple[str, Objects, int, str | None]  # account, objects, öre, date text


class ReaderState:
    """Reading state, plus errors and warnings bounded to `MAX_ISSUES` each."""

    def __init__(self, path: Path, *, dimension: int, aggregate: bool):
        self.path = path
        self.dimension = dimension
        self.aggregate = aggregate
        self.result = SieResult(path=path, is_import_file=path.suffix.lower() == ".si")
        self.identified = False
        self.lines_before_label = 0
        self.suppressed = {"errors": 0, "warnings": 0, "unbalanced": 0}
        self.once: set[str] = set()  # warnings given once per file
        # Voucher state, mirrored by the fast path in local variables.
        self.state = OUTSIDE
        self.vsum = 0
        self.vslot: int | None = None  # month slot of the voucher's date
        self.vseries = ""
        self.vnumber = ""
        self.vline = 0
        self.pending: tuple[TransRow, int, str] | None = None
        # Aggregation state.
        self.slots: dict[tuple[int, int], int] = {}  # (year index, yyyymm) -> slot
        self.slot_months: list[tuple[int, int]] = []  # slot -> (year index, yyyymm)
        self.date_slots: dict[str, int] = {}
        self.prefix_sums: dict[str, list[int]] = {}
        # #PSALDO/#PBUDGET: text before `{` -> (kind, year index, period, account), and
        # text inside `{}` -> object code in the dimension, None, or NOT_AGGREGATED.
        self.period_heads: dict[str, tuple[str, int, int, str]] = {}
        self.object_codes: dict[str, str | None] = {}
        self.key_info: dict[str, tuple[str, str | None] | None] = {}
        self.first_account_use: dict[str, int] = {}
        self.years_outside: set[int] = set()

    def error(self, line: int | None, message: str) -> None:
        if len(self.result.errors) < MAX_ISSUES:
            self.result.errors.append(Issue(line, message))
        else:
            self.suppressed["errors"] += 1

    def warning(self, line: int | None, message: str) -> None:
        if len(self.result.warnings) < MAX_ISSUES:
            self.result.warnings.append(Issue(line, message))
        else:
            self.suppressed["warnings"] += 1

    def warn_once(self, topic: str, line: int | None, message: str) -> None:
        if topic not in self.once:
            self.once.add(topic)
            self.warning(line, message)

    def unbalanced(self, voucher: UnbalancedVoucher) -> None:
        if len(self.result.unbalanced_vouchers) < MAX_ISSUES:
            self.result.unbalanced_vouchers.append(voucher)
        else:
            self.suppressed["unbalanced"] += 1

    def _code_in_dimension(self, objects: Objects) -> str | None:
        for dimension, code in objects:
            if dimension == self.dimension:
                return code
        return None
