"""The dashboard as an Excel workbook: what the page shows, with the filters applied.

Numbers are written as numbers with a Swedish-looking number format; every text (item
titles, comments, unit names) goes through `formats.xlsx.write_text`, so a title that
starts with "=" stays text and never becomes a formula.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from styra.formats.xlsx import write_text
from styra.reports.builders.values import excel_format

from .selectors import Dashboard


def _cell(sheet: Worksheet, row: int, col: int) -> Cell:
    cell = sheet.cell(row=row, column=col)
    assert isinstance(cell, Cell), "nothing is merged in these sheets"
    return cell


def _text(sheet: Worksheet, row: int, col: int, text: object) -> None:
    write_text(_cell(sheet, row, col), "" if text is None else text)


def _number(
    sheet: Worksheet, row: int, col: int, value: int | Decimal, number_format: str = ""
) -> None:
    cell = _cell(sheet, row, col)
    cell.value = value
    if number_format:
        cell.number_format = number_format


def _texts(sheet: Worksheet, row: int, texts: Sequence[object]) -> None:
    for col, text in enumerate(texts, start=1):
        _text(sheet, row, col, text)


def _header(sheet: Worksheet, row: int, texts: Sequence[object]) -> None:
    _texts(sheet, row, texts)
    for col in range(1, len(texts) + 1):
        _cell(sheet, row, col).font = Font(bold=True)


def _filter_text(dash: Dashboard) -> str:
    chosen = []
    for value, options in (
        (dash.filters.status, dash.statuses),
        (dash.filters.level, dash.levels),
        (dash.filters.owner, dash.owners),
    ):
        if value:
            chosen.append(next((c.label for c in options if c.value == value), value))
    return ", ".join(chosen) or _("Inga (alla poster)")


def dashboard_xlsx(dash: Dashboard) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.worksheets[0])
    items = workbook.create_sheet(_("Måltavla"))
    workbook.properties.title = _("Måltavla %(unit)s, %(round)s") % {
        "unit": dash.unit_name,
        "round": dash.round.name,
    }
    workbook.properties.language = "sv-SE"
    _texts(items, 1, [_("Måltavla"), dash.unit_name])
    _texts(items, 2, [_("Uppföljning"), dash.round.name])
    _texts(items, 3, [_("Filter"), _filter_text(dash)])
    _texts(items, 4, [_("Poster"), f"{dash.shown} / {dash.total}"])
    headers = [
        _("Nr"),
        _("Post"),
        _("Nivå"),
        _("Målområde"),
        _("Ägare"),
        _("Status"),
        _("Utfall"),
        _("Enhet"),
        _("Period"),
        _("Mål"),
        _("Kommentar"),
    ]
    _header(items, 6, headers)
    row_no = 6
    for row in dash.rows:
        row_no += 1
        item = row.item
        status = f"{row.status.symbol} {row.status.label}" if row.status else _("Ej bedömd")
        targets = " / ".join(t.text or "" for t in item.targets.all() if t.text)
        value = row.total_value
        indicator = row.indicator
        _texts(
            items,
            row_no,
            [
                row.number,
                item.title,
                item.level.name,
                f"{row.area.number} {row.area.title}".strip() if row.area else "",
                row.owner_name,
                status,
            ],
        )
        if value is not None and value.value is not None:
            number_format = excel_format(
                indicator.decimals if indicator else 1, indicator.unit if indicator else ""
            )
            _number(items, row_no, 7, value.value, number_format)
        elif value is not None:
            _text(items, row_no, 7, value.get_missing_reason_display())
        _text(items, row_no, 8, indicator.unit if indicator else "")
        _text(items, row_no, 9, value.period_label if value else "")
        _text(items, row_no, 10, targets)
        _text(items, row_no, 11, row.assessment.comment if row.assessment else "")
    for letter, width in zip(
        "ABCDEFGHIJK", (8, 60, 22, 30, 28, 26, 12, 10, 16, 24, 60), strict=True
    ):
        items.column_dimensions[letter].width = width
    items.freeze_panes = "C7"

    summary = workbook.create_sheet(_("Sammanställning"))
    row_no = 0
    for total in dash.summary.total.rows:
        row_no += 1
        _header(summary, row_no, [total.level_name])
        row_no += 1
        _header(
            summary,
            row_no,
            [
                _("Område"),
                *(f"{c.status.symbol} {c.status.label}" for c in total.counts),
                _("Totalt"),
            ],
        )
        groups = [(g.area, g.row(total.level_code)) for g in dash.summary.per_area]
        for area, level_row in [*groups, (None, total)]:
            if level_row is None or not level_row.total:
                continue
            row_no += 1
            label = f"{area.number} {area.title}".strip() if area else _("Totalt")
            _text(summary, row_no, 1, label)
            by_code = level_row.by_code()
            for col, status_count in enumerate(total.counts, start=2):
                _number(summary, row_no, col, by_code.get(status_count.status.code, 0))
            _number(summary, row_no, len(total.counts) + 2, level_row.total)
        row_no += 1
    summary.column_dimensions["A"].width = 40

    if dash.sub_units:
        units = workbook.create_sheet(_("Underenheter"))
        _header(units, 1, [_("Enhet"), _("Nivå"), _("Status"), _("Antal")])
        row_no = 1
        for sub in dash.sub_units:
            for level_row in sub.rows:
                for count in level_row.counts:
                    if not count.count:
                        continue
                    row_no += 1
                    _texts(
                        units,
                        row_no,
                        [
                            sub.name,
                            level_row.level_name,
                            f"{count.status.symbol} {count.status.label}",
                        ],
                    )
                    units.cell(row=row_no, column=4, value=count.count)
        units.column_dimensions["A"].width = 36
        units.column_dimensions["B"].width = 28
        units.column_dimensions["C"].width = 28
    if dash.charts:
        trends = workbook.create_sheet(_("Trender"))
        row_no = 0
        for chart in dash.charts:
            row_no += 1
            _header(trends, row_no, [chart.title])
            row_no += 1
            _header(trends, row_no, [_("Period"), *chart.series])
            number_format = excel_format(chart.decimals, chart.unit)
            for x, figures in chart.table():
                row_no += 1
                _text(trends, row_no, 1, x)
                for col, figure in enumerate(figures, start=2):
                    if figure is not None:
                        _number(trends, row_no, col, figure, number_format)
            if chart.target is not None:
                row_no += 1
                _text(trends, row_no, 1, _("Mål"))
                _number(trends, row_no, 2, chart.target, number_format)
            row_no += 1
        trends.column_dimensions["A"].width = 24
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
