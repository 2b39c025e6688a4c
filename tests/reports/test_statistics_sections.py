"""Statistics in a report, end to end through the real entry point.

Each kind of series (personnel: sick leave per interval and sex, staff at a point in
time; production: visits by contact type, inpatient episodes and bed days per month;
accessibility against riket in a wide file; hired staff; Kolada) is imported by
`styra stats import` from CSV and, in the second run, from XLSX; `styra report build`
builds a report with every kind of statistics table and chart; the figures are read back
from the PDF (pypdf), the Word file (python-docx) and the Excel file (openpyxl).
"""

from __future__ import annotations

import csv
import re
from datetime import date
from pathlib import Path

import pytest
from docx import Document as DocxDocument
from openpyxl import Workbook, load_workbook
from pypdf import PdfReader

from styra.cli.main import main
from styra.stats.config import STANDARD_CONFIG
from tests.builders import xlsx_sheet

KOLADA = Path(__file__).parents[1] / "stats" / "kolada"
NB = "\u00a0"

SICK = {  # (year, interval): (women, men, total), year-to-date March
    (2026, "dag 1-14"): ("3,1", "1,8", "2,6"),
    (2026, "dag 15-59"): ("0,9", "0,5", "0,8"),
    (2026, "dag 60-"): ("2,8", "1,6", "2,3"),
    (2025, "dag 1-14"): ("3,0", "1,8", "2,6"),
    (2025, "dag 15-59"): ("1,0", "0,6", "0,9"),
    (2025, "dag 60-"): ("3,2", "1,9", "2,6"),
}
VISITS = {  # clinic, contact → visits per month January–April, the same each month
    ("HSN-A", "fysisk"): {2024: 1000, 2025: 900, 2026: 800},
    ("HSN-A", "digital"): {2024: 100, 2025: 150, 2026: 200},
    ("HSN-B", "fysisk"): {2024: 500, 2025: 500, 2026: 600},
}
GUARANTEE = {"0": (91, 88), "3": (74, 79), "90-besok": (57, 64), "90-atgard": (52, 60)}

