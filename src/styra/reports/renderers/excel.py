"""Excel (.xlsx) with openpyxl: every table of the report on a sheet of its own.

Numbers are written as numbers (the exact value, not the rounded text) with a number
format that shows them the Swedish way in a Swedish Excel; a header row; frozen panes.
Every text is written as text through `formats.xlsx.write_text`, so a comment that
starts with "=" is shown as written and never becomes a formula.
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from styra.formats.xlsx import sheet_title, write_text
from styra.reports.document import Document, document_cleaned

HEADER_FILL = PatternFill("solid", fgColor="E4EAF1")


def _write_texts(sheet, row: int, texts: list[str]) -> None:
    for col, text in enumerate(texts, start=1):
        write_text(sheet.cell(row=row, column=col), text)


def render_xlsx(document: Document) -> bytes:
    document = document_cleaned(document)
    workbook = Workbook()
    info = workbook.active
    info.title = "Rapport"
    _write_texts(info, 1, ["Rapport", document.title])
    _write_texts(info, 2, ["Enhet", f"{document.unit_name} ({document.unit_code})"])
    _write_texts(info, 3, ["Uppföljning", document.round_name])
    _write_texts(info, 4, ["Period", document.period_label])
    _write_texts(info, 6, ["Flik", "Tabell"])
    info_row = 6
    info.column_dimensions["A"].width = 28
    info.column_dimensions["B"].width = 70
    used = {"rapport"}
    workbook.properties.title = document.title
    workbook.properties.language = "sv-SE"
    for section, table in document.tables():
        sheet = workbook.create_sheet(
            sheet_title(table.caption, used, fallback=table.key or section.key)
        )
        info_row += 1
        _write_texts(info, info_row, [sheet.title, table.caption])
        headers = [
            c.label + (f" ({c.unit})" if c.unit and c.unit != "%" else "") for c in table.columns
        ]
        for col, header in enumerate(headers, start=1):
            cell = sheet.cell(row=1, column=col)
            write_text(cell, header)
            cell.font = Font(bold=True)
            cell.fill = HEADER_FILL
            cell.alignment = Alignment(
                horizontal=table.columns[col - 1].align, vertical="bottom", wrap_text=True
            )
        for r, row in enumerate(table.rows, start=2):
            for col, cell in enumerate(row.cells, start=1):
                out = sheet.cell(row=r, column=col)
                if cell.value is not None:
                    out.value = float(cell.value) if cell.value % 1 else int(cell.value)
                else:
                    write_text(out, cell.text)
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
        for r, note in enumerate(table.footnotes, start=len(table.rows) + 2):
            write_text(sheet.cell(row=r, column=1), note.line)
        for col, column in enumerate(table.columns, start=1):
            sheet.column_dimensions[get_column_letter(col)].width = max(10, 12 * column.width)
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
