"""Financial statements, key ratios and goals in a report, read back from PDF, Word and
Excel; the report check reports a statement that does not balance."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from docx import Document as WordDocument
from openpyxl import load_workbook
from pypdf import PdfReader

from styra.economy.ledger.services.sie_import import ledger_import_sie
from styra.followup.models import Round
from styra.orgadmin import services as org_services
from styra.reports.check import report_check
from styra.reports.services import report_build, report_document
from styra.reports.templates import TemplateError, template_parse
from tests.builders import system_admin, xlsx_sheet
from tests.economy.ledger.test_statements import _region_sie

NB = "\u00a0"
MINUS = "\u2212"

TEMPLATE = """
code: delar-test
name: Delårsrapport (test)
title: Delårsrapport {year}
sections:
  - kind: financial_statement
    key: rr
    heading: Resultaträkning
    options:
      set: region-bas
      statement: resultatrakning
      unit: tkr
      columns: [outcome, outcome_prev, {kind: change, label: Förändring mot fg år}, change_percent]
  - kind: financial_statement
    key: br
    heading: Balansräkning
    options: {set: region-bas, statement: balansrakning, unit: mkr, decimals: 2,
              columns: [outcome, year_end_prev]}
  - kind: financial_statement
    key: kf
    heading: Kassaflödesanalys
    options: {set: region-bas, statement: kassaflodesanalys, unit: kr, columns: [outcome]}
  - kind: financial_statement
    key: bk
    heading: Balanskravsutredning
    options: {set: region-bas, statement: balanskravsutredning, unit: tkr, columns: [outcome]}
  - kind: key_ratios
    key: nyckeltal
    heading: Finansiella nyckeltal
    options: {set: region-bas, columns: [outcome, outcome_prev]}
  - kind: financial_goals
    key: mal
    heading: Finansiella mål
    options: {set: region-bas}