TEMPLATE = """
code: statistik-test
name: Statistik (test)
title: Statistik
subtitle: "{unit_name}, {period_label}"
toc: false
sections:
  - kind: stat_table
    key: sjuk-tabell
    heading: Sjukfrånvaro per intervall
    options:
      series: sjukfranvaro
      unit: RS
      period: ytd
      lag: 1
      row_label: Intervall
      rows: {dimension: intervall}
      columns:
        - {show: value, members: {kon: kvinnor}, label: Kvinnor}
        - {show: value, members: {kon: män}, label: Män}
        - {show: value, label: Totalt}
        - {show: value, years: -1, label: Totalt fg år}
        - {show: change, years: -1}
        - {show: change_pct, years: -1}
        - {show: target}
        - {show: status}
  - kind: stat_chart
    key: sjuk-intervall
    heading: Sjukfrånvaro per intervall
    chart: bar
    options: {series: sjukfranvaro, unit: RS, period: ytd, lag: 1, x: intervall, total: true, years: [-1, 0]}
  - kind: stat_chart
    key: sjuk-kon
    heading: Sjukfrånvaro för kvinnor och män
    chart: bar
    options: {series: sjukfranvaro, unit: RS, period: ytd, lag: 1, x: kon, total: true, years: [0]}
  - kind: stat_table
    key: anstallda
    heading: Anställda
    options:
      series: anstallda
      unit: RS
      period: point
      rows: {units: children}
      columns:
        - {show: value}
        - {show: value, years: -1}
        - {show: change, years: -1}
        - {show: share}
  - kind: stat_table
    key: besok-kliniker
    heading: Läkarbesök per klinik
    options:
      series: lakarbesok
      unit: HSN
      period: ytd
      rows: {units: children}
      columns:
        - {show: value}
        - {show: value, years: -1}
        - {show: value, years: -2}
        - {show: change_pct, years: -1}
        - {show: share}
  - kind: stat_table
    key: produktion
    heading: Produktion
    options:
      series: lakarbesok
      unit: HSN
      period: ytd
      rows:
        - {members: {kontakttyp: fysisk}, label: "Läkarbesök, fysiska"}
        - {members: {kontakttyp: digital}, label: "Läkarbesök, digitala"}
        - {label: "Läkarbesök, totalt"}
        - {series: vardtillfallen, label: Vårdtillfällen}
        - {series: medelvardtid, label: Medelvårdtid}
      columns:
        - {show: value, unit: ""}
        - {show: value, years: -1, unit: ""}
        - {show: change_pct, years: -1}
  - kind: stat_chart
    key: besok-manad
    heading: Läkarbesök per månad
    chart: line
    options: {series: lakarbesok, unit: HSN, period: month, x: month, years: [-2, -1, 0]}
  - kind: stat_chart
    key: besok-kontakt
    heading: Läkarbesök per kontakttyp och klinik
    chart: bar
    options: {series: lakarbesok, unit: HSN, period: ytd, x: kontakttyp, colour: subjects, subjects: [HSN-A, HSN-B]}
  - kind: stat_table
    key: vardgaranti
    heading: Vårdgarantin
    options:
      series: vardgaranti
      unit: HSN
      period: month
      rows: {dimension: steg}
      total: false
      columns:
        - {show: value, label: Regionen}
        - {show: value, area: riket, label: Riket}
        - {show: target}
        - {show: status}
  - kind: stat_chart
    key: vardgaranti-diagram
    heading: Regionen och riket
    chart: bar
    options: {series: vardgaranti, unit: HSN, period: month, x: steg, colour: subjects, subjects: [unit, riket], unit_label: Regionen}
  - kind: stat_table
    key: inhyrd
    heading: Inhyrd personal
    options:
      series: inhyrd-kostnad
      unit: HSN
      period: ytd
      rows: {dimension: yrke, except: [usk, rehab, adm, ovr]}
      columns:
        - {show: value}
        - {show: value, years: -1}
        - {show: change, years: -1}
  - kind: stat_table
    key: kolada
    heading: Sjukfrånvaro jämfört med riket
    options:
      series: sjuk-kolada
      unit: REG
      period: year
      lag: 12
      rows: {subjects: [unit, riket, r0001]}
      columns:
        - {show: value}
        - {show: value, years: -1}
        - {show: status}
  - kind: stat_chart
    key: kolada-diagram
    heading: Sjukfrånvaro, regionen och riket
    chart: line
    options: {series: sjuk-kolada, unit: REG, period: year, lag: 12, x: period, span: 2, colour: subjects, subjects: [unit, riket]}
"""

KOLADA_CONFIG = """format: styra-stats/1
kolada_units:
  - {unit: REG, kolada: "0023"}
series:
  - code: sjuk-kolada
    name: Sjukfrånvaro (Kolada)
    unit: "%"
    dimensions: [kon]
    direction: lower
    kolada: N00090
    target: {kind: relative_comparison, comparison: riket, direction: lower}
  - code: sjukfranvaro
    name: Sjukfrånvaro
    target: {kind: threshold, value: 5.5, direction: lower}
  - code: vardgaranti
    name: Vårdgarantin
    note: "Testdata."
areas:
"""


def _write(path: Path, rows: list[list[object]]) -> Path:
    """`rows` (header first) as CSV (Swedish: semicolons, decimal comma) or XLSX."""
    if path.suffix == ".xlsx":
        book = Workbook()
        for row in rows:
            book.active.append(
                [
                    float(v.replace(",", ".")) if isinstance(v, str) and _numeric(v) else v
                    for v in row
                ]
            )
        book.save(path)
    else:
        with path.open("w", encoding="utf-8", newline="") as f:
            csv.writer(f, delimiter=";").writerows(rows)
    return path


def _numeric(text: str) -> bool:
    return text.replace(",", "", 1).isdigit()


