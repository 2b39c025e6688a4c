"""Prognossäkerhet (§7.5): the year's final outcome per unit against each forecast made
during the year, as a selector and as the report section `forecast_accuracy`.

Proven on a municipality (tests.builders.municipality, forecasts entered through
`styra register forecast import`) and on the demo region's årsredovisning 2025, read
back from PDF, DOCX and XLSX.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from docx import Document as WordDocument
from pypdf import PdfReader

from styra.cli.main import main
from styra.economy.ledger.mapping import MAPPINGS_DIR
from styra.economy.ledger.services import FactRow, ledger_facts_replace, row_set_load
from styra.economy.registers.selectors import forecast_accuracy
from styra.followup.models import Round
from styra.org.models import Unit
from styra.reports.check import report_check
from styra.reports.services import report_build
from styra.reports.templates import TemplateError, template_parse
from tests.builders import municipality, system_admin, xlsx_table

D = Decimal

TEMPLATE = """
code: kom-ar
name: Årsredovisning kommunen
title: Årsredovisning {year}
sections:
  - kind: forecast_accuracy
    key: prognossakerhet
    heading: Prognossäkerhet
    options:
      rows: kommun-bas
      row: resultat
      unit: tkr
      groups:
        - {label: Summa nämnder, units: [KS, SN, BUN]}
      total_label: Kommunen totalt
