"""The verksamhetsplan 2022 as a document, built from the plan's data without a round.

`styra report build --plan rs-vp-2022 --unit RS --template vp-2022-rs` writes the plan
in PDF, DOCX, HTML and XLSX; the published budget frames, frame changes and investment
plan are read back from the PDF, the Word tables and the Excel sheets, figure for figure
(../shared/reference/figures/vp-2022.json).
"""

from __future__ import annotations

import io
import json
import re
from contextlib import redirect_stdout
from decimal import ROUND_HALF_UP, Decimal
from types import SimpleNamespace

import pytest
from docx import Document as DocxDocument
from openpyxl import load_workbook
from pypdf import PdfReader

from styra.cli.main import main
from styra.formats.numbers import format_number
from tests.builders import xlsx_sheet
from tests.paths import FIGURES

NB = "\u00a0"
COLUMNS = [
    "Externa intäkter",
    "Interna intäkter",
    "Personalkostnader",
    "Läkemedel",
    "Övriga externa omkostnader",
    "Avskrivningar",
    "Interna kostnader",
    "Nettobudget",
]
FINANCE = [
    "Skatteintäkter",
    "Generella statsbidrag",
    "Läkemedelsbidrag",
    "Finansiella intäkter",
    "Finansiella kostnader",
    "Summa finansiering",
]


@pytest.fixture(scope="module")
def vp():
    return json.loads((FIGURES / "vp-2022.json").read_text(encoding="utf-8"), parse_float=Decimal)


@pytest.fixture
def built(demo, tmp_path):
    out = tmp_path / "vp"
    stdout = io.StringIO()
    with redirect_stdout(stdout):
        code = main(
            [
                "report",
                "build",
                "--plan",
                "rs-vp-2022",
                "--unit",
                "RS",
                "--template",
                "vp-2022-rs",
                "--out",
                str(out),
            ]
        )
    assert code == 0, stdout.getvalue()
    files = {p.suffix[1:]: p for p in out.iterdir()}
    assert sorted(files) == ["docx", "html", "pdf", "xlsx"]
    text = "\n".join(p.extract_text() for p in PdfReader(files["pdf"]).pages)
    docx = DocxDocument(files["docx"])
    words = " ".join(text.replace(NB, " ").replace("\u202f", " ").split())
    return SimpleNamespace(
        files=files,
        pdf_numbers=NUMBER.findall(words),
        pdf_words=" ".join(text.replace(NB, " ").replace("\u202f", " ").split()),
        tables=[
            [[c.text.replace(NB, " ") for c in row.cells] for row in table.rows]
            for table in docx.tables
        ],
        xlsx=load_workbook(files["xlsx"]),
    )


NUMBER = re.compile(r"−?\d{1,3}(?: \d{3})*,\d")


def _contains(numbers: list[str], row: list[str]) -> bool:
    """`row` appears in `numbers` as consecutive figures."""
    return any(numbers[i : i + len(row)] == row for i in range(len(numbers)))


def _mkr(value) -> str:
    return format_number(Decimal(str(value)), 1).replace(NB, " ")


def _tkr(value) -> str:
    return format_number(Decimal(str(value)), 0).replace(NB, " ")


def _table(built, header: str) -> list[list[str]]:
    return next(t for t in built.tables if t[0][: len(header.split("|"))] == header.split("|"))


def _frame_rows(vp) -> dict[str, list[str]]:
    """The printed rows as the document prints them (area name → cells in mkr)."""
    rows = {}
    for row in vp["budget_frames"]["operations"]["rows"]:
        if row["label"] == "Summa förtroendemannabudget":
            label = "Summa förtroendemannabudget"
        else:
            label = row["label"]
        rows[label] = [_mkr(row["values"][c]) for c in COLUMNS]
    return rows


def test_the_frames_per_area_in_word_and_pdf_as_published(built, vp):
    table = _table(built, "Mkr|Externa intäkter")
    assert table[0] == ["Mkr", *COLUMNS]
    printed = {row[0]: row[1:] for row in table[1:]}
    for label, cells in _frame_rows(vp).items():
        assert printed[label] == cells, label
        # A long label wraps in its cell; the row's figures follow each other in the PDF.
        assert _contains(built.pdf_numbers, cells), label
    finance = _table(built, "Mkr|Skatteintäkter")
    values = vp["budget_frames"]["finance_administration"]["rows"][0]["values"]
    assert finance[0] == ["Mkr", *FINANCE]
    assert finance[1] == ["Finansförvaltning", *[_mkr(values[c]) for c in FINANCE]]
    total = vp["budget_frames"]["total"]["value"]
    assert f"Total {_mkr(total)}" in built.pdf_words
    assert any(row == ["Total", _mkr(total)] for t in built.tables for row in t)


