"""Generated demo data (labelled so) for the region's delårsrapport and årsredovisning.

The T1 2026 ledger (`ledger_file.py`) reproduces a published report for the executive
board, January–April. A region's interim and annual reports need more: the health and
development boards, the finance administration (taxes, general grants, pensions,
interest), January–August, the whole of 2025 and 2024, and the balance sheet. None of
that is published for the demo region, so it is **generated**, deterministically, and
written as its own SIE 4 file, `region-exempel-demodata.se` (company name and program
say "demodata"), imported as its own source beside the T1 file:

- 2026 (#RAR 0): the executive board's May–August as the average month of its
  January–April outcome (from the T1 file), per cost centre and account; the boards and
  the finance administration January–August as vouchers, and their whole-year budget
  (#PBUDGET, 1/12 per month);
- 2025 (#RAR −1) and 2024 (#RAR −2): the boards and the finance administration as
  #PSALDO per month, with budgets (2025 also the executive board's: its outcome, 1 %
  better); 2024 also for the executive board (its 2025 shape
  scaled down); the bank's movements so that every month balances the ledger;
- balances: #IB 2024 (a balance sheet that balances), investments, depreciation on
  accumulated depreciation, pension provisions, working capital and a reservation to
  the resultatutjämningsreserv at the end of 2025; #IB of each later year is the year
  before's closing balance with its result moved to equity.

Amounts are whole kronor; every voucher balances and every year's balances sum to
zero, so the statements balance and the cash flow reconciles (tested).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from pathlib import Path

from styra.economy.ledger.sie import SieWriter, VoucherRow, read_sie

COMPANY = "Region Exempel (demodata)"
YEAR = 2026
BANK = "1930"
FILE_NAME = "region-exempel-demodata.se"

# Cost centres of the boards and the finance administration: (code, name, unit code).
HSN_CC, RUN_CC, FIN_CC = "2000", "3000", "9000"

ACCOUNT_NAMES = {
    "1110": "Byggnader",
    "1119": "Ackumulerade avskrivningar byggnader",
    "1210": "Maskiner och inventarier",
    "1219": "Ackumulerade avskrivningar inventarier",
    "1310": "Aktier i regionägda bolag",
    "1410": "Förråd",
    "1510": "Kundfordringar",
    "1710": "Förutbetalda kostnader och upplupna intäkter",
    "1810": "Kortfristiga placeringar",
    "1930": "Bank",
    "2010": "Eget kapital",
    "2030": "Resultatutjämningsreserv",
    "2210": "Avsättningar för pensioner",
    "2250": "Andra avsättningar",
    "2310": "Långfristiga lån",
    "2510": "Leverantörsskulder",
    "2910": "Upplupna kostnader och förutbetalda intäkter",
    "3010": "Patientavgifter",
    "3510": "Riktade statsbidrag",
    "3970": "Realisationsvinster",
    "4010": "Köpt vård",
    "4510": "Lämnade bidrag",
    "4610": "Läkemedel",
    "5010": "Löner",
    "5110": "Pensionskostnader",
    "5410": "Sociala avgifter",
    "6010": "Lokalhyror",
    "6510": "IT-tjänster",
    "7810": "Avskrivningar",
    "8010": "Skatteintäkter",
    "8110": "Generella statsbidrag och utjämning",
    "8310": "Ränteintäkter",
    "8410": "Räntekostnader",
    "8420": "Ränta på pensionsavsättning",
}

# Whole-year outcome 2026 per cost centre and account, kronor, Styra's signs (income +).
YEAR_2026: dict[str, dict[str, int]] = {
    HSN_CC: {
        "3010": 310_000_000,
        "3510": 420_000_000,
        "4010": -930_000_000,
        "4610": -820_000_000,
        "5010": -3_050_000_000,
        "5410": -1_290_000_000,
        "6010": -380_000_000,
        "7810": -240_000_000,
    },
    RUN_CC: {
        "3510": 160_000_000,
        "4510": -390_000_000,
        "5010": -95_000_000,
        "5410": -40_000_000,
        "6510": -35_000_000,
    },
    FIN_CC: {
        "8010": 6_290_000_000,
        "8110": 2_480_000_000,
        "8310": 36_000_000,
        "5110": -310_000_000,
        "8410": -42_000_000,
        "8420": -48_000_000,
    },
}
BUDGET_FACTOR = {HSN_CC: 985, RUN_CC: 1000, FIN_CC: 1004}  # budget = outcome × ‰ (costs)
GROWTH = {2025: 955, 2024: 915}  # the year's level against 2026, ‰
MONTH_SHAPE = (84, 82, 86, 84, 85, 82, 66, 78, 84, 86, 87, 96)  # ‰ of the year, sums to 1000
TWELFTHS = (83, 83, 83, 84, 83, 83, 84, 83, 83, 84, 83, 84)  # ‰, sums to 1000
STAFF_MONTH_SHAPE = (84, 80, 85, 83, 84, 84, 58, 78, 86, 88, 89, 101)

# Balance sheet at 1 January 2024, kronor, debit positive (it sums to zero).
OPENING_2024 = {
    "1110": 5_200_000_000,
    "1119": -1_900_000_000,
    "1210": 1_400_000_000,
    "1219": -800_000_000,
    "1310": 160_000_000,
    "1410": 45_000_000,
    "1510": 520_000_000,
    "1710": 310_000_000,
    "1810": 1_250_000_000,
    "1930": 540_000_000,
    "2030": -180_000_000,
    "2210": -2_600_000_000,
    "2250": -60_000_000,
    "2310": -700_000_000,
    "2510": -610_000_000,
    "2910": -940_000_000,
}
# Monthly investments (kronor, debit fixed assets, credit bank) and other movements.
INVESTMENT_BUILDINGS = 28_000_000
INVESTMENT_EQUIPMENT = 11_000_000
PENSION_PROVISION_SHARE = 600  # ‰ of pension cost and interest that is provision
RUR_RESERVATION_2025 = 45_000_000
REALISATION_GAIN_2025 = (8_000_000, 202509)


def _split_year(total: int, shape: tuple[int, ...]) -> list[int]:
    """`total` over twelve months by `shape` (‰), exact in whole kronor."""
    parts = [total * s // 1000 if total >= 0 else -((-total * s) // 1000) for s in shape]
    parts[-1] += total - sum(parts)
    return parts


def _shape(account: str) -> tuple[int, ...]:
    return STAFF_MONTH_SHAPE if account in ("5010", "5410") else MONTH_SHAPE


def _year_amounts(year: int) -> dict[tuple[str, str], list[int]]:
    """(cost centre, account) -> twelve monthly amounts of `year` (Styra's signs)."""
    factor = 1000 if year == YEAR else GROWTH[year]
    out = {}
    for cc, accounts in YEAR_2026.items():
        for account, total in accounts.items():
            out[(cc, account)] = _split_year(total * factor // 1000, _shape(account))
    return out


def _budget_amounts(year: int) -> dict[tuple[str, str], list[int]]:
    out = {}
    for (cc, account), months in _year_amounts(year).items():
        total = sum(months)
        per_mille = BUDGET_FACTOR[cc] if total < 0 else 2000 - BUDGET_FACTOR[cc]
        yearly = total * per_mille // 1000
        out[(cc, account)] = _split_year(yearly, TWELFTHS)
    return out


class _Year:
    """The balance-sheet movements of one year, kronor debit positive, per month."""

    def __init__(self) -> None:
        self.moves: dict[str, list[int]] = defaultdict(lambda: [0] * 12)

    def add(self, account: str, month: int, amount: int) -> None:
        self.moves[account][month - 1] += amount

    def total(self, account: str) -> int:
        return sum(self.moves[account]) if account in self.moves else 0


def _t1_outcome(t1_path: Path) -> dict[tuple[int, int, str, str], int]:
    """(year index, yyyymm, cost centre, account) -> öre, debit positive, P&L only."""
    result = read_sie(t1_path, dimension=1)
    out: dict[tuple[int, int, str, str], int] = defaultdict(int)
    for (kind, index, period, obj, account), ore in result.facts.items():
        if kind in ("outcome", "outcome_psaldo") and obj is not None and account[0] in "345678":
            out[(index, period, obj, account)] += ore
    return out


def write_year_sie(path: Path, t1_path: Path, centres_2024: set[str]) -> Path:
    """Write the generated demo data beside the T1 file `t1_path` (read for RS).

    The executive board's 2024 goes only to `centres_2024`, the cost centres the
    organisation had then (regiongemensamt may have been created later)."""
    t1 = _t1_outcome(t1_path)
    with SieWriter(path, company=COMPANY, generated=date(YEAR, 9, 10)) as sie:
        for index, year in ((0, YEAR), (-1, YEAR - 1), (-2, YEAR - 2)):
            sie.fiscal_year(index, date(year, 1, 1), date(year, 12, 31))
        for number, name in sorted(ACCOUNT_NAMES.items()):
            sie.account(number, name)
        sie.dimension(1, "Kostnadsställe")
        for code, name in (
            (HSN_CC, "Hälso- och sjukvårdsnämnden"),
            (RUN_CC, "Regionala utvecklingsnämnden"),
            (FIN_CC, "Finansförvaltning"),
        ):
            sie.object(1, code, name)

        opening = dict(OPENING_2024)
        opening["2010"] = -sum(opening.values())  # equity makes the balance sheet balance
        for index, year in ((-2, YEAR - 2), (-1, YEAR - 1), (0, YEAR)):
            for account, amount in sorted(opening.items()):
                if amount:
                    sie.year_balance("#IB", index, account, amount * 100)
            moves, result = _write_year(sie, index, year, t1, centres_2024)
            opening = {
                a: opening.get(a, 0) + moves.total(a) for a in set(opening) | set(moves.moves)
            }
            opening["2010"] = opening.get("2010", 0) - result  # the year's result to equity
    return path


def _write_year(
    sie: SieWriter, index: int, year: int, t1, centres_2024: set[str]
) -> tuple[_Year, int]:
    """Write one year's P&L and balance movements; return the movements and the result."""
    moves = _Year()
    pl_by_month = [0] * 12  # Styra's signs, everything of the year (incl. the T1 file)
    amounts = _year_amounts(year)
    last_month = 8 if year == YEAR else 12
    # The executive board's 2025 amounts are #PSALDO in the T1 file: this file's bank
    # takes their cash (the T1 file's 2026 vouchers balance against its own bank rows).
    for (i, period, _cc, _account), ore in t1.items():
        if i == index and index != 0 and period // 100 == year:
            pl_by_month[period % 100 - 1] -= ore // 100
    rs_rows: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0] * 12)
    if year == YEAR:  # May–August: the average month of January–April
        jan_apr: dict[tuple[str, str], int] = defaultdict(int)
        for (i, period, cc, account), ore in t1.items():
            if i == 0 and period // 100 == year:
                jan_apr[(cc, account)] -= ore // 100
        for key, total in jan_apr.items():
            for month in range(5, 9):
                rs_rows[key][month - 1] = total // 4
    elif year == YEAR - 2:  # 2024: the 2025 shape, 4 % lower
        for (i, period, cc, account), ore in t1.items():
            if i == -1 and cc in centres_2024:
                rs_rows[(cc, account)][period % 100 - 1] = -(ore // 100) * 96 // 100
    for months in rs_rows.values():
        for month, amount in enumerate(months, start=1):
            pl_by_month[month - 1] += amount
    for months in amounts.values():
        for month in range(1, last_month + 1):
            pl_by_month[month - 1] += months[month - 1]
    # Balance movements besides the bank.
    for month in range(1, last_month + 1):
        moves.add("1110", month, INVESTMENT_BUILDINGS)
        moves.add("1210", month, INVESTMENT_EQUIPMENT)
        depreciation = -amounts[(HSN_CC, "7810")][month - 1]
        moves.add("1119", month, -depreciation * 70 // 100)
        moves.add("1219", month, -(depreciation - depreciation * 70 // 100))
        pension = -(amounts[(FIN_CC, "5110")][month - 1] + amounts[(FIN_CC, "8420")][month - 1])
        moves.add("2210", month, -pension * PENSION_PROVISION_SHARE // 1000)
    moves.add("1510", last_month, 25_000_000 if year == YEAR else -8_000_000)
    moves.add("2510", last_month, -18_000_000 if year == YEAR else 6_000_000)
    if year == YEAR - 1:
        moves.add("2010", 12, RUR_RESERVATION_2025)
        moves.add("2030", 12, -RUR_RESERVATION_2025)
        gain, period = REALISATION_GAIN_2025
        pl_by_month[period % 100 - 1] += gain
    # The bank takes what makes each month balance: Σ balance moves = the month's result.
    for month in range(1, last_month + 1):
        others = sum(m[month - 1] for a, m in moves.moves.items() if a != BANK)
        moves.add(BANK, month, pl_by_month[month - 1] - others)

    if year == YEAR:
        _vouchers(sie, year, amounts, rs_rows, moves)
    else:
        _period_balances(sie, index, year, amounts, rs_rows, moves)
        if year == YEAR - 1:
            gain, period = REALISATION_GAIN_2025
            sie.period_balance(index, period, "3970", -gain * 100, objects=((1, FIN_CC),))
    budgets = _budget_amounts(year)
    if year == YEAR - 1:  # the executive board's budget 2025: its outcome, 1 % better
        totals: dict[tuple[str, str], int] = defaultdict(int)
        for (i, _period, cc, account), ore in t1.items():
            if i == -1:
                totals[(cc, account)] -= ore // 100
        for key, total in totals.items():
            yearly = total * 1010 // 1000 if total < 0 else total * 990 // 1000
            budgets[key] = _split_year(yearly, TWELFTHS)
    for (cc, account), months in sorted(budgets.items()):
        for month, amount in enumerate(months, start=1):
            sie.period_budget(index, year * 100 + month, account, -amount * 100, objects=((1, cc),))
    return moves, sum(pl_by_month)


def _vouchers(sie: SieWriter, year: int, amounts, rs_rows, moves: _Year) -> None:
    number = 0
    for month in range(1, 9):
        rows = []
        for (cc, account), months in sorted(amounts.items()):
            if months[month - 1]:
                rows.append(VoucherRow(account, -months[month - 1] * 100, objects=((1, cc),)))
        for (cc, account), months in sorted(rs_rows.items()):
            if months[month - 1]:
                rows.append(VoucherRow(account, -months[month - 1] * 100, objects=((1, cc),)))
        for account, monthly in sorted(moves.moves.items()):
            if monthly[month - 1]:
                rows.append(VoucherRow(account, monthly[month - 1] * 100))
        number += 1
        day = date(year, month, 25)
        sie.voucher("D", str(number), day, f"Demodata {year}-{month:02d}", rows)


def _period_balances(sie: SieWriter, index: int, year: int, amounts, rs_rows, moves) -> None:
    for (cc, account), months in sorted([*amounts.items(), *rs_rows.items()]):
        for month, amount in enumerate(months, start=1):
            if amount:
                sie.period_balance(
                    index, year * 100 + month, account, -amount * 100, objects=((1, cc),)
                )
    for account, monthly in sorted(moves.moves.items()):
        for month, amount in enumerate(monthly, start=1):
            if amount:
                sie.period_balance(index, year * 100 + month, account, amount * 100)
