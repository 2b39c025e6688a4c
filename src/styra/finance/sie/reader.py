"""`read_sie`: stream a SIE file of type 1–4 or 4I once, check it and aggregate it.

Memory does not grow with the number of vouchers: the reader keeps the current
voucher's running sum, counts and the aggregated facts, nothing per voucher.

Speed comes from a fast path for the lines that make up almost all of a big file:
`#TRANS account {objects} amount [date] …`, `#VER`, `{` and `}`. For a `#TRANS`
line it splits off the text up to the object list's `}` and uses that raw prefix as
the key of a month bucket; the prefix is parsed properly once, on its first use, by
the general path in `records.py`. Any line the fast path is not sure about (an
unknown prefix or date, a quote where none is expected, a pending `#RTRANS`) goes to
the general path, which gives the same result for every line the fast path accepts.
"""

from __future__ import annotations

from pathlib import Path

from .model import SieError, SieResult
from .records import EXPECT_OPEN, INSIDE, OUTSIDE, RecordReader
from .tokenizer import parse_amount


def read_sie(path: str | Path, *, dimension: int = 1, aggregate: bool = True) -> SieResult:
    """Read, validate and aggregate one SIE file.

    `dimension` picks which object dimension the facts are kept per (1 = cost centre).
    Facts are keyed (kind, year_index, yyyymm, object code or None, account) with the
    sum in öre as value:

    - "outcome": #TRANS rows of vouchers, per the transaction's date (else the
      voucher's); year_index is that of the #RAR year the date falls in. The object
      is the row's object in `dimension`, None when it has none there, so the sum over
      all objects is the account's total.
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
        with open(path, encoding="cp437") as lines:
            reader.scan(lines)
    except OSError as exc:
        raise SieError(f"{path.name} kunde inte läsas: {_os_reason(exc)}") from exc
    return reader.finish()


def _os_reason(exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return "filen finns inte"
    if isinstance(exc, IsADirectoryError):
        return "det är en mapp"
    if isinstance(exc, PermissionError):
        return "behörighet saknas"
    return exc.strerror or str(exc)


class FastReader(RecordReader):
    """The general reader plus a hot loop for the common line shapes."""

    def scan(self, lines) -> None:
        """Read every line; state lives in local variables while on the fast path."""
        date_buckets = self.date_buckets
        state, vsum, vbucket = self.state, self.vsum, self.vbucket
        transactions = vouchers = lineno = 0
        for line in lines:
            lineno += 1
            if line[:1] != "#":
                line = line.lstrip()
            if line.startswith("#TRANS"):
                if state == INSIDE:
                    try:
                        end = line.index("}")
                        rest = line[end + 1 :].split(None, 2)
                        amount = rest[0]
                        if amount[-3] == "." and "_" not in amount:
                            ore = int(amount[:-3] + amount[-2:])
                        else:
                            ore = parse_amount(amount)
                        bucket = date_buckets[rest[1]] if len(rest) > 1 else vbucket
                        bucket[line[:end]] += ore  # KeyError: prefix not yet known here
                    except (ValueError, IndexError, KeyError, TypeError):
                        pass  # the general path decides
                    else:
                        vsum += ore
                        transactions += 1
                        continue
            elif line.startswith("#VER"):
                if state == OUTSIDE:
                    fields = line.split(None, 4)
                    if len(fields) > 3 and fields[0] == "#VER":
                        series, number = fields[1], fields[2]
                        bucket = date_buckets.get(fields[3])
                        head = series + number
                        if bucket is not None and not ('"' in head or "{" in head or "}" in head):
                            self.vseries, self.vnumber, self.vline = series, number, lineno
                            state, vsum, vbucket = EXPECT_OPEN, 0, bucket
                            vouchers += 1
                            continue
            elif line[:1] == "{":
                if state == EXPECT_OPEN and line.rstrip() == "{":
                    state = INSIDE
                    continue
            elif line[:1] == "}":
                if state == INSIDE and not vsum and line.rstrip() == "}":
                    state = OUTSIDE
                    continue
            self.state, self.vsum, self.vbucket = state, vsum, vbucket
            self.general_line(lineno, line)
            state, vsum, vbucket = self.state, self.vsum, self.vbucket
        self.state, self.vsum, self.vbucket = state, vsum, vbucket
        self.result.counts["transactions"] += transactions
        self.result.counts["vouchers"] += vouchers
        if vouchers:
            self.identified = True


__all__ = ["read_sie", "SieError", "SieResult"]
