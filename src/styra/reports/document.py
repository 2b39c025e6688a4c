"""The document model every report renderer reads (PDF, Word, HTML, Excel).

Builders turn data into a `Document`; renderers turn a `Document` into a file. Numbers
are formatted once, by the builder through `numformat`, and the exact value is kept
beside its text so that Excel can write real numbers and the report check can compare.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, is_dataclass, replace
from decimal import Decimal
from typing import Literal

from styra.formats.text import clean_text

Align = Literal["left", "right", "center"]


@dataclass(frozen=True)
class StatusMark:
    """A status as printed: never colour alone, always symbol and label too."""

    symbol: str
    label: str
    colour: str
    meaning: str = ""


@dataclass
class Cell:
    text: str = ""
    value: Decimal | None = None  # number cells keep the exact value beside its text
    status: StatusMark | None = None
    number_format: str = ""  # Excel's number format for `value`, e.g. '#,##0'
    indent: int = 0

    @property
    def is_number(self) -> bool:
        return self.value is not None

    @property
    def is_status(self) -> bool:
        return self.status is not None


@dataclass
class Column:
    label: str
    align: Align = "left"
    unit: str = ""  # "tkr", "mkr", "%": shown in the header
    width: float = 1.0  # relative width
    summable: bool = False  # totals and subtotals of this column must add up
    share: bool = False  # a column of shares that should add up to 100 %
    row_total: bool = False  # each row's value here is the sum of its summable cells
    # What the report check recomputes, by column index: a difference a − b, a change
    # in percent (a − b) / |b| · 100, the share of a count column of its total row.
    difference_of: tuple[int, int] | None = None
    change_of: tuple[int, int] | None = None
    share_of: int | None = None


# "share": a row of shares (percent) across the columns, adding up to 100.
RowKind = Literal["data", "subtotal", "total", "group", "share"]


@dataclass
class Row:
    cells: list[Cell]
    kind: RowKind = "data"
    item_code: str = ""  # the plan item or row key it shows, for the report check
    # A sum row that names what it sums: (item_code of a row, +1 or −1). The report
    # check then adds exactly those rows instead of the rows above it.
    members: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class Equality:
    """Two rows of a table that must be equal in every summable column (the balance
    sheet balances; the cash flow equals the change in liquid assets)."""

    label: str
    left: str  # item_code
    right: str


@dataclass
class Footnote:
    marker: str
    text: str

    @property
    def line(self) -> str:
        return f"{self.marker} {self.text}" if self.marker else self.text


@dataclass
class Table:
    key: str  # stable name, used as Excel sheet name and in findings
    caption: str
    columns: list[Column]
    rows: list[Row] = field(default_factory=list)
    unit: str = ""  # the table's unit stated in its header: "tkr", "mkr"
    header_rows: list[list[str]] = field(default_factory=list)  # extra header rows above
    footnotes: list[Footnote] = field(default_factory=list)
    row_header: int = 0  # the column that names each row (<th scope="row"> in HTML)
    equalities: list[Equality] = field(default_factory=list)


@dataclass
class Paragraph:
    text: str
    style: Literal["body", "lead", "note", "placeholder"] = "body"


@dataclass
class BulletList:
    items: list[str]


@dataclass
class Chart:
    key: str
    spec: dict  # a Vega-Lite spec (from Altair), rendered by vl-convert or vega-embed
    alt: str  # text alternative derived from the data
    caption: str = ""
    width: int = 560
    height: int = 260


Block = Paragraph | BulletList | Table | Chart


@dataclass
class Section:
    heading: str
    level: int = 1
    blocks: list[Block] = field(default_factory=list)
    key: str = ""  # the template's section key, for findings
    kind: str = ""
    # The unit whose own report the section was taken from, when it is not the report's
    # unit (a consolidated report prints its boards' sections): figures of different
    # units are never "the same figure printed twice".
    source_unit: str = ""


@dataclass
class Document:
    title: str
    subtitle: str = ""
    lang: str = "sv"
    organisation: str = ""
    unit_code: str = ""
    unit_name: str = ""
    round_code: str = ""
    round_name: str = ""
    period_label: str = ""
    period_start: str = ""  # ISO dates, for the report check
    period_end: str = ""
    template_code: str = ""
    sections: list[Section] = field(default_factory=list)

    def tables(self):
        for section in self.sections:
            for block in section.blocks:
                if isinstance(block, Table):
                    yield section, block

    def charts(self):
        for section in self.sections:
            for block in section.blocks:
                if isinstance(block, Chart):
                    yield section, block


def _cleaned(value, seen_strings: dict[str, str]):
    if isinstance(value, str):
        if value not in seen_strings:
            seen_strings[value] = clean_text(value)
        return seen_strings[value]
    if is_dataclass(value) and not isinstance(value, type):
        changes = {
            f.name: _cleaned(getattr(value, f.name), seen_strings) for f in fields(value) if f.init
        }
        return replace(value, **changes)
    if isinstance(value, list):
        return [_cleaned(v, seen_strings) for v in value]
    if isinstance(value, tuple):
        return tuple(_cleaned(v, seen_strings) for v in value)
    if isinstance(value, dict):
        return {_cleaned(k, seen_strings): _cleaned(v, seen_strings) for k, v in value.items()}
    return value


def document_cleaned(document: Document) -> Document:
    """A copy of `document` with every text passed through `formats.text.clean_text`.

    Every renderer starts with it: text stored before input was cleaned, or text a
    builder put together, must not stop a report (docs/security.md).
    """
    return _cleaned(document, {})
