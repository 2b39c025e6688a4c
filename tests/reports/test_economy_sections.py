"""Economy sections read back from the generated PDF and Excel files."""

from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from styra.economy.ledger.mapping import MAPPINGS_DIR
from styra.economy.ledger.models import LedgerFact, LedgerImport
from styra.economy.ledger.services import row_set_load
from styra.economy.ledger.services.totals import ledger_totals_rebuild
from styra.economy.registers.models import SavingsMeasure
from styra.economy.registers.services import OutcomeInput
from styra.orgadmin.services import cost_centre_create
from styra.reports.check import report_check
from styra.reports.services import report_build
from tests.builders import system_admin, xlsx_sheet

NB = "\u00a0"


@pytest.fixture
def economy(report_region, builder):
    admin = builder.user("ledger-admin", superuser=True)
    row_set_load(path=MAPPINGS_DIR / "t1-2026.yaml", make_default=True, user=admin)
    cc = cost_centre_create(
        code="1000",
        name="Regionstab",
        unit=report_region.rs,
        valid_from=date(2020, 1, 1),
        user=system_admin(),
    )
    source = LedgerImport.objects.create(
        file_name="test.se",
        kind=LedgerImport._meta.get_field("kind").choices[0][0],
        fiscal_year=2026,
    )
    # Patientavgifter (account 3000, income) and Personalkostnader (5000, cost), kronor.
    facts = [
        ("3000", 2026, "outcome", "1278400"),
        ("3000", 2026, "budget", "900000"),
        ("3000", 2025, "outcome", "312000"),
        ("5000", 2026, "outcome", "-217860000"),
        ("5000", 2026, "budget", "-980523000"),
        ("5000", 2025, "outcome", "-207085000"),
    ]
    for account, year, kind, amount in facts:
        yearly = kind == "budget"
        LedgerFact.objects.create(
            cost_centre=cc,
            account=account,
            month=date(year, 1 if yearly else 2, 1),
            yearly=yearly,
            kind=kind,
            amount=Decimal(amount),
            source=source,
        )
    # The tables read the year-to-date row totals an import rebuilds; these facts were
    # written directly, so rebuild them here as the import would.
    ledger_totals_rebuild()
    for order, (code, name, kind, effect, now, before) in enumerate(
        [
            ("flex", "Flexibel arbetsplats", "measure", "3300000", "-1000000", "-2000000"),
            ("ovrigt", "Övrigt", "measure", "8200000", "-5800000", "-9500000"),
            ("personal", "Personalkostnad", "personnel", "12700000", "-163600000", "-156300000"),
        ]
    ):
        SavingsMeasure.objects.create(
            round=report_region.round,
            unit=report_region.rs,
            code=code,
            name=name,
            kind=kind,
            planned_effect=Decimal(effect),
            outcome=Decimal(now),
            outcome_previous=Decimal(before),
            order=order,
        )
    return report_region


def test_economic_table_and_savings_in_pdf_and_xlsx(economy, tmp_path):
    built = report_build(
        round_=economy.round, unit=economy.rs, formats=["pdf", "xlsx"], out_dir=tmp_path
    )
    text = " ".join(
        "\n".join(p.extract_text() for p in PdfReader(built.files["pdf"]).pages)
        .replace(NB, " ")
        .split()
    )
    # Patientavgifter: outcome 1 278 tkr, budget 300 tkr (4 of 12 months), diff 978, fg år 312
    assert "Patientavgifter 1 278 300 978 312 966 309,7 %" in text
    assert (
        "Personalkostnader \u2212217 860 \u2212326 841 108 981 \u2212207 085 \u221210 775 5,2 %"
        in text
    )
    # Savings: Delsumma and Totalt computed from the rows (−6,8 + −163,6 = −170,4)
    assert "Delsumma 11,5 \u22126,8 \u221211,5 4,7" in text
    assert "Totalt 24,2 \u2212170,4 \u2212167,8 \u22122,6" in text
    workbook = load_workbook(built.files["xlsx"])
    rows = {
        r[0]: r
        for r in xlsx_sheet(workbook, "Ekonomisk analys, Regionstyrelsen").iter_rows(
            min_row=2, values_only=True
        )
    }
    assert rows["Patientavgifter"][1] == pytest.approx(1278.4)
    assert rows["Personalkostnader"][2] == pytest.approx(-326841)
    findings = report_check(round_=economy.round, unit=economy.rs)
    assert [f for f in findings if f.kind == "total_mismatch"] == []


