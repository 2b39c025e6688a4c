"""`read_sie`: stream a SIE file of type 1–4 or 4I once, check it and aggregate it.

Memory does not grow with the number of vouchers: the reader keeps the current
voucher's running sum, counts and the aggregated facts, nothing per voucher.

Speed comes from a fast path for the lines that make up almost all of a big file:
`#TRANS account {objects} amount [date] …`, `#VER`, `{`, `}`, `#PSALDO`, `#PBUDGET`. For a `#TRANS`
line it splits off the text up to the object list's `}` and uses that raw prefix as
the key of its list of month sums; the prefix is parsed properly once, on its first
use, by the general path in `records.py`. Any line the fast path is not sure about (an
unknown prefix or date, a quote where none is expected, a pending `#RTRANS`) goes to
the general path, which gives the same result for every line the fast path accepts.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TextIO

from styra.formats import limits

from .model import SieError, SieResult
from .periods import NOT_AGGREGATED
from .records import RecordReader
from .state import EXPECT_OPEN, INSIDE, OUTSIDE
from .tokenizer import parse_amount

# An amount text this long or longer may not fit an amount column; the general path
# checks it (sign, 16 digits, point, 2 decimals: 20 characters).
MAX_FAST_AMOUNT = 20


def read_sie(path: str | Path, *, dimension: int = 1, aggregate: bool = True) -> SieResult:
    """Read, validate and aggregate one SIE file.

    `dimension` picks which object dimension the facts are kept per (1 = cost centre).
    Facts are keyed (kind, year_index, yyyymm, object code or None, account) with the
    sum in öre as value:

    - "outcome": #TRANS rows of vouchers, per the transaction's date (else the
      voucher's); year_index is that of the #RAR year the date falls in. The object
      is the row's object in `dimension`, None when it has none there, so the sum over
      all objects is the account's total. Sums of zero are left out.
    - "outcome_psaldo" (#PSALDO) and "budget" (#PBUDGET): the year index and period of
      the row. A row with `{}` gives object None, a row with an object in `dimension`
      that object; other rows are not aggregated. Programs differ in whether `{}` is
      the account's total or only the part without objects, so the consumer chooses.

    With `aggregate=False` the file is only checked and counted.

    Raises SieError only when the file cannot be read or is not SIE; every other
    problem is in `errors` (the file is wrong, e.g. an unbalanced voucher) or
    `warnings` (it was read, but something deserves a look), with its line number.
    """
    path = Path(path)
    reader = FastReader(path, dimension=dimension, aggregate=aggregate)
    try:
        size = path.stat().st_size
        if size > limits.SIE_MAX_FILE_BYTES:
            raise SieError(
                f"{path.name} är {size // limits.MIB} MB; högst "
                f"{limits.SIE_MAX_FILE_BYTES // limits.MIB} MB kan läsas in"
            )
        with open(path, encoding="cp437") as handle:
            reader.scan(bounded_lines(handle, reader))
    except OSError as exc:
        raise SieError(f"{path.name} kunde inte läsas: {_os_reason(exc)}") from exc
    return reader.finish()


def bounded_lines(handle: TextIO, reader: RecordReader) -> Iterator[str]:
    """The file's lines, none longer than `limits.SIE_MAX_LINE_CHARS`.

    Iterating a file reads a whole line however long it is (a 30 MB quoted field would
    be read, then tokenised at some 140 bytes of memory per byte); here a longer line
    is reported as an error and replaced by an empty one, so line numbers stay right
    and memory stays bounded.
    """
    limit = limits.SIE_MAX_LINE_CHARS
    readline = handle.readline
    lineno = 0
    while True:
        line = readline(limit + 1)
        if not line:
            return
        lineno += 1
        if len(line) > limit and not line.endswith("\n"):
            reader.error(lineno, f"raden är längre än {limit} tecken och läses inte")
            while line and not line.endswith("\n"):
                line = readline(limit + 1)
            line = "\n"
        yield line


def _os_reason(exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return "filen finns inte"
    if isinstance(exc, IsADirectoryError):
        return "det är en mapp"
    if isinstance(exc, PermissionError):
        return "behörighet saknas"
    return exc.strerror or str(exc)


def _amount(text: str) -> int:
    """`parse_amount`, with a shortcut for the usual two decimals after a point."""
    if text[-3:-2] == "." and "_" not in text and len(text) < MAX_FAST_AMOUNT:
        return int(text.replace(".", "", 1))
    return parse_amount(text)


class FastReader(RecordReader):
    """The general reader plus a hot loop for the common line shapes."""

    def scan(self, lines: Iterable[str]) -> None:
        """Read every line; state lives in local variables while on the fast path.

        Each fast branch either finishes its line (`break`) or falls through to the
        general path. An indented line is stripped once and tried again (`continue`).
        """
        date_slots, prefix_sums = self.date_slots, self.prefix_sums
        period_heads, object_codes = self.period_heads, self.object_codes
        facts, aggregate = self.result.facts, self.aggregate
        outside, expect_open, inside = OUTSIDE, EXPECT_OPEN, INSIDE
        state, vsum, vslot = self.state, self.vsum, self.vslot
        transactions = vouchers = period_rows = lineno = 0
        for line in lines:
            lineno += 1
            while True:
                if line.startswith("#TRANS"):
                    if state == inside and vslot is not None:
                        try:
                            prefix, _, tail = line.partition("}")
                            rest = tail.split()
                            amount = rest[0]
                            if amount[-3] == "." and "_" not in amount and len(amount) < 20:
                                ore = int(amount.replace(".", "", 1))  # "-12.50" -> -1250
                            else:
                                ore = parse_amount(amount)
                            slot = date_slots[rest[1]] if len(rest) > 1 else vslot
                            prefix_sums[prefix][slot] += ore
                        except (ValueError, IndexError, KeyError):
                            pass  # the general path decides, and learns the prefix
                        else:
                            vsum += ore
                            transactions += 1
                            break
                elif line == "{\n":
                    if state == expect_open:
                        state = inside
                        break
                elif line == "}\n":
                    if state == inside and not vsum:
                        state = outside
                        break
                elif line.startswith("#VER"):
                    if state == outside:
                        fields = line.split(None, 4)
                        if len(fields) > 3 and fields[0] == "#VER":
                            ver_slot = date_slots.get(fields[3])
                            head = fields[1] + fields[2]
                            if ver_slot is not None and not (
                                '"' in head or "{" in head or "}" in head
                            ):
                                self.vseries, self.vnumber = fields[1], fields[2]
                                self.vline = lineno
                                self.voucher_number_seen(ver_slot, fields[3], lineno)
                                state, vsum, vslot = expect_open, 0, ver_slot
                                vouchers += 1
                                break
                elif line.startswith("#P"):
                    if state == outside and self.identified:
                        try:
                            prefix, _, tail = line.partition("}")
                            brace = prefix.index("{")
                            kind, year_index, period, account = period_heads[prefix[:brace]]
                            code = object_codes[prefix[brace + 1 :]]
                            ore = _amount(tail.split(None, 1)[0])
                        except (ValueError, IndexError, KeyError):
                            pass
                        else:
                            period_rows += 1
                            if aggregate and code is not NOT_AGGREGATED:
                                key = (kind, year_index, period, code, account)
                                facts[key] = facts.get(key, 0) + ore
                            break
                elif line[:1] in " \t" and line.strip():
                    line = line.lstrip()
                    continue
                self.state, self.vsum, self.vslot = state, vsum, vslot
                self.general_line(lineno, line.lstrip())
                state, vsum, vslot = self.state, self.vsum, self.vslot
                break
        self.state, self.vsum, self.vslot = state, vsum, vslot
        self.result.counts["transactions"] += transactions
        self.result.counts["vouchers"] += vouchers
        self.result.counts["period_balances"] += period_rows
        if vouchers:
            self.identified = True


__all__ = ["read_sie", "SieError", "SieResult"]
