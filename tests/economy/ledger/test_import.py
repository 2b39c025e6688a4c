"""Ledger imports through the CLI: SIE, CSV, XLSX; dry run, replacement, refusals."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from styra.cli.main import main
from styra.economy.ledger.models import Account, LedgerFact, LedgerImport
from styra.economy.ledger.sie import SieWriter, VoucherRow
from styra.orgadmin import services as org_services
from tests.builders import system_admin

D = Decimal


@pytest.fixture
def org(builder, t1_rows):
    """RS with department RS-A (cost centres 100, 101) and Cecilia, controller of RS."""
    rs = builder.unit("RS", "Regionstyrelsen")
    builder.user("cecilia", (rs, "controller"))
    a = builder.unit("RS-A", "Avdelning A", parent=rs)
    for code in ("100", "101"):
        org_services.cost_centre_create(
            code=code, name=f"Kst {code}", unit=a, valid_from=date(2020, 1, 1), user=system_admin()
        )
    return rs, a


def write_sie(path, *, vouchers=True, unbalanced=False, cost_centre="100"):
    with SieWriter(path, company="Region Test", generated=date(2026, 5, 2)) as sie:
        sie.fiscal_year(0, date(2026, 1, 1), date(2026, 12, 31))
        sie.fiscal_year(-1, date(2025, 1, 1), date(2025, 12, 31))
        for number, name in (("1930", "Bank"), ("3010", "Patientavgifter"), ("5010", "Löner")):
            sie.account(number, name)
        sie.dimension(1, "Kostnadsställe")
        sie.object(1, "100", "Kst 100")
        sie.object(1, "101", "Kst 101")
        # Last year only as period balances; a {} row is the account's total.
        sie.period_balance(-1, 202502, "5010", 700_00, objects=((1, "100"),))
        sie.period_balance(-1, 202502, "5010", 700_00)
        for month in range(1, 13):
            sie.period_budget(0, 202600 + month, "5010", 1_000_00, objects=((1, "100"),))
        if vouchers:
            sie.voucher(
                "A",
                "1",
                date(2026, 1, 25),
                "Löner",
                [
                    VoucherRow("5010", 2_500_50, objects=((1, cost_centre),)),
                    VoucherRow("3010", -500_00, objects=((1, "101"),)),
                    VoucherRow("1930", -2_000_50),
                ],
            )
            sie.voucher(
                "A",
                "2",
                date(2026, 3, 25),
                "Löner",
                [
                    VoucherRow("5010", 1_000_00, objects=((1, "100"),)),
                    VoucherRow("1930", -1_000_00),
                ],
            )
    if unbalanced:
        text = path.read_text(encoding="cp437").replace("-1000.00", "-999.00")
        path.write_text(text, encoding="cp437")
    return path


def facts(kind=None):
    queryset = LedgerFact.objects.select_related("cost_centre")
    if kind:
        queryset = queryset.filter(kind=kind)
    return sorted(
        (f.cost_centre.code, f.account, f.month.strftime("%Y-%m"), f.kind, f.amount)
        for f in queryset
    )


def test_sie_import_aggregates_outcome_and_budget_with_swedish_signs(org, tmp_path, capsys):
    path = write_sie(tmp_path / "ledger.se")
    assert main(["ledger", "import", "sie", str(path), "--year", "2026", "--user", "cecilia"]) == 0
    assert facts("outcome") == [
        ("100", "5010", "2026-01", "outcome", D("-2500.50")),
        ("100", "5010", "2026-03", "outcome", D("-1000.00")),
        ("101", "3010", "2026-01", "outcome", D("500.00")),
    ]
    assert len(facts("budget")) == 12
    assert LedgerFact.objects.filter(kind="budget").first().amount == D("-1000.00")
    assert Account.objects.get(number="5010").name == "Löner"
    out = capsys.readouterr().out
    assert "Importerat: källa 'SIE Region Test', år 2026" in out
    assert "fakta: 15 (ersätter 0)" in out
    assert "RS-A" in out


def test_an_import_logs_how_long_each_stage_took_and_totals_follow_the_facts(org, tmp_path, caplog):
    """The stage records operators (and bench/ledger_import_bench.py) read; the facts and
    row totals are written as plain rows (services.bulk) and read back as the ORM reads."""
    from styra.economy.ledger.models import LedgerRowTotal

    path = write_sie(tmp_path / "ledger.se")
    with caplog.at_level("INFO", logger="styra.ledger"):
        assert (
            main(["ledger", "import", "sie", str(path), "--year", "2026", "--user", "cecilia"]) == 0
        )
    stages = [r.stage for r in caplog.records if hasattr(r, "stage")]
    assert stages == ["read", "aggregate", "facts", "totals"]
    assert all(r.seconds >= 0 for r in caplog.records if hasattr(r, "stage"))
    fact = LedgerFact.objects.get(account="5010", month=date(2026, 3, 1), kind="outcome")
    assert fact.amount == D("-1000.00") and fact.yearly is False
    assert fact.source.fact_count == 15
    march = LedgerRowTotal.objects.filter(account="", kind="outcome", month=date(2026, 3, 1))
    january = LedgerRowTotal.objects.filter(account="", kind="outcome", month=date(2026, 1, 1))
    # Year to date: March repeats January's 2 500,50 and adds March's 1 000.
    assert sum(t.amount for t in march) - sum(t.amount for t in january) == D("-1000.00")


def test_previous_year_from_period_balances_when_the_year_has_no_vouchers(org, tmp_path):
    path = write_sie(tmp_path / "ledger.se")
    assert main(["ledger", "import", "sie", str(path), "--year", "2025", "--user", "cecilia"]) == 0
    # The {} row equals the per-object rows' total and is not counted twice.
    assert facts() == [("100", "5010", "2025-02", "outcome", D("-700.00"))]


def test_reimport_replaces_and_dry_run_writes_nothing(org, tmp_path, capsys):
    path = write_sie(tmp_path / "ledger.se")
    assert main(["ledger", "import", "sie", str(path), "--year", "2026", "--user", "cecilia"]) == 0
    assert main(["ledger", "import", "sie", str(path), "--year", "2026", "--user", "cecilia"]) == 0
    assert LedgerFact.objects.count() == 15
    assert LedgerImport.objects.count() == 1
    capsys.readouterr()
    assert main(["ledger", "import", "sie", str(path), "--year", "2026", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "Provkörning – inget skrevs" in out
    assert "fakta: 15 (ersätter 15)" in out
    assert LedgerImport.objects.count() == 1


def test_unknown_cost_centre_aborts_and_writes_nothing(org, tmp_path, capsys):
    path = write_sie(tmp_path / "ledger.se", cost_centre="999")
    assert main(["ledger", "import", "sie", str(path), "--year", "2026", "--user", "cecilia"]) == 1
    err = capsys.readouterr().err
    assert "Okända kostnadsställen (finns inte i organisationen): 999" in err
    assert LedgerFact.objects.count() == 0


def test_unbalanced_voucher_is_refused_with_file_and_line(org, tmp_path, capsys):
    path = write_sie(tmp_path / "ledger.se", unbalanced=True)
    assert main(["ledger", "import", "sie", str(path), "--year", "2026", "--user", "cecilia"]) == 1
    err = capsys.readouterr().err
    line = next(
        n
        for n, text in enumerate(path.read_text(encoding="cp437").splitlines(), 1)
        if text.startswith("#VER A 2 ")
    )
    assert f"ledger.se:{line}: verifikation A 2 balanserar inte" in err
    assert LedgerFact.objects.count() == 0


def test_year_not_in_file(org, tmp_path, capsys):
    path = write_sie(tmp_path / "ledger.se")
    assert main(["ledger", "import", "sie", str(path), "--year", "2019", "--user", "cecilia"]) == 1
    assert "har inget räkenskapsår 2019 (den har: 2026, 2025)" in capsys.readouterr().err


def test_csv_import_with_decimal_comma_and_yearly_budget(org, tmp_path, capsys):
    path = tmp_path / "budget.csv"
    path.write_text(
        "Kostnadsställe;Konto;Månad;Typ;Belopp\n"
        "100;5010;2026-02;utfall;\u22121 234,50\n"
        "100;5010;2026;budget;-12 000\n"
        "101;3010;2026-03;Utfall;250\n",
        encoding="utf-8",
    )
    assert main(["ledger", "import", "csv", str(path), "--year", "2026", "--user", "cecilia"]) == 0
    assert facts() == [
        ("100", "5010", "2026-01", "budget", D("-12000.00")),
        ("100", "5010", "2026-02", "outcome", D("-1234.50")),
        ("101", "3010", "2026-03", "outcome", D("250.00")),
    ]
    assert LedgerFact.objects.get(kind="budget").yearly is True
    capsys.readouterr()
    assert main(["ledger", "table", "--unit", "RS", "--period", "2026-04", "--json"]) == 0
    import json

    table = json.loads(capsys.readouterr().out)
    staff = next(r for r in table["rows"] if r["code"] == "personalkostnader")
    assert D(staff["budget"]) == D("-4000")
    assert D(staff["outcome"]) == D("-1234.50")


def test_csv_errors_name_file_line_and_column(org, tmp_path, capsys):
    path = tmp_path / "fel.csv"
    path.write_text(
        "kostnadsställe;konto;månad;typ;belopp\n"
        "100;5010;2026-13;utfall;5\n"
        "100;5010;2026-01;kostnad;5\n"
        "100;5010;2026-01;utfall;fem\n",
        encoding="utf-8",
    )
    assert main(["ledger", "import", "csv", str(path), "--year", "2026", "--user", "cecilia"]) == 1
    err = capsys.readouterr().err
    assert "fel.csv, rad 2, kolumn månad: månaden ska skrivas ÅÅÅÅ-MM" in err
    assert "fel.csv, rad 3, kolumn typ:" in err
    assert "fel.csv, rad 4, kolumn belopp: beloppet är inget tal" in err
    assert LedgerFact.objects.count() == 0


def test_xlsx_import(org, tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["kostnadsställe", "konto", "månad", "typ", "belopp"])
    sheet.append([100, 5010, "2026-04", "utfall", -99.5])
    sheet.append(["101", "3010", date(2026, 2, 1), "utfall", 10])
    path = tmp_path / "utfall.xlsx"
    workbook.save(path)
    assert main(["ledger", "import", "csv", str(path), "--year", "2026", "--user", "cecilia"]) == 0
    assert facts() == [
        ("100", "5010", "2026-04", "outcome", D("-99.50")),
        ("101", "3010", "2026-02", "outcome", D("10.00")),
    ]
    assert LedgerImport.objects.get().kind == "xlsx"


def test_mapping_load_and_table_text(org, tmp_path, capsys):
    from styra.economy.ledger.mapping import MAPPINGS_DIR

    assert (
        main(
            [
                "ledger",
                "mapping",
                "load",
                str(MAPPINGS_DIR / "kommun-bas.yaml"),
                "--user",
                "cecilia",
            ]
        )
        == 0
    )
    assert "Raduppsättningen kommun-bas har 11 rader." in capsys.readouterr().out
    path = write_sie(tmp_path / "ledger.se")
    main(["ledger", "import", "sie", str(path), "--year", "2026", "--user", "cecilia"])
    capsys.readouterr()
    assert main(["ledger", "table", "--unit", "RS-A", "--period", "2026-04"]) == 0
    out = capsys.readouterr().out
    assert "Ekonomisk analys, Avdelning A (RS-A), 2026-01–2026-04, tkr" in out
    assert "Personalkostnader" in out
    assert (
        main(["ledger", "table", "--unit", "RS", "--period", "2026-04", "--rows", "kommun-bas"])
        == 0
    )
    assert "Övriga verksamhetskostnader" in capsys.readouterr().out