def test_investments_table_with_another_organisations_categories_and_subtotals(
    report_region, builder, tmp_path
):
    """A municipality's four categories in two parts, each with its subtotal: the report
    prints them in the file's order with the subtotals and the total summed from the
    objects, in the PDF and the workbook, and the report check finds them consistent."""
    from styra.economy.registers.services import investment_categories_load, investment_save

    admin = builder.user("kategori-admin", superuser=True)
    config = tmp_path / "kommun.yaml"
    config.write_text(
        "categories:\n"
        "  - {code: skatt-klar, name: Skattefinansierat avslutat, subtotal: Summa skatt}\n"
        "  - {code: skatt-pag, name: Skattefinansierat pågående, subtotal: Summa skatt}\n"
        "  - {code: va-klar, name: VA avslutat, subtotal: Summa VA}\n"
        "  - {code: va-pag, name: VA pågående, subtotal: Summa VA}\n",
        encoding="utf-8",
    )
    investment_categories_load(path=config, user=admin)
    for code, category, budget, outcome in [
        ("skola", "skatt-klar", "12000000", "11500000"),
        ("idrottshall", "skatt-pag", "30000000", "4000000"),
        ("gator", "skatt-pag", "5000000", "1250000"),
        ("ledningar", "va-pag", "8000000", "2000000"),
        ("pumpstation", "va-klar", "1500000", "1600000"),
    ]:
        investment_save(
            round=report_region.round,
            code=code,
            unit=report_region.rs,
            name=code.capitalize(),
            category=category,
            budget_year=Decimal(budget),
            outcome=OutcomeInput(outcome_year=Decimal(outcome)),
            user=admin,
        )
    built = report_build(
        round_=report_region.round,
        unit=report_region.rs,
        formats=["pdf", "xlsx"],
        out_dir=tmp_path,
    )
    sheet = xlsx_sheet(load_workbook(built.files["xlsx"]), "Investeringar per kategori, totalt")
    rows = [r for r in sheet.iter_rows(min_row=2, values_only=True) if r[0]]
    assert [(r[0], r[1], r[2]) for r in rows] == [
        ("Skattefinansierat avslutat", pytest.approx(11500), pytest.approx(12000)),
        ("Skattefinansierat pågående", pytest.approx(5250), pytest.approx(35000)),
        ("Summa skatt", pytest.approx(16750), pytest.approx(47000)),
        ("VA avslutat", pytest.approx(1600), pytest.approx(1500)),
        ("VA pågående", pytest.approx(2000), pytest.approx(8000)),
        ("Summa VA", pytest.approx(3600), pytest.approx(9500)),
        ("Totalt", pytest.approx(20350), pytest.approx(56500)),
    ]
    text = " ".join(
        "\n".join(p.extract_text() for p in PdfReader(built.files["pdf"]).pages)
        .replace(NB, " ")
        .split()
    )
    assert "Summa skatt 16 750 47 000" in text
    assert "Summa VA 3 600 9 500" in text
    assert "Totalt 20 350 56 500" in text
    findings = report_check(round_=report_region.round, unit=report_region.rs)
    assert [f for f in findings if f.kind == "total_mismatch"] == []


def test_the_check_verifies_each_investment_subtotal_against_its_own_categories():
    """A subtotal that does not add up (a category uncovered by any subtotal printed
    before a subtotalled run must not count in it) is found; the correct one is not."""
    from dataclasses import replace

    from styra.economy.registers.models import Investment
    from styra.economy.registers.selectors import (
        InvestmentGroup,
        InvestmentRow,
        InvestmentSummary,
    )
    from styra.reports.builders.economy import _investment_overview_rows
    from styra.reports.check.tables import check_tables
    from styra.reports.document import Column, Document, Section, Table

    def group(code, subtotal, *budgets):
        rows = [
            InvestmentRow(
                investment=Investment(budget_year=Decimal(b)),
                outcome_year=Decimal(0),
                outcome_since_start=None,
            )
            for b in budgets
        ]
        return InvestmentGroup(category=code, label=code, subtotal_label=subtotal, rows=rows)

    summary = InvestmentSummary(
        round=None,
        groups=[
            group("fri", "", "5000000"),  # counted only in Totalt
            group("a", "Summa del 1", "1000000"),
            group("b", "Summa del 1", "2000000", "500000"),
        ],
    )
    rows = _investment_overview_rows(summary)
    assert [(r.cells[0].text, r.kind) for r in rows] == [
        ("fri", "data"),
        ("a", "data"),
        ("b", "data"),
        ("Summa del 1", "subtotal"),
        ("Totalt", "total"),
    ]

    def findings(table_rows):
        table = Table(
            key="inv-totalt",
            caption="Investeringar",
            columns=[
                Column("Kategori"),
                Column("Utfall", summable=True),
                Column("Budget", summable=True),
            ],
            rows=table_rows,
        )
        document = Document(title="T", sections=[Section(heading="Inv", blocks=[table])])
        return [f for f in check_tables(document) if f.kind == "total_mismatch"]

    assert findings(rows) == []
    wrong = rows[3].cells[2]
    rows[3] = replace(rows[3], cells=[*rows[3].cells[:2], replace(wrong, value=Decimal("8500"))])
    found = findings(rows)
    assert len(found) == 1 and "Summa del 1" in found[0].message
