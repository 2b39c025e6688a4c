"""The demo region's delårsrapport and årsredovisning (generated demo data) and the
statement engine checked against the published T1 2026 figures."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from docx import Document as WordDocument
from openpyxl import load_workbook
from pypdf import PdfReader
from ruamel.yaml import YAML

from styra.economy.ledger.mapping import MAPPINGS_DIR
from styra.economy.ledger.statements import statement_evaluation, statement_set_get
from styra.economy.ledger.statements.config import statement_set_parse
from styra.economy.registers.selectors import unit_results
from styra.followup.models import Round
from styra.formats.numbers import format_tkr
from styra.org.models import Unit
from styra.reports.check import report_check
from styra.reports.services import report_build
from tests.builders import xlsx_sheet

FIGURES = Path("/work/shared/reference/figures/t1-2026.json")
D = Decimal


@pytest.fixture
def region(demo):
    return Unit.objects.get(code="REG")


@pytest.mark.parametrize("period_end", [date(2026, 8, 31), date(2025, 12, 31), date(2024, 12, 31)])
def test_the_demo_regions_statements_balance_and_reconcile(region, period_end):
    evaluation = statement_evaluation(
        statement_set=statement_set_get("region-bas"), unit=region, period_end=period_end
    )
    sheet = evaluation.statement_table("balansrakning", ["outcome"])
    lines = {line.code: line.values[0] for line in sheet.lines}
    assert lines["summa-tillgangar"] > D(5_000_000_000)
    assert sheet.checks[0].holds, sheet.checks[0].differences
    cash = evaluation.statement_table("kassaflodesanalys", ["outcome"])
    assert cash.checks[0].holds, cash.checks[0].differences
    result = {
        line.code: line.values[0]
        for line in evaluation.statement_table("resultatrakning", ["outcome"]).lines
    }
    # Every P&L account of the ledger is in one row: the year's result is the sum of
    # all income and cost accounts of the region's cost centres.
    from django.db.models import Sum

    from styra.economy.ledger.models import LedgerFact

    everything = LedgerFact.objects.filter(
        kind="outcome",
        month__gte=date(period_end.year, 1, 1),
        month__lte=period_end.replace(day=1),
    ).aggregate(total=Sum("amount"))["total"]
    assert result["arets-resultat"] == everything


def test_the_realisation_gain_and_the_reserve_in_the_balance_requirement(region):
    evaluation = statement_evaluation(
        statement_set=statement_set_get("region-bas"),
        unit=region,
        period_end=date(2025, 12, 31),
    )
    rows = {
        line.code: line.values[0]
        for line in evaluation.statement_table("balanskravsutredning", ["outcome"]).lines
    }
    assert rows["realisationsvinster"] == D(-8_000_000)
    assert rows["resultatutjamningsreserv"] == D(-45_000_000)
    assert rows["balanskravsresultat"] == rows["arets-resultat"] - D(53_000_000)


def test_results_per_board_add_up_to_the_region(demo, region):
    round_ = Round.objects.get(code="REG-2026-D")
    rows = unit_results(
        round=round_,
        unit=region,
        groups=[
            ("Summa verksamhet", ["RS", "HSN", "RUN"]),
            ("Summa finansförvaltning", ["REG-FIN"]),
        ],
        row_set_code="kommun-bas",
        row_code="resultat",
    )
    assert [r.code or r.name for r in rows] == [
        "RS",
        "HSN",
        "RUN",
        "Summa verksamhet",
        "REG-FIN",
        "Summa finansförvaltning",
        "REG",
    ]
    total = rows[-1]
    evaluation = statement_evaluation(
        statement_set=statement_set_get("region-bas"), unit=region, period_end=date(2026, 8, 31)
    )
    result = {
        line.code: line.values
        for line in evaluation.statement_table(
            "resultatrakning", ["outcome", "outcome_prev", "budget_period"]
        ).lines
    }["arets-resultat"]
    assert total.outcome == result[0]
    assert total.outcome_prev == result[1]
    assert total.budget == result[2]
    assert total.forecast == D("-1838.0E6") + D("-6010.0E6") + D("-402.0E6") + D("8390.0E6")


def _t1_statement_set() -> str:
    """The T1 2026 row set (mappings/t1-2026.yaml) written as a statement set."""
    data = YAML(typ="safe").load((MAPPINGS_DIR / "t1-2026.yaml").read_text(encoding="utf-8"))
    rows = []
    for row in data["rows"]:
        if row.get("members"):
            rows.append(
                {
                    "code": row["code"],
                    "label": row["label"],
                    "kind": row["kind"],
                    "sum": row["members"],
                }
            )
        else:
            ranges = ", ".join(f"{a}-{b}" for a, b in row["accounts"])
            rows.append({"code": row["code"], "label": row["label"], "value": f'flow("{ranges}")'})
    import io
    import json

    out = io.StringIO()
    YAML().dump(
        {
            "code": "t1-som-rapport",
            "name": "T1 2026",
            "statements": [{"code": "ekonomi", "title": "Ekonomisk analys", "rows": rows}],
            "ratios": [
                {
                    "code": "nettokostnadsutveckling",
                    "label": "Nettokostnadsutveckling",
                    "unit": "%",
                    "value": '100 * (row("ekonomi.verksamhetens-nettokostnader") '
                    '/ previous("ekonomi.verksamhetens-nettokostnader") - 1)',
                }
            ],
        },
        out,
    )
    json.dumps(rows)  # plain data only
    return out.getvalue()


def test_the_statement_engine_reproduces_the_published_t1_table(demo):
    """Every printed figure of the T1 2026 economic table (tkr) and the net cost
    development 5,1 % (reference figures), through a statement set made from the row
    set: the engine and the economic table agree on the published report."""
    import json

    figures = json.loads(FIGURES.read_text(encoding="utf-8"))
    statement_set = statement_set_parse(_t1_statement_set(), source="t1.yaml")
    evaluation = statement_evaluation(
        statement_set=statement_set,
        unit=Unit.objects.get(code="RS"),
        period_end=date(2026, 4, 30),
    )
    table = evaluation.statement_table(
        "ekonomi", ["outcome", "budget_period", "deviation", "outcome_prev", "change"]
    )
    by_label = {line.label: line.values for line in table.lines}
    keys = ["ack_utfall", "ack_budget", "bud_utf_diff", "ack_utfall_fg_ar", "diff_fg_ar"]
    for printed in figures["economic_table"]["rows"]:
        values = by_label[printed["label"]]
        for key, value in zip(keys, values, strict=True):
            assert format_tkr(value) == format_tkr(D(printed[key]) * 1000), (printed["label"], key)
    _columns, ratios = evaluation.ratio_rows(["outcome"])
    ((ratio, (value,)),) = ratios
    assert round(value, 1) == D("5.1")


@pytest.mark.parametrize(
    ("round_code", "expected"),
    [
        (
            "REG-2026-D",
            [
                "Resultaträkning",
                "Balansräkning",
                "Kassaflödesanalys",
                "Balanskravsresultat",
                "Resultat per nämnd och styrelse",
            ],
        ),
        (
            "REG-2025-B",
            [
                "Resultaträkning",
                "Balansräkning",
                "Kassaflödesanalys",
                "Balanskravsresultat",
                "Driftredovisning per nämnd och styrelse",
            ],
        ),
    ],
)
def test_the_demo_regions_interim_and_annual_reports_in_four_formats(
    demo, region, tmp_path, round_code, expected
):
    round_ = Round.objects.get(code=round_code)
    built = report_build(
        round_=round_, unit=region, formats=["pdf", "docx", "xlsx", "html"], out_dir=tmp_path
    )
    pdf = "\n".join(page.extract_text() for page in PdfReader(built.files["pdf"]).pages)
    for text in expected:
        assert text in pdf, text
    assert "demodata" in pdf
    word = WordDocument(built.files["docx"])
    cells = {cell.text for table in word.tables for row in table.rows for cell in row.cells}
    assert "Summa eget kapital, avsättningar och skulder" in cells
    workbook = load_workbook(built.files["xlsx"])
    sheet = xlsx_sheet(workbook, "Balansräkning")
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    assets = Decimal(str(rows["Summa tillgångar"][2].value))
    liabilities = Decimal(str(rows["Summa eget kapital, avsättningar och skulder"][2].value))
    assert assets == liabilities and assets > 5000
    findings = report_check(round_=round_, unit=region, document=built.document)
    assert not [f for f in findings if f.severity == "error"], findings


def test_betalningsberedskap_in_the_demo_reports(region):
    """The årsredovisning 2025: liquid assets 955,1 mkr and an unused credit facility of
    500 mkr (the demo's records at 2025-12-31) against the year's operating costs
    without depreciation over 365 days; 2024 the same with 739,8 + 500 mkr over 366
    days. The delårsrapport January–August 2026 has no record of the liquid assets at
    2026-08-31 or 2025-08-31: both cells say "–" and the table names what is lacking."""
    from styra.reports.services import report_document

    def ratio_table(round_code: str):
        document = report_document(round_=Round.objects.get(code=round_code), unit=region)
        table = next(
            b for s in document.sections for b in s.blocks if getattr(b, "key", "") == "nyckeltal"
        )
        return table, next(r for r in table.rows if r.item_code == "betalningsberedskap")

    evaluation = statement_evaluation(
        statement_set=statement_set_get("region-bas"), unit=region, period_end=date(2025, 12, 31)
    )
    costs = {
        line.code: line.values
        for line in evaluation.statement_table("resultatrakning", ["outcome", "outcome_prev"]).lines
    }["verksamhetens-kostnader"]
    assert costs[0] < 0 and costs[1] < 0
    table, row = ratio_table("REG-2025-B")
    expected = [
        D("1455100000") / (-costs[0] / 365),
        D("1239800000") / (-costs[1] / 366),
    ]
    assert [round(c.value, 6) for c in row.cells[1:3]] == [round(e, 6) for e in expected]
    assert row.cells[1].text.endswith("\u00a0dagar") and 0 < expected[0] < 1000
    assert not any("Uppgift saknas" in f.text for f in table.footnotes)
    table, row = ratio_table("REG-2026-D")
    assert [c.text for c in row.cells[1:3]] == ["–", "–"]
    assert table.footnotes[-1].text.startswith(
        "Uppgift saknas: Likvida medel per 2026-08-31, Likvida medel per 2025-08-31."
    )