def _files(directory: Path, ext: str) -> list[tuple[Path, str | None]]:
    sick = [["serie", "enhet", "period", "periodtyp", "intervall", "kon", "värde"]]
    for (year, interval), values in SICK.items():
        for sex, value in zip(("kvinnor", "män", "totalt"), values, strict=True):
            sick.append(["sjukfranvaro", "RS", f"{year}-03", "ack", interval, sex, value])
    staff = [["serie", "enhet", "period", "periodtyp", "kon", "värde"]]
    for unit, counts in (("RS-HR", (40, 14, 42, 15)), ("RS-DIG", (150, 160, 155, 170))):
        for year, women, men in ((2026, *counts[:2]), (2025, *counts[2:])):
            staff.append(["anstallda", unit, date(year, 4, 30), "tidpunkt", "kvinnor", women])
            staff.append(["anstallda", unit, date(year, 4, 30), "tidpunkt", "män", men])
    production = [["serie", "enhet", "period", "kontakttyp", "vardform", "värde"]]
    for (unit, contact), by_year in VISITS.items():
        for year, count in by_year.items():
            for month in range(1, 5):
                production.append(
                    ["lakarbesok", unit, f"{year}-{month:02d}", contact, "somatik", count]
                )
    for year, episodes, days in ((2025, 100, 450), (2026, 110, 440)):
        for month in range(1, 5):
            production.append(
                ["vardtillfallen", "HSN", f"{year}-{month:02d}", "", "somatik", episodes]
            )
            production.append(["varddagar", "HSN", f"{year}-{month:02d}", "", "somatik", days])
    hired = [["serie", "enhet", "period", "yrke", "värde"]]
    for year, doctors, nurses in ((2025, 3000, 1000), (2026, 2500, 900)):
        for month in range(1, 5):
            hired.append(["inhyrd-kostnad", "HSN", f"{year}-{month:02d}", "läkare", doctors])
            hired.append(["inhyrd-kostnad", "HSN", f"{year}-{month:02d}", "sjuksköterskor", nurses])
    # Accessibility, wide: one row per subject and step, months as columns.
    guarantee = [["Enhet", "Område", "Steg", "2025-04", "2026-04"]]
    for step, (region, nation) in GUARANTEE.items():
        guarantee.append(["HSN", "", step, region - 2, region])
        guarantee.append(["", "riket", step, nation - 1, nation])
    return [
        (_write(directory / f"sjukfranvaro.{ext}", sick), None),
        (_write(directory / f"personal.{ext}", staff), None),
        (_write(directory / f"produktion.{ext}", production), None),
        (_write(directory / f"inhyrd.{ext}", hired), None),
        (_write(directory / f"vardgaranti.{ext}", guarantee), "wide"),
    ]


@pytest.fixture
def region(builder):
    reg = builder.unit("REG", "Region Test", type_code="region")
    rs = builder.unit("RS", "Regionstyrelsen", parent=reg)
    builder.unit("RS-HR", "HR-avdelningen", parent=rs)
    builder.unit("RS-DIG", "Digitalisering", parent=rs)
    hsn = builder.unit("HSN", "Hälso- och sjukvårdsnämnden", parent=reg)
    builder.unit("HSN-A", "Klinik A", parent=hsn)
    builder.unit("HSN-B", "Klinik B", parent=hsn)
    builder.user("carl", (reg, "controller"))
    plan = builder.plan("reg-2026", reg)
    builder.use_scale(plan, builder.scale())
    builder.round(plan, code="2026-T1")
    return reg


def _run(*argv: str) -> None:
    assert main(list(argv)) == 0, argv