"""


@pytest.fixture
def interim(builder, tmp_path):
    region = builder.unit("REG", "Region Liten")
    for code, name in (("10", "Vård"), ("90", "Finans")):
        org_services.cost_centre_create(
            code=code, name=name, unit=region, valid_from=date(2020, 1, 1), user=system_admin()
        )
    admin = builder.user("ekonom", superuser=True)
    path = _region_sie(tmp_path / "region.se")
    for year in (2025, 2026):
        ledger_import_sie(path=path, year=year, user=admin)
    plan = builder.plan("reg-2026", region)
    round_ = Round.objects.create(
        plan=plan,
        code="2026-D",
        name="Delårsrapport 2026",
        kind="interim",
        period_start=date(2026, 1, 1),
        period_end=date(2026, 8, 31),
        state="open",
    )
    return region, round_


def test_statements_in_pdf_word_and_excel(interim, tmp_path):
    region, round_ = interim
    built = report_build(
        round_=round_,
        unit=region,
        formats=["pdf", "docx", "xlsx", "html"],
        out_dir=tmp_path / "out",
        template=template_parse(TEMPLATE, source="delar.yaml"),
    )
    pdf = "\n".join(page.extract_text() for page in PdfReader(built.files["pdf"]).pages)
    for text in ("Resultaträkning", "Balansräkning", "Kassaflödesanalys", "Balanskravsresultat"):
        assert text in pdf
    # Årets resultat 1 500 kr = 1,5 tkr → "2" tkr; the balance sheet in mkr with 2 decimals.
    assert "Summa tillgångar" in pdf and "0,07" in pdf
    assert f"{MINUS}1{NB}000" in pdf or f"{MINUS}1 000" in pdf  # kassaflöde in kr
    word = WordDocument(built.files["docx"])
    cells = [cell.text for table in word.tables for row in table.rows for cell in row.cells]
    assert "Periodens kassaflöde" in cells and f"{MINUS}1{NB}000" in cells
    assert "Förändring mot fg år" in cells
    assert "✗ Ej uppfyllt" in cells  # självfinansieringsgraden 62,5 % < 100 %
    workbook = load_workbook(built.files["xlsx"])
    sheet = xlsx_sheet(workbook, "Kassaflödesanalys")
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    assert Decimal(str(rows["Periodens kassaflöde"][1].value)) == Decimal(-1000)
    rr = {row[0].value: row for row in xlsx_sheet(workbook, "Resultaträkning").iter_rows(min_row=2)}
    assert Decimal(str(rr["Årets resultat"][2].value)) == Decimal("1.5")  # tkr, unrounded
    html = built.files["html"].read_text(encoding="utf-8")
    assert "Balanskravsresultat" in html and "stämmer inte" not in html
    findings = report_check(round_=round_, unit=region, document=built.document)
    assert not [f for f in findings if f.kind in ("total_mismatch", "statement_mismatch")]


def test_check_reports_a_balance_sheet_that_does_not_balance(builder, tmp_path):
    region = builder.unit("REG", "Region Liten")
    for code in ("10", "90"):
        org_services.cost_centre_create(
            code=code, name=code, unit=region, valid_from=date(2020, 1, 1), user=system_admin()
        )
    admin = builder.user("ekonom", superuser=True)
    ledger_import_sie(
        path=_region_sie(tmp_path / "r.se", unbalanced_opening=True), year=2026, user=admin
    )
    round_ = Round.objects.create(
        plan=builder.plan("reg-2026", region),
        code="2026-D",
        name="Delår",
        kind="interim",
        period_start=date(2026, 1, 1),
        period_end=date(2026, 8, 31),
        state="open",
    )
    template = template_parse(TEMPLATE, source="delar.yaml")
    document = report_document(round_=round_, unit=region, template=template)
    from styra.reports.check import check_tables

    findings = check_tables(document)
    kinds = {(f.kind, f.item_code) for f in findings}
    assert ("statement_mismatch", "summa-tillgangar") in kinds
    message = next(f.message for f in findings if f.kind == "statement_mismatch")
    assert "Balansräkningen balanserar stämmer inte" in message


def test_template_errors_name_the_file_and_line():
    bad = TEMPLATE.replace("unit: tkr", "unit: Mkr", 1)
    with pytest.raises(TemplateError, match=r"delar\.yaml:\d+: avsnitt 1 ”rr”: options/unit"):
        template_parse(bad, source="delar.yaml")
    bad = TEMPLATE.replace("columns: [outcome]}", "columns: [utfall]}", 1)
    with pytest.raises(TemplateError, match=r"delar\.yaml:\d+: avsnitt 3 ”kf”: options/columns/0"):
        template_parse(bad, source="delar.yaml")


# --- betalningsberedskap: records and the ledger ------------------------------------------


def _ratio_row(built, code: str = "betalningsberedskap"):
    table = next(
        block
        for section in built.document.sections
        for block in section.blocks
        if getattr(block, "key", "") == "nyckeltal"
    )
    return table, next(row for row in table.rows if row.item_code == code)


def test_betalningsberedskap_in_days_in_word_and_excel(interim, tmp_path):
    """19 000 kr liquid assets and 5 000 kr unused credit at 2026-08-31 against 9 500 kr
    of costs over 243 days: 613,89 days, printed "614 dagar"; a year back there is no
    record of the liquid assets, so that cell says it is missing instead of 0."""
    from styra.economy.registers.services import financial_record_set

    region, round_ = interim
    admin = system_admin()
    for kind, amount in (("liquid_assets", 19000), ("credit_facility", 5000)):
        financial_record_set(
            unit=region, kind=kind, day=date(2026, 8, 31), amount=Decimal(amount),
            source="Huvudboken 1930 och bankavtalet", user=admin,
        )  # fmt: skip
    built = report_build(
        round_=round_, unit=region, formats=["docx", "xlsx"], out_dir=tmp_path / "out",
        template=template_parse(TEMPLATE, source="delar.yaml"),
    )  # fmt: skip
    table, row = _ratio_row(built)
    assert [c.text for c in row.cells[:3]] == ["Betalningsberedskap", f"614{NB}dagar", "–"]
    assert round(row.cells[1].value, 2) == Decimal("613.89")
    assert "checkkredit" in row.cells[3].text and "exklusive avskrivningar" in row.cells[3].text
    assert [f.text for f in table.footnotes] == [
        "Uppgift saknas: Likvida medel per 2025-08-31. Nyckeltal som bygger på dem visas med "
        "–; registrera uppgiften med sin källa (ekonomiska uppgifter)."
    ]
    word = WordDocument(built.files["docx"])
    cells = [cell.text for t in word.tables for r in t.rows for cell in r.cells]
    assert f"614{NB}dagar" in cells
    sheet = xlsx_sheet(load_workbook(built.files["xlsx"]), "Finansiella nyckeltal")
    rows = {r[0].value: r for r in sheet.iter_rows(min_row=2)}
    assert round(Decimal(str(rows["Betalningsberedskap"][1].value)), 2) == Decimal("613.89")


def test_betalningsberedskap_without_records_says_so(interim, tmp_path):
    region, round_ = interim
    document = report_document(
        round_=round_, unit=region, template=template_parse(TEMPLATE, source="delar.yaml")
    )
    table, row = _ratio_row(type("Built", (), {"document": document}))
    assert [c.text for c in row.cells[1:3]] == ["–", "–"]
    assert all(c.value is None for c in row.cells[1:3])
    assert table.footnotes[0].text.startswith(
        "Uppgift saknas: Likvida medel per 2026-08-31, Likvida medel per 2025-08-31."
    )
