"""Reading a register file (CSV or XLSX) row by row, collecting every problem.

An import reads the whole file first and writes nothing unless every row is valid;
each problem names the file, the line and the column, so that the person who made
the file can fix it in one go.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import TypeVar

from django.utils.translation import gettext as _

from .amounts import SCALES, AmountError, to_kronor
from .problems import ImportFailed, ImportProblem

T = TypeVar("T")


@dataclass
class Table:
    name: str  # the file name as the user gave it
    header: list[str]
    rows: list[tuple[int, Mapping[str, object]]]  # (line number, column → raw value)
    problems: list[ImportProblem] = field(default_factory=list)

    def problem(self, line: int, column: str, message: str) -> None:
        self.problems.append(ImportProblem(self.name, line, column, message))

    def require_columns(self, *columns: str) -> None:
        for column in columns:
            if column not in self.header:
                self.problem(1, column, _("kolumnen saknas"))

    def amount_column(self, base: str, required: bool = False) -> str | None:
        """Which of `<base>_kr`, `<base>_tkr`, `<base>_mkr` the file has (one at most)."""
        present = [f"{base}_{scale}" for scale in SCALES if f"{base}_{scale}" in self.header]
        if len(present) > 1:
            self.problem(
                1,
                present[1],
                _("bara en av kolumnerna %(cols)s får finnas") % {"cols": ", ".join(present)},
            )
        if not present and required:
            self.problem(
                1,
                f"{base}_mkr",
                _("kolumnen saknas (%(base)s_mkr, %(base)s_tkr eller %(base)s_kr)")
                % {"base": base},
            )
        return present[0] if present else None

    def raise_if_problems(self) -> None:
        if self.problems:
            # In reading order: by line, then by the column's place in the file.
            def place(problem: ImportProblem) -> tuple[int, int]:
                column = self.header.index(problem.column) if problem.column in self.header else -1
                return problem.line, column

            raise ImportFailed(sorted(self.problems, key=place))


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel on Swedish Windows still saves "CSV" as Windows-1252.
        return data.decode("cp1252")


def _read_csv(name: str, data: bytes) -> Table:
    text = _decode(data)
    first = text.split("\n", 1)[0]
    delimiter = ";" if ";" in first else "\t" if "\t" in first else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header: list[str] = []
    rows: list[tuple[int, Mapping[str, object]]] = []
    for index, cells in enumerate(reader, start=1):
        if index == 1:
            header = [c.strip().lower() for c in cells]
            continue
        if not any(c.strip() for c in cells):
            continue
        rows.append((index, dict(zip(header, (c.strip() for c in cells), strict=False))))
    return Table(name=name, header=header, rows=rows)


def _read_xlsx(name: str, data: bytes) -> Table:
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
    header: list[str] = []
    rows: list[tuple[int, Mapping[str, object]]] = []
    for index, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
        if index == 1:
            header = [str(c or "").strip().lower() for c in cells]
            continue
        values = [c.strip() if isinstance(c, str) else c for c in cells]
        if all(v in (None, "") for v in values):
            continue
        rows.append((index, dict(zip(header, values, strict=False))))
    return Table(name=name, header=header, rows=rows)


def read_table(path: str | Path, data: bytes | None = None) -> Table:
    """The file at `path` (or its `data`, e.g. an upload named `path`) as a table."""
    path = Path(path)
    name = path.name
    if data is None:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise ImportFailed(
                [ImportProblem(name, 0, "", _("filen kan inte läsas (%(e)s)") % {"e": exc})]
            ) from None
    if path.suffix.lower() == ".xlsx":
        try:
            return _read_xlsx(name, data)
        except Exception as exc:  # openpyxl raises many kinds for a broken file
            raise ImportFailed(
                [ImportProblem(name, 0, "", _("ingen läsbar XLSX-fil (%(e)s)") % {"e": exc})]
            ) from None
    return _read_csv(name, data)


def _number(value: object) -> Decimal | int | float | str:
    """A cell that may hold a number; any other cell (a date, say) raises TypeError."""
    if isinstance(value, Decimal | int | float | str):
        return value
    raise TypeError(f"not a number: {value!r}")


class RowReader:
    """Typed access to one row's cells; a bad cell becomes a problem and None."""

    def __init__(self, table: Table, line: int, values: Mapping[str, object]):
        self.table, self.line, self.values = table, line, values

    def problem(self, column: str, message: str) -> None:
        self.table.problem(self.line, column, message)

    def raw(self, column: str | None) -> object:
        value = self.values.get(column) if column else None
        return None if value == "" else value

    def text(self, column: str, required: bool = False) -> str:
        value = self.raw(column)
        if value is None:
            if required:
                self.problem(column, _("värde saknas"))
            return ""
        return str(value).strip()

    def amount(self, column: str | None, required: bool = False) -> Decimal | None:
        """Kronor from a `<base>_<scale>` column."""
        value = self.raw(column)
        if column is None or value is None:
            if required and column:
                self.problem(column, _("belopp saknas"))
            return None
        scale = column.rsplit("_", 1)[1]
        try:
            return to_kronor(_number(value), scale)
        except AmountError as exc:
            self.problem(column, str(exc))
            return None
        except (TypeError, ValueError):
            self.problem(column, _("”%(value)s” är inget belopp") % {"value": value})
            return None

    def number(self, column: str) -> Decimal | None:
        value = self.raw(column)
        if value is None:
            return None
        try:
            return to_kronor(_number(value), "kr")
        except AmountError as exc:
            self.problem(column, str(exc))
            return None
        except (TypeError, ValueError):
            self.problem(column, _("”%(value)s” är inget tal") % {"value": value})
            return None

    def choice(self, column: str, options: Mapping[str, T], default: T | None = None) -> T | None:
        """One of `options` (lower-case spelling → value); the spellings are listed on error."""
        value = self.text(column)
        if not value:
            return default
        found = options.get(value.lower())
        if found is None:
            self.problem(
                column,
                _("”%(value)s” är inget giltigt värde; använd något av: %(options)s")
                % {"value": value, "options": ", ".join(sorted(options))},
            )
        return found

    def boolean(self, column: str) -> bool | None:
        return self.choice(column, {"ja": True, "nej": False, "j": True, "n": False})

    def date(self, column: str) -> date | None:
        value = self.raw(column)
        if value is None:
            return None
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value).strip())
        except ValueError:
            self.problem(column, _("”%(value)s” är inget datum (ÅÅÅÅ-MM-DD)") % {"value": value})
            return None