@pytest.fixture(params=["csv", "xlsx"])
def built(request, region, tmp_path, capsys):
    ext = request.param
    _run("stats", "config", "load", str(STANDARD_CONFIG), "--user", "carl")
    peers = "".join(
        f"  - {{code: r{i:04d}, name: Region {i:04d}, kind: region, kolada: '{i:04d}'}}\n"
        for i in range(1, 26)
        if i != 23
    )
    config = tmp_path / "kolada.yaml"
    config.write_text(KOLADA_CONFIG + peers, encoding="utf-8")
    _run("stats", "config", "load", str(config), "--user", "carl")
    mapping = tmp_path / "bred.yaml"
    mapping.write_text(
        "format: styra-stats-mapping/1\nfixed: {serie: vardgaranti, periodtyp: månad}\n"
        "wide: {into: period}\n",
        encoding="utf-8",
    )
    for path, layout in _files(tmp_path, ext):
        extra = ["--mapping", str(mapping)] if layout == "wide" else []
        _run("stats", "import", str(path), *extra, "--user", "carl")
    _run("kolada", "sync", "--years", "2024-2025", "--recorded", str(KOLADA), "--user", "carl")
    template = tmp_path / "statistik.yaml"
    template.write_text(TEMPLATE, encoding="utf-8")
    out = tmp_path / "out"
    _run("report", "build", "--round", "2026-T1", "--unit", "REG", "--template", str(template),
         "--format", "pdf,docx,xlsx", "--out", str(out))  # fmt: skip
    capsys.readouterr()
    stem = "statistik-test-2026-t1-reg"
    return out / f"{stem}.pdf", out / f"{stem}.docx", out / f"{stem}.xlsx"


# What the report must print, row by row (label, cells), as Styra formats it.
EXPECTED = {
    "sjuk-tabell": [
        ["Dag 1–14", "3,1 %", "1,8 %", "2,6 %", "2,6 %", "0,0", "0,0 %", "5,5 %", "Helt uppfyllt"],
        [
            "Dag 15–59",
            "0,9 %",
            "0,5 %",
            "0,8 %",
            "0,9 %",
            "−0,1",
            "−11,1 %",
            "5,5 %",
            "Helt uppfyllt",
        ],
        [
            "Dag 60–",
            "2,8 %",
            "1,6 %",
            "2,3 %",
            "2,6 %",
            "−0,3",
            "−11,5 %",
            "5,5 %",
            "Helt uppfyllt",
        ],
        ["Totalt", "6,8 %", "3,9 %", "5,7 %", "6,1 %", "−0,4", "−6,6 %", "5,5 %", "Ej uppfyllt"],
    ],
    "anstallda": [
        ["Digitalisering", "310", "325", "−15", "85 %"],
        ["HR-avdelningen", "54", "57", "−3", "15 %"],
        ["Regionstyrelsen", "364", "382", "−18", "100 %"],
    ],
    "besok-kliniker": [
        ["Klinik A", "4 000", "4 200", "4 400", "−4,8 %", "63 %"],
        ["Klinik B", "2 400", "2 000", "2 000", "20,0 %", "38 %"],
        ["Hälso- och sjukvårdsnämnden", "6 400", "6 200", "6 400", "3,2 %", "100 %"],
    ],
    "produktion": [
        ["Läkarbesök, fysiska", "5 600", "5 600", "0,0 %"],
        ["Läkarbesök, digitala", "800", "600", "33,3 %"],
        ["Läkarbesök, totalt", "6 400", "6 200", "3,2 %"],
        ["Vårdtillfällen", "440", "400", "10,0 %"],
        ["Medelvårdtid", "4,0", "4,5", "−11,1 %"],
    ],
    "vardgaranti": [
        ["Kontakt samma dag (0)", "91 %", "88 %", "88 % (riket)", "Helt uppfyllt"],
        ["Medicinsk bedömning inom 3 dagar (3)", "74 %", "79 %", "79 % (riket)", "Ej uppfyllt"],
        ["Första besök inom 90 dagar (90)", "57 %", "64 %", "64 % (riket)", "Ej uppfyllt"],
        ["Operation/åtgärd inom 90 dagar (90)", "52 %", "60 %", "60 % (riket)", "Ej uppfyllt"],
    ],
    "inhyrd": [
        ["Läkare", "10 000", "12 000", "−2 000"],
        ["Sjuksköterskor", "3 600", "4 000", "−400"],
        ["Samtliga yrkesgrupper", "13 600", "16 000", "−2 400"],
    ],
    "kolada": [
        ["Region Test", "6,6 %", "6,8 %", "Ej uppfyllt"],
        ["Riket", "6,0 %", "6,2 %", "Helt uppfyllt"],
        ["Region 0001", "6,3 %", "6,5 %", "Ej uppfyllt"],
    ],
}
CHART_TEXTS = [
    "Stapeldiagram: Sjukfrånvaro per intervall. Dag 1–14: jan–mar 2025 2,6 %; jan–mar 2026 "
    "2,6 %; Dag 15–59: jan–mar 2025 0,9 %; jan–mar 2026 0,8 %; Dag 60–: jan–mar 2025 2,6 %; "
    "jan–mar 2026 2,3 %; Totalt: jan–mar 2025 6,1 %; jan–mar 2026 5,7 %.",
    "Stapeldiagram: Sjukfrånvaro för kvinnor och män. Kvinnor: jan–mar 2026 6,8 %; Män: "
    "jan–mar 2026 3,9 %; Totalt: jan–mar 2026 5,7 %.",
    "Linjediagram: Läkarbesök per månad. jan: 2024 1 600; 2025 1 550; 2026 1 600;",
    "Stapeldiagram: Läkarbesök per kontakttyp och klinik. Fysiska besök: Klinik A 3 200; "
    "Klinik B 2 400; Digitala besök: Klinik A 800.",
    "Stapeldiagram: Regionen och riket. Kontakt samma dag (0): Regionen 91 %; Riket 88 %;",
    "Linjediagram: Sjukfrånvaro, regionen och riket. 2024: Region Test 6,8 %; Riket 6,2 %; "
    "2025: Region Test 6,6 %; Riket 6,0 %.",
]


