"""Statistics values out to a file in the import's long layout (CSV or XLSX).

An exported file imports back unchanged: the same columns, members by their labels, the
total as an empty cell, numbers with a decimal comma (CSV) or as numbers (XLSX). Edit it
and import it: only what was edited changes.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TextIO

from django.db.models import Q

from styra.followup.models import MissingReason

from .catalogue import Catalogue, cell_members
from .models import Series, StatValue
from .periods import KIND_TEXT, Period

BASE_COLUMNS = ["serie", "enhet", "område", "period", "periodtyp"]
TAIL_COLUMNS = ["värde", "orsak"]
CSV_INJECTION = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class ExportSelection:
    series: list[Series]
    unit_ids: list[int] | None = None  # None: every unit and area
    start: date | None = None  # values whose period ends on or after
    end: date | None = None  # … and on or before


def export_columns(selection: ExportSelection, catalogue: Catalogue) -> list[str]:
    dims: list[str] = []
    for series in selection.series:
        dims.extend(d for d in series.dimensions if d not in dims)
    return [*BASE_COLUMNS, *dims, *TAIL_COLUMNS]


@dataclass
class ExportRow:
    texts: list[str]
    value: Decimal | None
    reason: str


def export_rows(selection: ExportSelection, catalogue: Catalogue) -> Iterator[ExportRow]:
    """The rows of the export (without the header), streamed from the database."""
    columns = export_columns(selection, catalogue)
    dims = columns[len(BASE_COLUMNS) : -len(TAIL_COLUMNS)]
    cells = {pk: cell_members(key) for key, pk in catalogue.cells.items()}
    areas = {a.pk: a.code for a in catalogue.areas.values()}
    series_by_pk = {s.pk: s for s in selection.series}
    query = StatValue.objects.filter(series__in=selection.series)
    if selection.unit_ids is not None:
        query = query.filter(unit_id__in=selection.unit_ids)
    if selection.start:
        query = query.filter(period_end__gte=selection.start)
    if selection.end:
        query = query.filter(period_end__lte=selection.end)
    query = query.filter(Q(unit__isnull=False) | Q(area__isnull=False)).order_by(
        "series__order", "series_id", "unit_id", "area_id", "period_kind", "period_end", "cell_id"
    )
    for series_id, unit_id, area_id, cell_id, kind, end, value, reason in query.values_list(
        "series_id",
        "unit_id",
        "area_id",
        "cell_id",
        "period_kind",
        "period_end",
        "value",
        "missing_reason",
    ).iterator(chunk_size=5000):
        series = series_by_pk[series_id]
        members = cells.get(cell_id, {})
        period = Period.ending(kind, end)
        yield ExportRow(
            texts=[
                series.code,
                catalogue.unit_codes.get(unit_id, "") if unit_id else "",
                areas.get(area_id, "") if area_id else "",
                period.text,
                KIND_TEXT[kind],
                *(catalogue.dimensions[d].label(members[d]) if d in members else "" for d in dims),
            ],
            value=value,
            reason=str(MissingReason(reason).label) if reason else "",
        )


def _csv_number(value: Decimal | None) -> str:
    if value is None:
        return ""
    text = format(value.normalize(), "f") if value != 0 else "0"
    return text.replace(".", ",")


def _csv_text(value: object) -> str:
    text = "" if value is None else str(value)
    # A cell that a spreadsheet would run as a formula is written as text.
    if text.startswith(CSV_INJECTION) and not _is_number(text):
        return "'" + text
    return text


def _is_number(text: str) -> bool:
    try:
        float(text.replace(",", "."))
    except ValueError:
        return False
    return True


def write_csv(selection: ExportSelection, out: TextIO, catalogue: Catalogue) -> int:
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(export_columns(selection, catalogue))
    count = 0
    for row in export_rows(selection, catalogue):
        writer.writerow([*(_csv_text(t) for t in row.texts), _csv_number(row.value), row.reason])
        count += 1
    return count


def write_xlsx(selection: ExportSelection, path: Path, catalogue: Catalogue) -> int:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Statistik")
    header = []
    for name in export_columns(selection, catalogue):
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    count = 0
    for row in export_rows(selection, catalogue):
        cells = []
        for text in row.texts:
            cell = WriteOnlyCell(sheet, value=text)
            cell.data_type = "s"  # never a formula, whatever the text
            cells.append(cell)
        value = row.value
        number: float | int | None = None
        if value is not None:
            number = int(value) if value == value.to_integral_value() else float(value)
        cells.extend([WriteOnlyCell(sheet, value=number), WriteOnlyCell(sheet, value=row.reason)])
        sheet.append(cells)
        count += 1
    workbook.save(path)
    return count
