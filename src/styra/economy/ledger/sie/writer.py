"""`SieWriter`: write a valid SIE 4 file as a stream, in cp437 with `#FORMAT PC8`.

Used by the demo ledger generator, the benchmark generator and the tests. Rows are
written as they come, so a file of any size needs no memory; the caller keeps the SIE
order (header, #RAR, #KONTO, #DIM, #OBJEKT, #PSALDO/#PBUDGET, then vouchers).

    with SieWriter(path, company="Region Exempel") as sie:
        sie.fiscal_year(0, date(2026, 1, 1), date(2026, 12, 31))
        sie.account("5010", "Löner")
        sie.voucher("A", "1", date(2026, 1, 25), "Löner januari", [
            VoucherRow("5010", 100_000_00, objects=((1, "4711"),)),
            VoucherRow("1930", -100_000_00),
        ])
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import NamedTuple

_BARE = re.compile(r'[^\s"{}\\]+')
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")

Objects = Sequence[tuple[int, str]]


class VoucherRow(NamedTuple):
    """One #TRANS row; `date` None means the voucher's date."""

    account: str
    amount_ore: int
    objects: Objects = ()
    date: date | None = None
    text: str | None = None


def format_amount(ore: int) -> str:
    """Öre as a SIE amount: 12345 -> "123.45", -5 -> "-0.05"."""
    sign = "-" if ore < 0 else ""
    whole, cents = divmod(abs(ore), 100)
    return f"{sign}{whole}.{cents:02d}"


def quote(text: str) -> str:
    """A field that is always quoted; `"` and `\\` are escaped, control characters
    (which SIE does not allow) become spaces."""
    text = _CONTROL.sub(" ", text).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{text}"'


def field(text: str) -> str:
    """A field written bare when it can be, quoted otherwise."""
    return text if _BARE.fullmatch(text) else quote(text)


def object_list(objects: Objects) -> str:
    return "{" + " ".join(f"{dimension} {field(code)}" for dimension, code in objects) + "}"


class SieWriter:
    """Writes one SIE 4 file; use as a context manager, or call `close()`."""

    def __init__(
        self,
        path: str | Path,
        *,
        company: str,
        orgnr: str | None = None,
        program: str = "Styra",
        program_version: str = "1.0",
        generated: date | None = None,
        newline: str = "\r\n",
    ):
        self._file = open(  # noqa: SIM115 - closed by close() / __exit__
            path, "w", encoding="cp437", errors="replace", newline=newline, buffering=1 << 20
        )
        self._write = self._file.write
        self._line("#FLAGGA", "0")
        self._line("#PROGRAM", quote(program), field(program_version))
        self._line("#FORMAT", "PC8")
        self._line("#GEN", f"{generated or date.today():%Y%m%d}")
        self._line("#SIETYP", "4")
        if orgnr:
            self._line("#ORGNR", field(orgnr))
        self._line("#FNAMN", quote(company))

    def __enter__(self) -> SieWriter:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self._file.close()

    def _line(self, *fields: str) -> None:
        self._write(" ".join(fields) + "\n")

    def fiscal_year(self, index: int, start: date, end: date) -> None:
        self._line("#RAR", str(index), f"{start:%Y%m%d}", f"{end:%Y%m%d}")

    def account(self, number: str, name: str) -> None:
        self._line("#KONTO", field(number), quote(name))

    def dimension(self, number: int, name: str) -> None:
        self._line("#DIM", str(number), quote(name))

    def object(self, dimension: int, code: str, name: str) -> None:
        self._line("#OBJEKT", str(dimension), field(code), quote(name))

    def year_balance(self, label: str, year_index: int, account: str, amount_ore: int) -> None:
        """An #IB, #UB or #RES row (debit positive)."""
        if label not in ("#IB", "#UB", "#RES"):
            raise ValueError(f"okänd saldoetikett {label}")
        self._line(label, str(year_index), field(account), format_amount(amount_ore))

    def period_balance(
        self, year_index: int, period: int, account: str, amount_ore: int, objects: Objects = ()
    ) -> None:
        """A #PSALDO row; `period` is yyyymm."""
        self._period_row("#PSALDO", year_index, period, account, amount_ore, objects)

    def period_budget(
        self, year_index: int, period: int, account: str, amount_ore: int, objects: Objects = ()
    ) -> None:
        """A #PBUDGET row; `period` is yyyymm."""
        self._period_row("#PBUDGET", year_index, period, account, amount_ore, objects)

    def _period_row(
        self,
        label: str,
        year_index: int,
        period: int,
        account: str,
        amount_ore: int,
        objects: Objects,
    ) -> None:
        self._line(
            label,
            str(year_index),
            str(period),
            field(account),
            object_list(objects),
            format_amount(amount_ore),
        )

    def voucher(
        self, series: str, number: str, day: date, text: str, rows: Iterable[VoucherRow]
    ) -> None:
        """A #VER with its #TRANS rows; raises ValueError if they do not sum to zero."""
        lines = [f"#VER {field(series)} {field(number)} {day:%Y%m%d} {quote(text)}\n{{\n"]
        total = 0
        for row in rows:
            total += row.amount_ore
            parts = [
                "#TRANS",
                field(row.account),
                object_list(row.objects),
                format_amount(row.amount_ore),
            ]
            if row.date is not None or row.text is not None:
                parts.append(f"{row.date:%Y%m%d}" if row.date else '""')
            if row.text is not None:
                parts.append(quote(row.text))
            lines.append(" ".join(parts) + "\n")
        if total:
            raise ValueError(f"verifikation {series} {number} balanserar inte ({total} öre)")
        lines.append("}\n")
        self._write("".join(lines))
