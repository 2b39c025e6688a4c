"""Pension liability, ansvarsförbindelse and liquidity as records with their source,
printed as a table (section `financial_records`); `styra register records import`.

Proven on a municipality (tests.builders.municipality) and on the demo region's
årsredovisning 2025, read back from PDF, DOCX and XLSX.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from docx import Document as WordDocument
from pypdf import PdfReader

from styra.cli.main import main
from styra.economy.registers import services
from styra.economy.registers.imports import financial_record_import
from styra.economy.registers.models import FinancialRecord
from styra.followup.models import Round, RoundState
from styra.formats.problems import ImportFailed
from styra.org.models import Unit
from styra.reports.check import report_check
from styra.reports.services import report_build
from styra.reports.templates import template_parse
from tests.builders import municipality, xlsx_table

D = Decimal

TEMPLATE = """
code: kom-ar
name: Årsredovisning kommunen
title: Årsredovisning {year}
sections:
  - kind: financial_records
    key: pensioner
    heading: Pensionsförpliktelser och likviditet
    options:
      unit: tkr
      kinds: [pension_commitment, pension_provision, liquid_assets]
"""

RECORDS = (
    "enhet;typ;datum;belopp_tkr;kalla\n"
    "KOM;pensionsavsattning;2025-12-31;12 500;Skandia, beräkning 2026-01-15\n"
    "KOM;pensionsavsattning;2024-12-31;11 000,5;Skandia, beräkning 2025-01-14\n"
    "KOM;ansvarsforbindelse;2025-12-31;30 000;Skandia, beräkning 2026-01-15\n"
    "KOM;likvida_medel;2025-12-31;4 200;Huvudboken 1930\n"
    "KOM;checkkredit;2025-12-31;1 000;Bankavtal\n"
)


@pytest.fixture
def kommun(builder, tmp_path):
    org = municipality(builder)
    plan = builder.plan("kom-2025", org.top, year=2025)
    org.annual = builder.round(plan, "KOM-2025-B", kind="annual", end=date(2025, 12, 31))
    return org


def _csv(tmp_path, text=RECORDS):
    path = tmp_path / "uppgifter.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_cli_import_and_the_table_in_every_format(kommun, tmp_path, capsys):
    args = ["register", "records", "import", str(_csv(tmp_path))]
    assert main([*args, "--user", "kerstin"]) == 0
    assert "5 ekonomiska uppgifter inlästa (5 nya, 0 ändrade)" in capsys.readouterr().out
    record = FinancialRecord.objects.get(kind="pension_provision", day=date(2025, 12, 31))
    assert record.amount == D(12_500_000) and record.source == "Skandia, beräkning 2026-01-15"
    assert record.history.first().history_user.username == "kerstin"
    assert main([*args, "--user", "kerstin"]) == 0  # the same file again: changed, not doubled
    assert "(0 nya, 5 ändrade)" in capsys.readouterr().out

    built = report_build(
        round_=kommun.annual,
        unit=kommun.top,
        formats=["pdf", "docx", "xlsx"],
        out_dir=tmp_path / "out",
        template=template_parse(TEMPLATE, source="kom.yaml"),
    )
    sheet = xlsx_table(built, "pensioner")
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=1)]
    assert rows[0][1:4] == ["2025-12-31", "2024-12-31", "Förändring"]
    labels = [r[0] for r in rows[1:]]
    assert labels == [  # the template's order; the credit facility is not asked for
        "Ansvarsförbindelse för pensioner inkl. löneskatt",
        "Avsättning för pensioner inkl. löneskatt",
        "Likvida medel",
    ]
    provision = rows[2]
    assert [D(str(v)) for v in provision[1:4]] == [D(12500), D("11000.5"), D("1499.5")]
    assert provision[4] == "Skandia, beräkning 2026-01-15"
    pdf = "\n".join(page.extract_text() for page in PdfReader(built.files["pdf"]).pages)
    pdf = pdf.replace("\xa0", " ").replace("\u202f", " ").replace("\u00ad", "")
    assert "löneskatt\n12 500 11 001 1 500 Skandia" in pdf
    word = WordDocument(built.files["docx"])
    texts = [[c.text for c in row.cells] for t in word.tables for row in t.rows]
    assert ["Likvida medel", "4\xa0200", "–", "–", "Huvudboken 1930"] in texts
    findings = report_check(round_=kommun.annual, unit=kommun.top, document=built.document)
    assert not [f for f in findings if f.severity == "error"], findings


@pytest.mark.parametrize(
    "text, line, column, message",
    [
        pytest.param("enhet;typ;datum;kalla\nKOM;checkkredit;2025-12-31;x\n", 1,
                     "belopp_mkr", "kolumnen saknas", id="no-amount"),
        pytest.param("enhet;typ;datum;belopp_tkr;kalla\nKOM;skuld;2025-12-31;1;x\n", 2,
                     "typ", "inget giltigt värde", id="kind"),
        pytest.param("enhet;typ;datum;belopp_tkr;kalla\nKOM;checkkredit;31/12;1;x\n", 2,
                     "datum", "inget datum", id="date"),
        pytest.param("enhet;typ;datum;belopp_tkr;kalla\nKOM;checkkredit;2025-12-31;1;\n", 2,
                     "kalla", "värde saknas", id="no-source"),
        pytest.param("enhet;typ;datum;belopp_tkr;kalla\nXYZ;checkkredit;2025-12-31;1;x\n", 2,
                     "enhet", "okänd enhet", id="unit"),
    ],
)  # fmt: skip
def test_bad_files_name_line_and_column_and_write_nothing(
    kommun, tmp_path, text, line, column, message
):
    with pytest.raises(ImportFailed) as failed:
        financial_record_import(path=_csv(tmp_path, text), user=kommun.kerstin)
    problem = failed.value.problems[0]
    assert (problem.line, problem.column) == (line, column)
    assert message in problem.message
    assert not FinancialRecord.objects.exists()


def test_another_units_figures_are_refused(kommun, tmp_path, capsys):
    assert main(["register", "records", "import", str(_csv(tmp_path)), "--user", "sune"]) == 1
    assert "uppgifter.csv, rad 2" in capsys.readouterr().err
    assert not FinancialRecord.objects.exists()
    with pytest.raises(PermissionDenied):
        services.financial_record_set(
            unit=kommun.top, kind="liquid_assets", day=date(2025, 12, 31), amount=D(1),
            source="x", user=kommun.rut,
        )  # fmt: skip


def test_figures_of_a_locked_period_do_not_change(kommun, tmp_path):
    financial_record_import(path=_csv(tmp_path), user=kommun.kerstin)
    Round.objects.filter(pk=kommun.annual.pk).update(state=RoundState.LOCKED)
    with pytest.raises(ImportFailed, match="fastställt: KOM-2025-B"):
        financial_record_import(
            path=_csv(tmp_path, RECORDS.replace("12 500", "12 600")), user=kommun.kerstin
        )
    record = FinancialRecord.objects.get(kind="pension_provision", day=date(2025, 12, 31))
    with pytest.raises(ValidationError):
        services.financial_record_delete(record=record, user=kommun.kerstin)
    assert FinancialRecord.objects.get(pk=record.pk).amount == D(12_500_000)


def test_the_demo_annual_report_prints_pensions_and_liquidity(demo, tmp_path):
    region = Unit.objects.get(code="REG")
    round_ = Round.objects.get(code="REG-2025-B")
    built = report_build(round_=round_, unit=region, formats=["xlsx", "pdf"], out_dir=tmp_path)
    sheet = xlsx_table(built, "pensioner-likviditet")
    rows = {row[0].value: [c.value for c in row[1:]] for row in sheet.iter_rows(min_row=2)}
    commitment = rows["Ansvarsförbindelse för pensioner inkl. löneskatt"]
    assert [D(str(v)) for v in commitment[:3]] == [D("5890.4"), D("6120.0"), D("-229.6")]
    assert "KPA Pension" in commitment[3]
    pdf = "\n".join(page.extract_text() for page in PdfReader(built.files["pdf"]).pages)
    assert "Pensionsförpliktelser och likviditet" in pdf


def test_the_lookup_of_statement_formulas_reads_once_and_names_what_is_missing(
    kommun, tmp_path, django_assert_num_queries
):
    """`record()` in a key ratio reads the unit's records through one query, whatever
    it asks; what is asked and not found (unless the formula has a default) is named."""
    from styra.economy.ledger.statements import StatementSetError
    from styra.economy.registers.selectors import FinancialRecordLookup

    financial_record_import(path=_csv(tmp_path), user=kommun.kerstin)
    lookup = FinancialRecordLookup(kommun.top)
    end, before = date(2025, 12, 31), date(2024, 12, 31)
    with django_assert_num_queries(1):
        assert lookup("liquid_assets", end) == D(4_200_000)
        assert lookup("credit_facility", end, True) == D(1_000_000)
        assert lookup("liquid_assets", before) is None
        assert lookup("credit_facility", before, True) is None
        assert lookup("liquid_assets", before) is None
    assert lookup.missing_labels() == ["Likvida medel per 2024-12-31"]
    with pytest.raises(StatementSetError, match=r'record\("likvida"\): okänt slag'):
        lookup("likvida", end)
    # Another unit's records are not this unit's.
    assert FinancialRecordLookup(kommun.sn)("liquid_assets", end) is None
