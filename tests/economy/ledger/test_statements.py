"""Balance accounts from SIE and the financial statements as data (statement sets).

Proven on a company's real ledger (the SIE group's sample company "Övningsbolaget", on
the BAS chart, read from vouchers and from period balances) and on a region on
Kommun-BAS written with the SIE writer.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from styra.economy.ledger.models import BalanceFact, BalanceKind
from styra.economy.ledger.services import LedgerImportError
from styra.economy.ledger.services.sie_import import ledger_import_sie
from styra.economy.ledger.sie import SieWriter, VoucherRow, read_sie
from styra.economy.ledger.statements import (
    StatementSetError,
    statement_evaluation,
    statement_set_get,
)
from styra.economy.ledger.statements.config import statement_set_parse
from styra.economy.ledger.statements.formula import FormulaError, parse_formula
from styra.orgadmin import services as org_services
from tests.builders import system_admin

D = Decimal
SAMPLES = Path(__file__).resolve().parents[3].parent / "shared" / "sie-samples"
if not SAMPLES.is_dir():  # the checkout may sit elsewhere than beside ../shared
    SAMPLES = Path("/work/shared/sie-samples")


@pytest.fixture
def company(builder):
    """A company unit with its two result units (the file's dimension 1) and one more
    cost centre for amounts without an object."""
    unit = builder.unit("OVN", "Övningsbolaget AB", valid_from=date(2010, 1, 1))
    for code in ("Nord", "Syd", "OVN"):
        org_services.cost_centre_create(
            code=code, name=code, unit=unit, valid_from=date(2010, 1, 1), user=system_admin()
        )
    return unit


def _import(name: str, user, **kwargs):
    return ledger_import_sie(
        path=SAMPLES / name, year=2011, default_cost_centre="OVN", user=user, **kwargs
    )


def _file_balances(name: str) -> dict[tuple[str, str], int]:
    result = read_sie(SAMPLES / name, dimension=1)
    return {(label, account): ore for (label, i, account), ore in result.balances.items() if i == 0}


@pytest.mark.parametrize("name", ["transaktioner_ovnbolag.se", "periodsaldo_ovnbolag.se"])
def test_company_balances_and_statements_from_vouchers_and_period_balances(
    company, ledger_admin, name
):
    report = _import(name, ledger_admin)
    assert report.entity == "OVN" and report.balance_count > 0
    balances = _file_balances(name)
    # Every closing balance of the file is opening + the months' movements.
    for (label, account), ore in balances.items():
        if label != "#UB":
            continue
        stored = sum(
            BalanceFact.objects.filter(account=account).values_list("amount", flat=True), D(0)
        )
        assert stored == D(ore) / 100, account

    statements = statement_set_get("bas-foretag")
    evaluation = statement_evaluation(
        statement_set=statements, unit=company, period_end=date(2011, 12, 31)
    )
    rr = evaluation.statement_table("resultatrakning", ["outcome"])
    result = {line.code: line.values[0] for line in rr.lines}
    # The year's result is the file's #RES, with Styra's sign (profit positive).
    res = sum(ore for (label, account), ore in balances.items() if label == "#RES")
    assert result["arets-resultat"] == -D(res) / 100
    br = evaluation.statement_table("balansrakning", ["outcome", "year_end_prev"])
    values = {line.code: line.values for line in br.lines}
    assets = sum(
        ore for (label, account), ore in balances.items() if label == "#UB" and account < "2"
    )
    assert values["summa-tillgangar"][0] == D(assets) / 100
    # The sample's own opening balance does not balance (its #IB rows sum to
    # 1 151 678,15 kr): the statement's check reports exactly that difference.
    opening = sum(ore for (label, account), ore in balances.items() if label == "#IB")
    assert opening == 1_151_678_15
    assert not br.checks[0].holds
    assert br.checks[0].differences == [D(opening) / 100, None]
    cash = evaluation.statement_table("kassaflodesanalys", ["outcome"])
    assert cash.checks[0].holds, cash.checks[0].differences
    bank = sum(
        ore
        for (label, account), ore in balances.items()
        if account.startswith("19") and label == "#UB"
    ) - sum(
        ore
        for (label, account), ore in balances.items()
        if account.startswith("19") and label == "#IB"
    )
    assert {line.code: line.values[0] for line in cash.lines}["kassaflode"] == D(bank) / 100
    # The sample has no previous year's balances or flows: that column is empty.
    assert values["summa-tillgangar"][1] is None


def _region_sie(path: Path, *, unbalanced_opening: bool = False) -> Path:
    """A small region on Kommun-BAS: opening balances, a tax voucher, salaries, an
    investment with depreciation, a pension provision; last year as #PSALDO."""
    with SieWriter(path, company="Region Liten", generated=date(2026, 9, 5)) as sie:
        sie.fiscal_year(0, date(2026, 1, 1), date(2026, 12, 31))
        sie.fiscal_year(-1, date(2025, 1, 1), date(2025, 12, 31))
        sie.dimension(1, "Kostnadsställe")
        sie.object(1, "10", "Vård")
        sie.object(1, "90", "Finans")
        opening = {"1110": 50_000_00, "1930": 20_000_00, "2010": -40_000_00, "2210": -30_000_00}
        if unbalanced_opening:
            opening["1930"] += 1_00
        for account, ore in opening.items():
            sie.year_balance("#IB", 0, account, ore)
        sie.voucher("A", "1", date(2026, 1, 25), "Skatt", [
            VoucherRow("8010", -12_000_00, objects=((1, "90"),)),
            VoucherRow("1930", 12_000_00),
        ])  # fmt: skip
        sie.voucher("A", "2", date(2026, 2, 25), "Löner", [
            VoucherRow("5010", 9_000_00, objects=((1, "10"),)),
            VoucherRow("1930", -9_000_00),
        ])  # fmt: skip
        sie.voucher("A", "3", date(2026, 3, 10), "Investering", [
            VoucherRow("1110", 4_000_00),
            VoucherRow("1930", -4_000_00),
        ])  # fmt: skip
        sie.voucher("A", "4", date(2026, 8, 31), "Avskrivning och pension", [
            VoucherRow("7810", 1_000_00, objects=((1, "10"),)),
            VoucherRow("1110", -1_000_00),
            VoucherRow("5110", 500_00, objects=((1, "10"),)),
            VoucherRow("2210", -500_00),
        ])  # fmt: skip
        # Last year: the same accounts as period balances.
        sie.period_balance(-1, 202506, "8010", -10_000_00, objects=((1, "90"),))
        sie.period_balance(-1, 202506, "5010", 8_000_00, objects=((1, "10"),))
        sie.period_balance(-1, 202506, "1930", 2_000_00)
        sie.year_balance("#IB", -1, "1930", 18_000_00)
        sie.year_balance("#IB", -1, "1110", 50_000_00)
        sie.year_balance("#IB", -1, "2010", -38_000_00)
        sie.year_balance("#IB", -1, "2210", -30_000_00)
    return path


@pytest.fixture
def small_region(builder):
    region = builder.unit("REG", "Region Liten")
    for code, name in (("10", "Vård"), ("90", "Finans")):
        org_services.cost_centre_create(
            code=code, name=name, unit=region, valid_from=date(2020, 1, 1), user=system_admin()
        )
    builder.user("karin", (region, "controller"))
    return region


def test_region_statements_on_kommun_bas(small_region, ledger_admin, tmp_path):
    path = _region_sie(tmp_path / "region.se")
    for year in (2025, 2026):
        ledger_import_sie(path=path, year=year, user=ledger_admin)
    assert BalanceFact.objects.filter(kind=BalanceKind.OPENING, month=date(2026, 1, 1)).count() == 4
    evaluation = statement_evaluation(
        statement_set=statement_set_get("region-bas"),
        unit=small_region,
        period_end=date(2026, 8, 31),
    )
    columns = ["outcome", "outcome_prev", "change", "change_percent"]
    rr = {
        line.code: line.values
        for line in evaluation.statement_table("resultatrakning", columns).lines
    }
    assert rr["verksamhetens-kostnader"][:2] == [D(-9500), D(-8000)]
    assert rr["avskrivningar"][0] == D(-1000)
    assert rr["skatteintakter"][:2] == [D(12000), D(10000)]
    assert rr["arets-resultat"][:3] == [D(1500), D(2000), D(-500)]
    assert rr["arets-resultat"][3] == D(-25)  # (1 500 − 2 000) / 2 000
    br = evaluation.statement_table("balansrakning", ["outcome", "year_end_prev"])
    lines = {line.code: line.values for line in br.lines}
    assert lines["mark-byggnader"][0] == D(53000)
    assert lines["kassa-bank"] == [D(19000), D(20000)]
    assert lines["avsattningar-pensioner"][0] == D(30500)
    assert lines["summa-tillgangar"][0] == lines["summa-eget-kapital-avsattningar-skulder"][0]
    assert br.checks[0].holds
    cash = evaluation.statement_table("kassaflodesanalys", ["outcome"])
    flows = {line.code: line.values[0] for line in cash.lines}
    assert flows["materiella-investeringar"] == D(-4000)
    assert flows["avskrivningar"] == D(1000) and flows["avsattningar"] == D(500)
    assert flows["periodens-kassaflode"] == D(-1000) == flows["forandring-likvida-medel"]
    assert cash.checks[0].holds
    balance = {
        line.code: line.values[0]
        for line in evaluation.statement_table("balanskravsutredning", ["outcome"]).lines
    }
    assert balance["balanskravsresultat"] == D(1500)
    columns, ratios = evaluation.ratio_rows(["outcome", "outcome_prev"])
    values = {ratio.code: v for ratio, v in ratios}
    assert values["resultat-andel"][0] == D(12.5)
    assert values["nettokostnadsutveckling"][0] == D("31.25")  # 10 500 / 8 000 − 1
    assert round(values["soliditet"][0], 4) == round(D(100) * D(41500) / D(72000), 4)
    assert values["sjalvfinansieringsgrad"][0] == D("62.5")  # (1 500 + 1 000) / 4 000
    goals = {r.goal.code: r.status for r in evaluation.goal_rows()}
    assert goals == {
        "resultatmal": "fulfilled",
        "sjalvfinansiering": "not_fulfilled",
        "soliditetsmal": "fulfilled",
    }


def test_betalningsberedskap_in_days_from_records_and_the_ledger(
    small_region, ledger_admin, tmp_path
):
    """Hand-computed: January–August 2026 has 243 days and operating costs without
    depreciation of 9 500 kr (salaries 9 000, pension 500), 39,0947 kr a day; liquid
    assets of 19 000 kr last 19 000 × 243 / 9 500 = 486 days, with an unused credit
    facility of 5 000 kr 24 000 × 243 / 9 500 = 613,89 days."""
    path = _region_sie(tmp_path / "region.se")
    for year in (2025, 2026):
        ledger_import_sie(path=path, year=year, user=ledger_admin)
    records: dict[tuple[str, date], Decimal] = {("liquid_assets", date(2026, 8, 31)): D(19000)}
    asked: list[tuple[str, date, bool]] = []

    def lookup(kind: str, day: date, optional: bool = False) -> Decimal | None:
        asked.append((kind, day, optional))
        return records.get((kind, day))

    def days(columns=("outcome", "outcome_prev", "budget_year")) -> list[Decimal | None]:
        evaluation = statement_evaluation(
            statement_set=statement_set_get("region-bas"),
            unit=small_region,
            period_end=date(2026, 8, 31),
            records=lookup,
        )
        _columns, ratios = evaluation.ratio_rows(list(columns))
        return next(values for ratio, values in ratios if ratio.code == "betalningsberedskap")

    # No credit facility recorded: it counts as 0. The same period last year has costs
    # (8 000 kr) but no record of the liquid assets: "uppgift saknas", never 0; a budget
    # column has no liquid assets at all.
    assert days() == [D(486), None, None]
    assert ("liquid_assets", date(2025, 8, 31), False) in asked
    assert ("credit_facility", date(2026, 8, 31), True) in asked
    records[("credit_facility", date(2026, 8, 31))] = D(5000)
    assert round(days()[0], 2) == D("613.89")
    # Without the liquid assets the credit facility alone does not make a figure.
    del records[("liquid_assets", date(2026, 8, 31))]
    assert days() == [None, None, None]
    # Without a lookup (a caller that has no records) the ratio is missing too.
    plain = statement_evaluation(
        statement_set=statement_set_get("region-bas"), unit=small_region,
        period_end=date(2026, 8, 31),
    )  # fmt: skip
    assert dict((r.code, v) for r, v in plain.ratio_rows(["outcome"])[1])[
        "betalningsberedskap"
    ] == [None]


def test_days_is_the_length_of_the_period():
    from styra.economy.ledger.statements.formula import Evaluator
    from styra.economy.ledger.statements.selectors import period_days

    for year, month, expected in ((2026, 8, 243), (2025, 12, 365), (2024, 12, 366), (2026, 1, 31)):
        assert period_days(year, month) == D(expected)
    evaluator = Evaluator(
        accounts=lambda f, r: None, reference=lambda f, n: None, days=lambda: D(10)
    )
    assert evaluator(parse_formula("100 / days()")) == D(10)
    assert evaluator(parse_formula('record("liquid_assets", -2) * 3')) == D(-6)
    assert evaluator(parse_formula('record("liquid_assets")')) is None


def test_a_statement_that_does_not_balance_is_reported(small_region, ledger_admin, tmp_path):
    path = _region_sie(tmp_path / "region.se", unbalanced_opening=True)
    ledger_import_sie(path=path, year=2026, user=ledger_admin)
    evaluation = statement_evaluation(
        statement_set=statement_set_get("region-bas"),
        unit=small_region,
        period_end=date(2026, 8, 31),
    )
    check = evaluation.statement_table("balansrakning", ["outcome"]).checks[0]
    assert not check.holds and check.differences == [D(1)]


def test_balances_need_the_entitys_controller(small_region, builder, tmp_path):
    path = _region_sie(tmp_path / "region.se")
    child = builder.unit("REG-A", "Avdelning", parent=small_region)
    other = builder.user("olle", (child, "controller"))
    with pytest.raises(Exception) as caught:
        ledger_import_sie(path=path, year=2026, user=other)
    assert "REG" in str(caught.value) or "controller" in str(caught.value)
    assert not BalanceFact.objects.exists()


def test_unknown_entity_is_refused(small_region, ledger_admin, tmp_path):
    path = _region_sie(tmp_path / "region.se")
    with pytest.raises(LedgerImportError, match="Enheten XYZ finns inte"):
        ledger_import_sie(path=path, year=2026, entity="XYZ", user=ledger_admin)
    assert not BalanceFact.objects.exists()


def test_formula_language_refuses_everything_else():
    assert parse_formula('-flow("3000-3999") + 2 * row("x")').text
    for bad, message in (
        ('__import__("os")', "okänt namn"),
        ('flow("3000-3999").real', "otillåtet"),
        ('flow("39-3000")', "ogiltigt kontointervall"),
        ("flow(3000)", "tar en text"),
        ("1 if 2 else 3", "otillåtet"),
        ("flow(", "går inte att tolka"),
        ("record(1)", "record\\(\\) tar uppgiftens slag"),
        ('record("likvida medel")', "record\\(\\) tar uppgiftens slag"),
        ('record("liquid_assets", "0")', "andra argument"),
        ('record("liquid_assets", 0, 1)', "record\\(\\) tar uppgiftens slag"),
        ("days(1)", "tar inga argument"),
    ):
        with pytest.raises(FormulaError, match=message):
            parse_formula(bad)


def test_statement_set_errors_name_file_line_and_field():
    text = (
        "code: x\nname: X\nstatements:\n  - code: rr\n    title: RR\n    rows:\n"
        "      - {code: a, label: A, value: 'flow(\"3000-3999\")'}\n"
        "      - {code: b, label: B, value: 'row(\"saknas\")'}\n"
    )
    with pytest.raises(
        StatementSetError, match=r"^mina\.yaml:8: value: row\(\"saknas\"\) finns inte"
    ):
        statement_set_parse(text, source="mina.yaml")
    with pytest.raises(StatementSetError, match=r"mina\.yaml:7: value: okänt namn"):
        statement_set_parse(text.replace('flow("3000', 'open("3000'), source="mina.yaml")
    with pytest.raises(StatementSetError, match=r"mina\.yaml:\d+: sum: raden z finns inte ovanför"):
        statement_set_parse(
            text.replace("value: 'row(\"saknas\")'", "sum: [a, z]"), source="mina.yaml"
        )


def test_cli_imports_a_company_ledger_with_entity_and_default_cost_centre(
    company, ledger_admin, capsys
):
    from styra.cli.main import main

    code = main(
        [
            "ledger",
            "import",
            "sie",
            str(SAMPLES / "periodsaldo_ovnbolag.se"),
            "--year",
            "2011",
            "--entity",
            "OVN",
            "--default-cost-centre",
            "OVN",
            "--user",
            ledger_admin.username,
        ]
    )
    out = capsys.readouterr().out
    assert code == 0, out
    assert "balansposter (klass 1–2) för OVN:" in out
    assert BalanceFact.objects.filter(entity=company).exists()


def test_cli_refuses_an_unknown_entity_and_writes_nothing(company, ledger_admin, capsys):
    from styra.cli.main import main

    code = main(
        [
            "ledger",
            "import",
            "sie",
            str(SAMPLES / "periodsaldo_ovnbolag.se"),
            "--year",
            "2011",
            "--entity",
            "<script>",
            "--default-cost-centre",
            "OVN",
            "--user",
            ledger_admin.username,
        ]
    )
    captured = capsys.readouterr()
    assert code != 0
    assert "Enheten <script> finns inte." in captured.err + captured.out
    assert not BalanceFact.objects.exists()


def test_an_unquoted_comma_in_a_flow_mapping_is_refused_with_its_line():
    text = (
        "code: x\nname: X\nstatements:\n  - code: br\n    title: BR\n    rows:\n"
        "      - {code: a, label: Mark, byggnader, value: 'balance(\"1100-1199\")'}\n"
    )
    with pytest.raises(StatementSetError, match=r"^mina\.yaml:7: byggnader: okänt fält"):
        statement_set_parse(text, source="mina.yaml")
