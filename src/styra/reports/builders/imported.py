"""A table imported as it is from a CSV or XLSX file, with its own printed totals.

Some tables of a report come from another system (a staffing export, a bed census) with
their sums already in them. Styra prints them as given and marks the rows the template
names as totals and subtotals, so that the report check adds up every such row like it
does for the tables Styra computes itself. The file is read by the one tabular reader
(`styra.formats.tabular`); its path is relative to the template's folder and may name
the round: ``file: "{round_code}-vardplatser.csv"``.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from styra.formats import numbers as nf
from styra.formats.problems import ImportFailed
from styra.formats.tabular import RowReader, read_table
from styra.reports.document import Cell, Column, Row, RowKind, Section, Table
from styra.reports.templates import SectionSpec, TemplateError

from .common import BuildContext
from .values import excel_format

TOTAL_LABELS = ("Totalt", "Summa")
SUBTOTAL_LABELS = ("Delsumma",)


def imported_path(ctx: BuildContext, spec: SectionSpec) -> Path:
    name = ctx.fill(spec.options["file"])
    path = Path(name)
    if not path.is_absolute():
        path = Path(spec.source).parent / path
    return path


def build_imported_table(ctx: BuildContext, spec: SectionSpec) -> list[Section]:
    options = spec.options
    path = imported_path(ctx, spec)
    try:
        source = read_table(path)
    except ImportFailed as exc:
        raise TemplateError(f"{spec.where()}: {exc}") from None
    if not source.header:
        return []
    unit = options.get("unit", "")
    decimals = int(options.get("decimals", 0))
    totals = {label.lower() for label in options.get("total_rows", TOTAL_LABELS)}
    subtotals = {label.lower() for label in options.get("subtotal_rows", SUBTOTAL_LABELS)}
    label_column, value_columns = source.header[0], source.header[1:]
    table = Table(
        key=spec.key or path.stem,
        caption=ctx.fill(spec.caption or spec.heading),
        unit=unit,
        columns=[
            Column(_heading(label_column), width=2.4),
            *[Column(_heading(c), align="right", summable=True) for c in value_columns],
        ],
        row_header=0,
    )
    for line, values in source.rows:
        reader = RowReader(source, line, values)
        label = reader.text(label_column)
        cells = [Cell(text=label)]
        for column in value_columns:
            value = reader.number(column)
            cells.append(_number_cell(value, decimals))
        kind: RowKind = "data"
        if label.lower() in totals:
            kind = "total"
        elif label.lower() in subtotals:
            kind = "subtotal"
        table.rows.append(Row(cells=cells, kind=kind, item_code=f"rad {line}"))
    if source.problems:
        raise TemplateError("\n".join(f"{spec.where()}: {problem}" for problem in source.problems))
    section = Section(heading=ctx.fill(spec.heading), level=spec.level, key=spec.key)
    section.blocks.extend(ctx.intro(spec))
    section.blocks.append(table)
    return [section]


def _heading(column: str) -> str:
    return column[:1].upper() + column[1:]


def _number_cell(value: Decimal | None, decimals: int) -> Cell:
    if value is None:
        return Cell(text=nf.MISSING)
    return Cell(
        text=nf.format_number(value, decimals),
        value=value,
        number_format=excel_format(decimals),
    )
