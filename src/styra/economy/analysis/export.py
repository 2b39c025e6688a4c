"""The economy page as an Excel workbook: the same columns and opened lines as the page.

Amounts are numbers in tkr (the exact amount divided by 1 000, rounded only by the cell's
number format), percentages numbers in percent; every text goes through
`formats.xlsx.write_text`, so a name that starts with "=" stays text.
"""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from styra.formats.xlsx import write_text

from .columns import Column
from .selectors import AnalysisPage, Coverage

THOUSAND = Decimal(1000)
TKR_FORMAT = "#,##0;-#,##0"
PCT_FORMAT = '0.0" %";-0.0" %"'


def _cell(sheet: Worksheet, row: int, col: int) -> Cell:
    cell = sheet.cell(row=row, column=col)
    assert isinstance(cell, Cell), "nothing is merged in this sheet"
    return cell


def _value(cell: Cell, value: Decimal | None, column: Column) -> None:
    if value is None:
        return  # an empty cell: no figure (the page prints "–")
    if column.unit == "percent":
        cell.value = value
        cell.number_format = PCT_FORMAT
    else:
        cell.value = value / THOUSAND
        cell.number_format = TKR_FORMAT


def coverage_text(coverage: Coverage) -> str:
    if coverage.last is None:
        return _("Huvudboken har inget utfall för %(year)s.") % {"year": coverage.year}
    return _("Huvudboken har utfall t.o.m. %(month)s.") % {
        "month": date_format(coverage.last, "F Y")
    }


def analysis_xlsx(
    *,
    page: AnalysisPage,
    columns: list[Column],
    period_start: date,
    period_end: date,
    coverage: Coverage,
) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.worksheets[0])
    sheet = workbook.create_sheet(_("Ekonomisk analys"))
    workbook.properties.title = _("Ekonomisk analys – %(name)s") % {"name": page.table.unit_name}
    workbook.properties.language = "sv-SE"
    write_text(
        _cell(sheet, 1, 1), _("Ekonomisk analys – %(name)s") % {"name": page.table.unit_name}
    )
    _cell(sheet, 1, 1).font = Font(bold=True, size=13)
    write_text(
        _cell(sheet, 2, 1),
        _("Ackumulerat %(first)s–%(last)s, tkr.")
        % {
            "first": date_format(period_start, "F"),
            "last": date_format(period_end, "F Y"),
        },
    )
    write_text(_cell(sheet, 3, 1), coverage_text(coverage))
    if page.forecasts.round is not None:
        write_text(
            _cell(sheet, 4, 1),
            _("Helårsprognos från uppföljningen %(round)s.") % {"round": page.forecasts.round.name},
        )
    header = 6
    write_text(_cell(sheet, header, 1), _("Intäkter och kostnader i tkr"))
    for index, column in enumerate(columns, start=2):
        write_text(_cell(sheet, header, index), column.label)
    for index in range(1, len(columns) + 2):
        _cell(sheet, header, index).font = Font(bold=True)
    row = header + 1
    for group in page.groups:
        for line in [group.row, *group.lines]:
            label = _cell(sheet, row, 1)
            text = f"{line.code} {line.label}".strip() if line.kind != "row" else line.label
            write_text(label, text)
            label.alignment = Alignment(indent=line.depth * 2)
            if line.is_sum:
                label.font = Font(bold=True)
            for index, column in enumerate(columns, start=2):
                _value(_cell(sheet, row, index), getattr(line.amounts, column.attr), column)
            row += 1
    sheet.column_dimensions["A"].width = 48
    for index in range(2, len(columns) + 2):
        sheet.column_dimensions[_cell(sheet, header, index).column_letter].width = 16
    sheet.freeze_panes = sheet.cell(row=header + 1, column=2)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