def _squash(text: str) -> str:
    """Text as compared: one kind of space; the PDF's status symbols (the label follows
    them) and its line breaks after a dash ("jan–\nmar") left out. Typst maps the
    hyphen glyph to U+00AD in the PDF's text once a header word was hyphenated, so a
    soft hyphen reads back as the hyphen it shows."""
    text = text.replace("\u00ad", "-")
    text = re.sub(r"[●◐○] ", "", text.replace(NB, " "))
    text = re.sub(r"–\s+(?=[a-zåäö])", "–", text)
    return " ".join(text.split())


def test_figures_read_back_from_pdf_word_and_excel(built):
    pdf, docx, xlsx = built

    text = _squash("\n".join(page.extract_text() for page in PdfReader(pdf).pages))
    for key, rows in EXPECTED.items():
        for row in rows:
            line = _squash(" ".join(row))
            assert line in text, f"{key}: {line}"
    for chart in CHART_TEXTS:
        assert _squash(chart) in text, chart

    word = DocxDocument(str(docx))
    tables = [[[_squash(c.text) for c in r.cells] for r in t.rows[1:]] for t in word.tables]
    for key, rows in EXPECTED.items():
        wanted = [[_squash(c) for c in row] for row in rows]
        assert any(t[: len(wanted)] == wanted for t in tables), key
    # Charts are pictures; their figures are in the pictures' text alternatives.
    alts = " ".join(
        _squash(node.get("descr", ""))
        for node in word.element.body.iter(
            "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"
        )
    )
    for chart in CHART_TEXTS:
        assert _squash(chart) in alts, chart

    book = load_workbook(xlsx)
    sick = xlsx_sheet(book, "Sjukfrånvaro per intervall")
    assert [c.value for c in sick[5]][:8] == [
        "Totalt", 6.8, 3.9, 5.7, 6.1, -0.4, pytest.approx(-6.557377, abs=1e-6), 5.5
    ]  # fmt: skip
    visits = xlsx_sheet(book, "Läkarbesök per klinik")
    assert [visits.cell(row=r, column=2).value for r in (2, 3, 4)] == [4000, 2400, 6400]
    production = xlsx_sheet(book, "Produktion")
    assert production.cell(row=6, column=2).value == 4  # medelvårdtid 440 / 110
    kolada = xlsx_sheet(book, "Sjukfrånvaro jämfört med riket")
    assert [kolada.cell(row=r, column=2).value for r in (2, 3, 4)] == [6.6, 6, 6.3]
