"""Excel (.xlsx) with openpyxl: every table of the report on a sheet of its own.

Numbers are written as numbers (the exact value, not the rounded text) with a number
format that shows them the Swedish way in a Swedish Excel; a header row; frozen panes.
"""

from __future__ import annotations

import io
import re

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from styra.reports.document import Document

HEADER_FILL = PatternFill("solid", fgColor="E4EAF1")
INVALID = re.compile(r"[\[\]\*\?/\\:]")


def _sheet_name(key: str, used: set[str]) -> str:
    base = INVALID.sub("-", key)[:28] or "tabell"
    name, n = base, 2
    while name.lower() in used:
        name = f"{base[:25]}-{n}"
        n += 1
    used.add(name.lower())
    return name


def render_xlsx(document: Document) -> bytes:
    workbook = Workbook()
    info = workbook.active
    info.title = "Rapport"
    info.append(["Rapport", document.title])
    info.append(["Enhet", f"{document.unit_name} ({document.unit_code})"])
    info.append(["Uppföljning", document.round_name])
    info.append(["Period", document.period_label])
    info.append([])
    info.append(["Flik", "Tabell"])
    info.column_dimensions["A"].width = 28
    info.column_dimensions["B"].width = 70
    used = {"rapport"}
    workbook.properties.title = document.title
    workbook.properties.language = "sv-SE"
    for section, table in document.tables():
        sheet = workbook.create_sheet(_sheet_name(table.key or section.key, used))
        info.append([sheet.title, table.caption])
        headers = [
            c.label + (f" ({c.unit})" if c.unit and c.unit != "%" else "") for c in table.columns
        ]
        sheet.append(headers)
        for col, _ in enumerate(headers, start=1):
            cell = sheet.cell(row=1, column=col)
            cell.font = Font(bold=True)
            cell.fill = HEADER_FILL
            cell.alignment = Alignment(
                horizontal=table.columns[col - 1].align, vertical="bottom", wrap_text=True
            )
        for row in table.rows:
            values = []
            for cell in row.cells:
                if cell.value is not None:
                    values.append(float(cell.value) if cell.value % 1 else int(cell.value))
                else:
                    values.append(cell.text)
            sheet.append(values)
            r = sheet.max_row
            for col, cell in enumerate(row.cells, start=1):
                out = sheet.cell(row=r, column=col)
                if cell.value is not None and cell.number_format:
                    out.number_format = cell.number_format
                out.alignment = Alignment(
                    horizontal=table.columns[col - 1].align if col <= len(table.columns) else None,
                    vertical="top",
                    wrap_text=True,
                    indent=cell.indent,
                )
                if row.kind in ("total", "subtotal"):
                    out.font = Font(bold=True)
        for note in table.footnotes:
            sheet.append([note.line])
        for col, column in enumerate(table.columns, start=1):
            sheet.column_dimensions[get_column_letter(col)].width = max(10, 12 * column.width)
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