"""


@pytest.fixture
def kommun(builder, tmp_path):
    """The municipality's 2025: a ledger for the whole year, forecasts in April and
    August (through the command line), and the annual round."""
    org = municipality(builder)
    row_set_load(path=MAPPINGS_DIR / "kommun-bas.yaml", make_default=True, user=system_admin())
    rows = []
    for month in range(1, 13):
        day = date(2025, month, 1)
        rows += [
            FactRow("1100", "5010", day, "outcome", D(-100_000)),  # KS −1 200 000
            FactRow("7100", "5010", day, "outcome", D(-400_000)),  # SN −4 800 000
            FactRow("4100", "5010", day, "outcome", D(-300_000)),  # BUN −3 600 000
        ]
    ledger_facts_replace(
        source="kommun", file_name="kommun.csv", kind="csv", fiscal_year=2025, rows=rows,
        user=system_admin(),
    )  # fmt: skip
    plan = builder.plan("kom-2025", org.top, year=2025)
    t1 = builder.round(plan, "KOM-2025-T1", end=date(2025, 4, 30))
    aug = builder.round(plan, "KOM-2025-D", kind="interim", end=date(2025, 8, 31))
    org.annual = builder.round(plan, "KOM-2025-B", kind="annual", end=date(2025, 12, 31))
    for rnd, text in (
        (t1, "enhet;prognos_tkr\nKS;-1 000\nSN;-4 500\nBUN;-3 600\n"),
        (aug, "enhet;prognos_tkr\nKS;-1 150\nSN;-4 900\n"),
    ):
        path = tmp_path / f"{rnd.code}.csv"
        path.write_text(text, encoding="utf-8")
        args = ["register", "forecast", "import", str(path), "--round", rnd.code]
        assert main([*args, "--user", "kerstin"]) == 0
    return org


def test_outcome_against_every_forecast_of_the_year(kommun, django_assert_max_num_queries):
    with django_assert_max_num_queries(60):
        accuracy = forecast_accuracy(
            round=kommun.annual,
            unit=kommun.top,
            groups=[("Summa nämnder", ["KS", "SN", "BUN"])],
            total_label="Kommunen totalt",
            row_set_code="kommun-bas",
            row_code="resultat",
        )
    assert accuracy.year == 2025
    assert [r.code for r in accuracy.rounds] == ["KOM-2025-T1", "KOM-2025-D"]
    rows = {r.code or r.name: r for r in accuracy.rows}
    assert rows["SN"].outcome == D(-4_800_000)
    assert rows["SN"].forecasts == [D(-4_500_000), D(-4_900_000)]
    assert rows["SN"].deviations == [D(-300_000), D(100_000)]  # worse, then better
    assert rows["BUN"].forecasts == [D(-3_600_000), None]  # no August forecast
    assert rows["BUN"].deviations == [D(0), None]
    # BUN made no August forecast: the group has none for August either.
    assert rows["Summa nämnder"].forecasts == [D(-9_100_000), None]
    assert rows["KOM"].outcome == D(-9_600_000)


def test_an_interim_round_looks_at_the_year_before(kommun, builder):
    plan = builder.plan("kom-2026", kommun.top, year=2026)
    interim = builder.round(plan, "KOM-2026-D", kind="interim", end=date(2026, 8, 31))
    accuracy = forecast_accuracy(round=interim, unit=kommun.top, row_set_code="kommun-bas",
                                 row_code="resultat")  # fmt: skip
    assert accuracy.year == 2025 and len(accuracy.rounds) == 2


def test_the_section_in_every_format_and_the_check(kommun, tmp_path):
    built = report_build(
        round_=kommun.annual,
        unit=kommun.top,
        formats=["pdf", "docx", "xlsx"],
        out_dir=tmp_path,
        template=template_parse(TEMPLATE, source="kom.yaml"),
    )
    sheet = xlsx_table(built, "prognossakerhet")
    header = [c.value for c in next(sheet.iter_rows(min_row=1, max_row=1))]
    assert header[1:] == [
        "Utfall 2025",
        "Prognos apr",
        "Avvikelse apr",
        "Prognos aug",
        "Avvikelse aug",
    ]
    by_label = {row[0].value: [c.value for c in row[1:]] for row in sheet.iter_rows(min_row=2)}
    assert [D(str(v)) for v in by_label["Socialnämnden"]] == [
        D(-4800), D(-4500), D(-300), D(-4900), D(100)
    ]  # fmt: skip
    pdf = "\n".join(page.extract_text() for page in PdfReader(built.files["pdf"]).pages)
    pdf = pdf.replace("\xa0", " ").replace("\u202f", " ").replace("\u00ad", "")
    assert "Prognossäkerhet 2025 (tkr)" in pdf
    assert "Socialnämnden −4 800 −4 500 −300 −4 900 100" in pdf
    assert "Avvikelse = utfall − prognos" in pdf
    word = WordDocument(built.files["docx"])
    texts = [[c.text for c in row.cells] for t in word.tables for row in t.rows]
    assert ["Kommunen totalt", "−9\xa0600", "−9\xa0100", "−500", "–", "–"] in texts
    findings = report_check(round_=kommun.annual, unit=kommun.top, document=built.document)
    assert not [f for f in findings if f.severity == "error"], findings
    table = next(t for _s, t in built.document.tables() if t.key == "prognossakerhet")
    table.rows[1].cells[3].value += 1  # Socialnämnden's April deviation
    findings = report_check(round_=kommun.annual, unit=kommun.top, document=built.document)
    assert ("difference_mismatch", "Socialnämnden / Avvikelse apr") in {
        (f.kind, f.cell) for f in findings
    }


def test_a_unit_outside_the_tree_is_a_template_error(kommun, tmp_path):
    template = template_parse(TEMPLATE.replace("[KS, SN, BUN]", "[KS, XYZ]"), source="k.yaml")
    with pytest.raises(TemplateError, match="XYZ"):
        report_build(round_=kommun.annual, unit=kommun.top, formats=["html"], out_dir=tmp_path,
                     template=template)  # fmt: skip


def test_the_demo_annual_report_shows_prognossakerhet(demo, tmp_path):
    region = Unit.objects.get(code="REG")
    round_ = Round.objects.get(code="REG-2025-B")
    assert Round.objects.get(code="REG-2025-D").state == "closed"
    built = report_build(round_=round_, unit=region, formats=["xlsx", "pdf"], out_dir=tmp_path)
    sheet = xlsx_table(built, "prognossakerhet")
    header = [c.value for c in next(sheet.iter_rows(min_row=1, max_row=1))]
    assert header[1:] == [
        "Utfall 2025",
        "Prognos apr",
        "Avvikelse apr",
        "Prognos aug",
        "Avvikelse aug",
    ]
    by_label = {row[0].value: [c.value for c in row[1:]] for row in sheet.iter_rows(min_row=2)}
    hsn = next(v for label, v in by_label.items() if label and label.startswith("Hälso"))
    assert D(str(hsn[1])) == D(-5650) and D(str(hsn[3])) == D(-5690)
    assert D(str(hsn[2])) == D(str(hsn[0])) + 5650
    pdf = "\n".join(page.extract_text() for page in PdfReader(built.files["pdf"]).pages)
    assert "Prognossäkerhet" in pdf
    findings = report_check(round_=round_, unit=region, document=built.document)
    assert not [f for f in findings if f.severity == "error"], findings