def test_the_frames_in_excel_are_numbers_in_mkr(built, vp):
    sheet = xlsx_sheet(built.xlsx, "Budgetramar per område inom regionstyrelsen")
    rows = {r[0]: r[1:] for r in sheet.iter_rows(min_row=2, values_only=True)}
    for row in vp["budget_frames"]["operations"]["rows"]:
        label = row["label"]
        for column, cell in zip(COLUMNS, rows[label], strict=True):
            exact = Decimal(str(cell)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
            assert exact == row["values"][column], (label, column)


def test_every_frame_change_with_kind_amount_and_case_number(built, vp):
    changes = [
        row for t in built.tables if t[0][:3] == ["Slag", "Avser", "Från/till"] for row in t[1:]
    ]
    by_case = {}
    for row in changes:
        by_case.setdefault(row[3], []).append(row)
    for change in vp["frame_changes"]:
        if change["amount_mkr"] is None:
            continue
        amounts = [r[4] for r in changes if r[1] == change["label_sv"]]
        assert _mkr(change["amount_mkr"]) in amounts, change["id"]
        if change["case_number"]:
            assert change["case_number"] in by_case, change["id"]
    kinds = {r[0] for r in changes}
    assert {
        "Uppräkning enligt LPIK exklusive läkemedel",
        "Uppräkning enligt LPIK inklusive läkemedel",
        "Prioritering",
        "Omdisponering",
        "Övrig förändring",
    } <= kinds
    assert "Prioritering Studiemedel till HR-avdelningen RS/775/2020 8,2" in built.pdf_words
    sheets = [s for s in built.xlsx.sheetnames if built.xlsx[s]["A1"].value == "Slag"]
    amounts = [
        Decimal(str(r[4]))
        for s in sheets
        for r in built.xlsx[s].iter_rows(min_row=2, values_only=True)
        if isinstance(r[4], int | float)
    ]
    assert Decimal("8.2") in amounts and Decimal("9") in amounts


def test_the_investment_plan_with_its_total(built, vp):
    table = _table(built, "Område/avdelning/enhet|Benämning/objekt")
    rows = table[1:]
    printed = vp["investments"]["rows"]
    assert len(rows) == len(printed) + 1
    for row, published in zip(rows, printed, strict=False):
        assert row[0] == published["unit"]
        assert row[1] == published["label"]
        assert row[3] == _tkr(published["amount_tkr"])
    assert rows[-1][0] == "Summa" and rows[-1][3] == _tkr(vp["investments"]["stated_total"])
    assert f"Summa {_tkr(vp['investments']['stated_total'])}" in built.pdf_words
    sheet = xlsx_sheet(built.xlsx, "Planerade investeringar")
    values = [r[3] for r in sheet.iter_rows(min_row=2, values_only=True)]
    assert values[-1] == pytest.approx(49383)
    assert sum(values[:-1]) == pytest.approx(49383)


def test_activities_calendar_follow_up_plan_and_internal_control(built):
    words = built.pdf_words
    assert "A1 Samarbete med universitet om utbildningsplatser" in words
    assert "2022-01-01 2022-12-31" in words
    assert "Delårsbokslut augusti 2021" in words  # printed as the plan has it
    assert "Barnkonventionen" in words and "Vårdval Hälsoval" in words
    assert "Demodata" in words
    assert "3 × 3 = 9" in words  # probability × consequence


def test_a_plan_document_needs_no_round_and_refuses_round_sections(demo, tmp_path, capsys):
    assert main(["report", "build", "--unit", "RS", "--out", str(tmp_path)]) == 2
    assert "--round" in capsys.readouterr().err
    template = tmp_path / "fel.yaml"
    template.write_text(
        "code: fel\nname: Fel\ntitle: Plan\nsections:\n  - kind: economic_analysis\n",
        encoding="utf-8",
    )
    code = main(
        ["report", "build", "--plan", "rs-vp-2022", "--unit", "RS", "--template", str(template),
         "--out", str(tmp_path / "ut")]
    )  # fmt: skip
    assert code == 1
    assert "kräver ett uppföljningstillfälle" in capsys.readouterr().err


def test_the_plan_check_through_the_cli(demo, capsys):
    code = main(["report", "check", "--plan", "rs-vp-2022", "--unit", "RS", "--json"])
    findings = json.loads(capsys.readouterr().out)
    assert code == 1  # errors: the placeholder, the unreadable target
    kinds = {(f["kind"], f["item_code"]) for f in findings}
    assert ("target_text", "L23") in kinds and ("target_baseline", "M8") in kinds
