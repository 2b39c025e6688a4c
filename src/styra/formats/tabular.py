"""Reading a register file (CSV or XLSX) row by row, collecting every problem.

An import reads the whole file first and writes nothing unless every row is valid;
each problem names the file, the line and the column, so that the person who made
the file can fix it in one go.
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import BinaryIO, TypeVar

from django.utils.translation import gettext as _

from . import limits
from .amounts import SCALES, AmountError, amount_range_error, to_kronor
from .problems import ImportFailed, ImportProblem
from .text import clean_line, clean_text

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
                return problem.line or 0, column

            raise ImportFailed(sorted(self.problems, key=place))


def _failed(name: str, line: int | None, message: str, column: str = "") -> ImportFailed:
    """`line` None for a problem of the whole file (its size, its kind), which has no line."""
    return ImportFailed([ImportProblem(name, line, column, message)])


def _mib(size: int) -> str:
    return f"{size / limits.MIB:.1f}".replace(".", ",")


def check_file_size(name: str, size: int, maximum: int) -> None:
    """Refuse a file larger than `maximum` bytes before reading it."""
    if size > maximum:
        raise _failed(
            name,
            None,
            _("filen är %(size)s MB; högst %(maximum)s MB kan läsas in")
            % {"size": _mib(size), "maximum": _mib(maximum)},
        )


def _decode(name: str, data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        # Excel on Swedish Windows still saves "CSV" as Windows-1252.
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise _failed(
            name,
            data[: exc.start].count(b"\n") + 1,
            _("filen är varken UTF-8 eller Windows-1252; spara den som UTF-8"),
        ) from None


class _Rows:
    """Counts rows and columns as they are read and refuses a table past the limits."""

    def __init__(self, name: str):
        self.name = name
        self.count = 0

    def check(self, line: int, width: int) -> None:
        self.count += 1
        if self.count > limits.TABLE_MAX_ROWS + 1:  # + the header
            raise _failed(
                self.name,
                line,
                _("filen har fler än %(maximum)s rader") % {"maximum": limits.TABLE_MAX_ROWS},
            )
        if width > limits.TABLE_MAX_COLUMNS:
            raise _failed(
                self.name,
                line,
                _("raden har fler än %(maximum)s kolumner") % {"maximum": limits.TABLE_MAX_COLUMNS},
            )


def _check_cell(name: str, line: int, column: str, value: object) -> object:
    if isinstance(value, str):
        if len(value) > limits.TABLE_MAX_CELL_CHARS:
            raise _failed(
                name,
                line,
                _("cellen har %(length)s tecken; högst %(maximum)s får plats")
                % {"length": len(value), "maximum": limits.TABLE_MAX_CELL_CHARS},
                column,
            )
        return clean_text(value).strip()
    return value


def _header(name: str, cells: Sequence[object]) -> list[str]:
    return [clean_line(_check_cell(name, 1, "", str(c or ""))).strip().lower() for c in cells]


def _read_csv(name: str, data: bytes) -> Table:
    text = _decode(name, data)
    for number, line in enumerate(text.splitlines(), start=1):
        if len(line) > limits.TABLE_MAX_LINE_CHARS:
            raise _failed(
                name,
                number,
                _("raden har %(length)s tecken; högst %(maximum)s får plats")
                % {"length": len(line), "maximum": limits.TABLE_MAX_LINE_CHARS},
            )
    first = text.split("\n", 1)[0]
    delimiter = ";" if ";" in first else "\t" if "\t" in first else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header: list[str] = []
    rows: list[tuple[int, Mapping[str, object]]] = []
    counter = _Rows(name)
    try:
        for cells in reader:
            index = reader.line_num
            counter.check(index, len(cells))
            if not header:
                header = _header(name, cells)
                continue
            if not any(c.strip() for c in cells):
                continue
            values = [_check_cell(name, index, h, c) for h, c in zip(header, cells, strict=False)]
            rows.append((index, dict(zip(header, values, strict=False))))
    except csv.Error as exc:
        raise _failed(name, reader.line_num, _("ogiltig CSV (%(e)s)") % {"e": exc}) from None
    return Table(name=name, header=header, rows=rows)


def _check_xlsx_archive(name: str, data: bytes) -> None:
    """Refuse a zip bomb before openpyxl opens it: the parts' declared sizes are summed
    (Python's zipfile never unpacks more than a part declares)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise _failed(name, None, _("ingen läsbar XLSX-fil (inte ett zip-arkiv)")) from None
    with archive:
        parts = archive.infolist()
    total = sum(part.file_size for part in parts)
    shared = sum(p.file_size for p in parts if p.filename.lower().endswith("sharedstrings.xml"))
    if (
        total > limits.XLSX_MAX_UNCOMPRESSED_BYTES
        or total > limits.XLSX_MAX_COMPRESSION_RATIO * max(len(data), 1)
        or shared > limits.XLSX_MAX_SHARED_STRINGS_BYTES
    ):
        raise _failed(
            name,
            None,
            _(
                "filen packas upp till %(size)s MB; högst %(maximum)s MB (och %(ratio)s gånger "
                "filens storlek) kan läsas in"
            )
            % {
                "size": _mib(total),
                "maximum": _mib(limits.XLSX_MAX_UNCOMPRESSED_BYTES),
                "ratio": limits.XLSX_MAX_COMPRESSION_RATIO,
            },
        )


def _read_xlsx(name: str, data: bytes) -> Table:
    from openpyxl import load_workbook

    _check_xlsx_archive(name, data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise _failed(name, None, _("ingen läsbar XLSX-fil (%(e)s)") % {"e": exc}) from None
    try:
        sheet = workbook.worksheets[0]
        # The sheet's declared size is not trusted (a few bytes can declare a million rows
        # of 16 384 columns): rows and columns are read only up to one past the limits.
        sheet.reset_dimensions()
        header: list[str] = []
        rows: list[tuple[int, Mapping[str, object]]] = []
        counter = _Rows(name)
        width = limits.TABLE_MAX_COLUMNS + 1
        cells_by_row = sheet.iter_rows(
            min_col=1, max_col=width, max_row=limits.TABLE_MAX_ROWS + 2, values_only=True
        )
        for index, cells in enumerate(cells_by_row, start=1):
            used = len(cells)
            while used and cells[used - 1] in (None, ""):
                used -= 1
            counter.check(index, used)
            if index == 1:
                header = _header(name, cells[:used])
                continue
            if not used:
                continue
            values = [_check_cell(name, index, h, c) for h, c in zip(header, cells, strict=False)]
            rows.append((index, dict(zip(header, values, strict=False))))
    except ImportFailed:
        raise
    except Exception as exc:  # a broken sheet inside a valid archive
        raise _failed(name, None, _("ingen läsbar XLSX-fil (%(e)s)") % {"e": exc}) from None
    finally:
        workbook.close()
    return Table(name=name, header=header, rows=rows)


def read_table(path: str | Path, data: bytes | None = None, *, allow_empty: bool = False) -> Table:
    """The file at `path` (or its `data`, e.g. an upload named `path`) as a table.

    The file is refused, with a problem naming it, when it is larger, longer or wider
    than `styra.formats.limits` allows, or (unless `allow_empty`) when it has no data
    rows: an import of an empty file would otherwise silently replace data with nothing.
    Every text cell is cleaned (`formats.text.clean_text`).
    """
    path = Path(path)
    name = path.name
    if data is None:
        try:
            check_file_size(name, path.stat().st_size, limits.TABLE_MAX_FILE_BYTES)
            data = path.read_bytes()
        except OSError as exc:
            raise _failed(name, None, _("filen kan inte läsas (%(e)s)") % {"e": exc}) from None
    check_file_size(name, len(data), limits.TABLE_MAX_FILE_BYTES)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        table = _read_xlsx(name, data)
    else:
        table = _read_csv(name, data)
    if not table.header:
        raise _failed(name, 1, _("filen är tom"))
    if not table.rows and not allow_empty:
        raise _failed(name, 2, _("filen innehåller inga rader"))
    return table


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
        return self._in_range(column, self._kronor(column, value, scale))

    def _kronor(
        self, column: str, value: object, scale: str, number: bool = False
    ) -> Decimal | None:
        try:
            return to_kronor(_number(value), scale)
        except AmountError as exc:
            self.problem(column, str(exc))
        except (TypeError, ValueError, ArithmeticError):
            if number:
                self.problem(column, _("”%(value)s” är inget tal") % {"value": value})
            else:
                self.problem(column, _("”%(value)s” är inget belopp") % {"value": value})
        return None

    def _in_range(self, column: str, kronor: Decimal | None) -> Decimal | None:
        """None (and a problem) for an amount no amount column can hold."""
        if kronor is not None:
            message = amount_range_error(kronor)
            if message:
                self.problem(column, message)
                return None
        return kronor

    def number(self, column: str) -> Decimal | None:
        value = self.raw(column)
        if value is None:
            return None
        return self._in_range(column, self._kronor(column, value, "kr", number=True))

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


# --- Streaming: files too large to hold as a list of rows ------------------------------


@dataclass
class TableStream:
    """A table read row by row: `rows` yields (line number, column → raw value).

    For imports of hundreds of thousands of rows (statistics) that must stay bounded in
    memory; the columns, values, cleaning and limits are those of `read_table` (a limit
    passed while streaming raises `ImportFailed` from the iteration).
    """

    name: str
    header: list[str]
    rows: Iterator[tuple[int, dict[str, object]]]


_CHUNK = 1 << 20


def _first_undecodable_line(source: BinaryIO, encoding: str) -> int | None:
    """The line of the first byte that `encoding` cannot decode; None when all decode."""
    source.seek(0)
    decoder = codecs.getincrementaldecoder(encoding)()
    line = 1
    while chunk := source.read(_CHUNK):
        try:
            decoder.decode(chunk)
        except UnicodeDecodeError as exc:
            return line + chunk[: max(exc.start, 0)].count(b"\n")
        line += chunk.count(b"\n")
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return line
    return None


def _stream_encoding(name: str, source: BinaryIO) -> str:
    """UTF-8 (with or without BOM) when the whole file decodes as such, else Windows-1252;
    a file that is neither is refused with the line of its first undecodable byte."""
    try:
        if _first_undecodable_line(source, "utf-8") is None:
            return "utf-8-sig"
        line = _first_undecodable_line(source, "cp1252")
        if line is None:
            return "cp1252"
        raise _failed(
            name, line, _("filen är varken UTF-8 eller Windows-1252; spara den som UTF-8")
        )
    finally:
        source.seek(0)


def _checked_lines(name: str, text: io.TextIOBase) -> Iterator[str]:
    for number, line in enumerate(text, start=1):
        if len(line.rstrip("\r\n")) > limits.TABLE_MAX_LINE_CHARS:
            raise _failed(
                name,
                number,
                _("raden har %(length)s tecken; högst %(maximum)s får plats")
                % {"length": len(line), "maximum": limits.TABLE_MAX_LINE_CHARS},
            )
        yield line


def _stream_csv(name: str, source: BinaryIO) -> TableStream:
    try:
        encoding = _stream_encoding(name, source)
    except ImportFailed:
        source.close()
        raise
    text = io.TextIOWrapper(source, encoding=encoding, newline="")
    first = text.readline()
    text.seek(0)
    delimiter = ";" if ";" in first else "\t" if "\t" in first else ","
    reader = csv.reader(_checked_lines(name, text), delimiter=delimiter)
    counter = _Rows(name)
    try:
        cells = next(reader, [])
    except csv.Error as exc:
        text.close()
        raise _failed(name, 1, _("ogiltig CSV (%(e)s)") % {"e": exc}) from None
    counter.check(1, len(cells))
    header = _header(name, cells)

    def rows() -> Iterator[tuple[int, dict[str, object]]]:
        try:
            for cells in reader:
                index = reader.line_num
                counter.check(index, len(cells))
                if not any(c.strip() for c in cells):
                    continue
                values = [
                    _check_cell(name, index, h, c) for h, c in zip(header, cells, strict=False)
                ]
                yield index, dict(zip(header, values, strict=False))
        except csv.Error as exc:
            raise _failed(name, reader.line_num, _("ogiltig CSV (%(e)s)") % {"e": exc}) from None
        finally:
            text.close()

    return TableStream(name=name, header=header, rows=rows())


def _stream_xlsx(name: str, data: bytes) -> TableStream:
    from openpyxl import load_workbook

    _check_xlsx_archive(name, data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # the declared size is not trusted (see _read_xlsx)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise _failed(name, None, _("ingen läsbar XLSX-fil (%(e)s)") % {"e": exc}) from None
    counter = _Rows(name)
    cells_by_row = sheet.iter_rows(
        min_col=1,
        max_col=limits.TABLE_MAX_COLUMNS + 1,
        max_row=limits.TABLE_MAX_ROWS + 2,
        values_only=True,
    )

    def used(cells: tuple[object, ...]) -> int:
        width = len(cells)
        while width and cells[width - 1] in (None, ""):
            width -= 1
        return width

    try:
        first = next(cells_by_row, ())
    except Exception as exc:  # a broken sheet inside a valid archive
        workbook.close()
        raise _failed(name, None, _("ingen läsbar XLSX-fil (%(e)s)") % {"e": exc}) from None
    counter.check(1, used(first))
    header = _header(name, first[: used(first)])

    def rows() -> Iterator[tuple[int, dict[str, object]]]:
        try:
            for index, cells in enumerate(cells_by_row, start=2):
                width = used(cells)
                counter.check(index, width)
                if not width:
                    continue
                values = [
                    _check_cell(name, index, h, c) for h, c in zip(header, cells, strict=False)
                ]
                yield index, dict(zip(header, values, strict=False))
        except ImportFailed:
            raise
        except Exception as exc:  # a broken sheet inside a valid archive
            raise _failed(name, None, _("ingen läsbar XLSX-fil (%(e)s)") % {"e": exc}) from None
        finally:
            workbook.close()

    return TableStream(name=name, header=header, rows=rows())


def stream_table(path: str | Path, data: bytes | None = None) -> TableStream:
    """The file at `path` (or its `data`) as a stream of rows, with `read_table`'s limits."""
    path = Path(path)
    name = path.name
    try:
        size = len(data) if data is not None else path.stat().st_size
        check_file_size(name, size, limits.TABLE_MAX_FILE_BYTES)
        if path.suffix.lower() in (".xlsx", ".xlsm"):
            return _stream_xlsx(name, data if data is not None else path.read_bytes())
        source: BinaryIO = io.BytesIO(data) if data is not None else path.open("rb")
    except OSError as exc:
        raise _failed(name, None, _("filen kan inte läsas (%(e)s)") % {"e": exc}) from None
    table = _stream_csv(name, source)
    if not table.header:
        raise _failed(name, 1, _("filen är tom"))
    return table
