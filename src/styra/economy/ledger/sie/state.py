"""The reading state of the SIE reader and how it reports issues.

`ReaderState` is the base of the voucher and period mixins (vouchers.py, periods.py)
and so of `RecordReader` (records.py): everything they read and write is declared
here once, with its type.
"""

from __future__ import annotations

from array import array
from pathlib import Path

from styra.formats import limits

from .model import Issue, SieError, SieResult, UnbalancedVoucher
from .tokenizer import Objects

MAX_ISSUES = 1000  # per list, so that a broken file of any size gives a bounded report

# Voucher states while reading.
OUTSIDE = 0  # not in a voucher
EXPECT_OPEN = 1  # a #VER was read, its `{` not yet
INSIDE = 2  # between `{` and `}`
INSIDE_PENDING = 3  # inside, and a #RTRANS waits to see whether its #TRANS copy follows

TransRow = tuple[str, Objects, int, str | None]  # account, objects, öre, date text


class VoucherNumbers:
    """Which vouchers (year, series, number, date) the file has had, to find copies.

    A voucher given twice balances, so without this check its amounts would count
    twice. Real files do reuse a number with another date (Björn Lundén's series "#"
    of monthly depreciations), so a copy is the same series and number on the same
    date; the same number on another date is a warning.

    Memory stays small for the usual numbering (1, 2, 3 … per series): the date of
    number n is item n of one `array` of 4-byte integers per year and series. Other
    numbers ("A12", numbers past `ARRAY_MAX`) go into a dict, refused past
    `limits.SIE_MAX_OTHER_VOUCHER_NUMBERS`.
    """

    ARRAY_MAX = 10_000_000  # numbers below this are array slots: 40 MB at most per series
    ARRAY_TOTAL_SLOTS = 16 * 1024 * 1024  # 64 MB over all series

    def __init__(self) -> None:
        self.dates: dict[tuple[int, str], array[int]] = {}
        self.slots = 0
        self.other: dict[tuple[int, str, str], int] = {}

    def _array(self, year: int, series: str, value: int) -> array[int] | None:
        key = (year, series)
        dates = self.dates.get(key)
        length = len(dates) if dates is not None else 0
        if value < length:
            return dates
        grow = value + 1 - length + 1024
        if self.slots + grow > self.ARRAY_TOTAL_SLOTS:
            return None
        if dates is None:
            dates = self.dates[key] = array("I")
        dates.frombytes(bytes(dates.itemsize * grow))
        self.slots += grow
        return dates

    def add(self, year: int, series: str, number: str, day: int) -> int:
        """Record the voucher; the date (yyyymmdd) it had before, 0 if it is new."""
        key = (year, series, number)
        if number.isdigit() and len(number) < 8:
            value = int(number)
            dates = self._array(year, series, value)
            if dates is not None:
                before = dates[value] or self.other.get(key, 0)
                dates[value] = day
                return before
        before = self.other.get(key, 0)
        if not before and len(self.other) >= limits.SIE_MAX_OTHER_VOUCHER_NUMBERS:
            raise SieError(
                f"filen har fler än {limits.SIE_MAX_OTHER_VOUCHER_NUMBERS} verifikationer "
                "med nummer som inte är löpande heltal; dubbletter kan inte kontrolleras"
            )
        self.other[key] = day
        return before


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
        self.voucher_numbers = VoucherNumbers()
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
