"""Region Exempel's ledger as a real SIE 4 file, built to reproduce the T1 2026 report.

Deterministic: the same input gives the same file, byte for byte (no clock, no
unseeded randomness). What it reproduces, once imported and mapped with
`mappings/t1-2026.yaml`, for Regionstyrelsen (the unit holding every cost centre
below) and January–April 2026:

- the economic analysis table, every row and column as printed (tkr, 0,1 %), with
  totals computed from unrounded amounts (`ledger_targets.solve_table`);
- each department's full-year budget 2026 of the prognosis table, exactly
  (printed mkr × 1 000 000 kr), spread 1/12 per month;
- the elected members' table (Regionfullmäktige, Regionstyrelse), 1/12 per month.

The file has fiscal years 2026 (#RAR 0: monthly vouchers Jan–Apr and #PBUDGET for
all twelve months) and 2025 (#RAR −1: #PSALDO per month and cost centre for the
whole year). Every voucher balances against bank account 1930, a balance-sheet
account the row set excludes. "Regiongemensamt" (region-wide items: pensions, central
grants) takes, per row, what the table holds beyond the departments, so its own
figures are what is left over, not something the report prints.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ruamel.yaml import YAML

from styra.economy.ledger.sie import SieWriter, VoucherRow

from .ledger_targets import load_figures, solve_table, solved_table

COMPANY = "Region Exempel"
# Region-wide items (regiongemensamt) when the organisation has no unit for them.
COMMON_CODE = "1900"
ORGNR = "232100-0000"
YEAR = 2026
BANK = "1930"

# Accounts per report row, with the share of the row each takes.
ACCOUNTS: dict[str, list[tuple[str, str, int]]] = {
    "patientavgifter": [("3010", "Patientavgifter öppen vård", 100)],
    "forsaljning": [("3110", "Försäljning av varor", 60), ("3210", "Försäljning av tjänster", 40)],
    "erhallna-bidrag": [("3510", "Riktade statsbidrag", 70), ("3610", "EU-bidrag", 30)],
    "ovriga-intakter": [("3910", "Övriga intäkter", 100)],
    "personalkostnader": [("5010", "Löner", 69), ("5410", "Sociala avgifter", 31)],
    "kopt-riks-regionvard": [("4010", "Köpt riks- och regionvård", 100)],
    "kop-av-verksamhet": [("4110", "Köp av primärvård", 80), ("4210", "Köp av tandvård", 20)],
    "verksamhetsanknutna-tjanster": [("4410", "Verksamhetsanknutna tjänster", 100)],
    "inhyrd-bemanning": [("5910", "Inhyrd personal", 100)],
    "lakemedel": [("4610", "Läkemedel", 100)],
    "sjukvardsart-mat-varor": [
        ("4710", "Sjukvårdsartiklar", 40),
        ("4810", "Kostnad sålda varor", 60),
    ],
    "lamnade-bidrag": [("4510", "Lämnade bidrag", 100)],
    "fastighetskostnader": [("6010", "Lokalhyror", 75), ("6110", "El och värme", 25)],
    "konsultkostnader": [("6210", "Konsulttjänster", 100)],
    "ovriga-kostnader": [
        ("6510", "IT-tjänster", 50),
        ("7010", "Resor", 20),
        ("7610", "Övriga kostnader", 30),
    ],
    "avskrivningar-finansnetto": [("7810", "Avskrivningar", 90), ("8410", "Räntekostnader", 10)],
}

# Which department carries what share (in %) of a row of the table; "RG"
# (regiongemensamt) takes the rest. Personnel is set per department from its budget.
ROW_SHARES: dict[str, dict[str, int]] = {
    "patientavgifter": {"VV": 100},
    "forsaljning": {"DIG": 85, "LB": 5, "EK": 3, "HR": 2, "VV": 3},
    "erhallna-bidrag": {"VV": 25, "LB": 15, "RD": 20, "DIG": 10, "HR": 5},
    "ovriga-intakter": {"EK": 50, "DIG": 30},
    "kopt-riks-regionvard": {"VV": 100},
    "kop-av-verksamhet": {"VV": 92, "DIG": 4, "LB": 2},
    "verksamhetsanknutna-tjanster": {"DIG": 70, "LB": 20},
    "lakemedel": {"VV": 50, "LB": 50},
    "sjukvardsart-mat-varor": {"DIG": 85, "LB": 10},
    "lamnade-bidrag": {"RD": 40, "LB": 30, "VV": 20},
    "fastighetskostnader": {"DIG": 60, "LB": 8, "EK": 4, "HR": 4, "KOM": 1, "RD": 2, "VV": 1},
    "konsultkostnader": {"DIG": 55, "RD": 8, "EK": 8, "HR": 8, "KOM": 3, "LB": 10, "VV": 3},
    "ovriga-kostnader": {"DIG": 45, "LB": 10, "RD": 5, "EK": 5, "HR": 6, "KOM": 2, "VV": 4},
    "avskrivningar-finansnetto": {"DIG": 75, "LB": 10, "EK": 2},
}
# Personnel outcome against budget (‰) and growth since last year (‰), per department.
PERSONNEL_OUTCOME = {
    "RD": 1012,
    "EK": 995,
    "HR": 1008,
    "KOM": 1010,
    "DIG": 1006,
    "LB": 1004,
    "VV": 990,
}
PERSONNEL_GROWTH = {
    "RD": 1030,
    "EK": 990,
    "HR": 1000,
    "KOM": 1020,
    "DIG": 1110,
    "LB": 1000,
    "VV": 1010,
}
# Vårdval has few staff; its purchases balance its budget instead.
VV_PERSONNEL_BUDGET = -6_000_000
# Outcome per month Jan–Apr in ‰ of the four-month sum: outcome is uneven, budget is not.
OUTCOME_MONTHS = (232, 241, 262, 265)
PREVIOUS_YEAR_MONTHS = (80, 82, 88, 84, 85, 80, 60, 70, 86, 88, 90, 107)  # ‰ of 2025, Jan–Dec


@dataclass
class Department:
    key: str
    name: str
    unit_code: str
    cost_centres: list[tuple[str, str]]
    yearly_budget: int | None = None  # kr, from the prognosis table


@dataclass
class Structure:
    """Who is who: the region's departments and cost centres as the demo ledger uses them."""

    top_unit: str
    departments: list[Department]
    common: Department  # regiongemensamt
    elected_unit: str
    elected: dict[str, tuple[str, str]] = field(default_factory=dict)  # printed name -> cc

    @property
    def all(self) -> list[Department]:
        return [*self.departments, self.common]


DEFAULT_DEPARTMENTS = [
    ("RD", "Regiondirektör", "RS-RD", "11"),
    ("EK", "Ekonomiavdelningen", "RS-EK", "12"),
    ("HR", "HR-avdelningen", "RS-HR", "13"),
    ("KOM", "Kommunikationsavdelningen", "RS-KOM", "14"),
    ("DIG", "Digitalisering och service", "RS-DIG", "15"),
    ("LB", "Ledningsstöd och beredskap", "RS-LB", "16"),
    ("VV", "Vårdval", "RS-VV", "17"),
]


def default_structure() -> Structure:
    """The structure used when the demo organisation does not define one."""
    departments = [
        Department(
            key,
            name,
            code,
            [
                (f"{prefix}{n}0", f"{name} {label}")
                for n, label in enumerate(("ledning", "verksamhet", "projekt"))
            ],
        )
        for key, name, code, prefix in DEFAULT_DEPARTMENTS
    ]
    return Structure(
        top_unit="RS",
        departments=departments,
        common=Department(
            "RG", "Regiongemensamt", "RS-RG", [("1900", "Regiongemensamt"), ("1910", "Pensioner")]
        ),
        elected_unit="RS-FTV",
        elected={
            "Regionfullmäktige": ("1010", "Regionfullmäktige"),
            "Regionstyrelse": ("1020", "Regionstyrelse"),
        },
    )


# --------------------------------------------------------------------------- arithmetic


def split(total: int, weights: list[int]) -> list[int]:
    """`total` in whole kronor over `weights`, exactly (largest remainder, ties by order)."""
    whole = sum(weights)
    if whole == 0:
        return [0] * len(weights)
    sign = -1 if total < 0 else 1
    amount = abs(total)
    parts = [amount * w // whole for w in weights]
    rest = amount - sum(parts)
    order = sorted(range(len(weights)), key=lambda i: (-(amount * weights[i] % whole), i))
    for i in order[:rest]:
        parts[i] += 1
    return [sign * p for p in parts]


def _share(total: int, per_mille: int) -> int:
    return (total * per_mille) // 1000 if total >= 0 else -((-total * per_mille) // 1000)


# --------------------------------------------------------------------------- amounts


@dataclass
class Amounts:
    """(department key, row code) -> [outcome Jan–Apr 2026, budget Jan–Apr 2026, outcome Jan–Apr 2025]."""

    cells: dict[tuple[str, str], list[int]] = field(default_factory=dict)
    elected: dict[str, list[int]] = field(default_factory=dict)  # printed name -> [u, b, p]

    def add(self, key: str, row: str, column: int, amount: int) -> None:
        self.cells.setdefault((key, row), [0, 0, 0])[column] += amount


def allocate(structure: Structure, figures: dict | None = None) -> Amounts:
    """Split the solved table over departments so that every printed figure holds."""
    table = solve_table(figures) if figures else solved_table()
    figures = figures or load_figures()
    budgets = {
        name: round(mkr * 1_000_000) for name, mkr in figures["prognosis_budget_mkr"].items()
    }
    amounts = Amounts()
    for row, (u, b, p) in table.items():
        if row == "personalkostnader":
            continue
        for key, percent in ROW_SHARES.get(row, {}).items():
            for column, total in enumerate((u, b, p)):
                amounts.add(
                    key,
                    row,
                    column,
                    total * percent // 100 if total >= 0 else -((-total * percent) // 100),
                )

    # Elected members: personnel (arvoden) and other costs, budget 1/12 per month.
    for name, (pu, pb, _) in figures["elected_members"].items():
        u, b = pu * 1000, pb * 1000
        p = _share(u, 968)
        amounts.elected[name] = [u, b, p]

    # Departments' budgets: Jan–Apr is a third of the printed full-year budget; the
    # personnel row (Vårdval: purchases) makes up the difference to the other rows.
    for dept in structure.departments:
        dept.yearly_budget = budgets[dept.name]
        target = _third(dept.yearly_budget)
        others = sum(v[1] for (k, r), v in amounts.cells.items() if k == dept.key)
        if dept.key == "VV":
            amounts.add("VV", "personalkostnader", 1, VV_PERSONNEL_BUDGET)
            amounts.add("VV", "kop-av-verksamhet", 1, target - others - VV_PERSONNEL_BUDGET)
        else:
            amounts.add(dept.key, "personalkostnader", 1, target - others)
        staff_budget = amounts.cells[(dept.key, "personalkostnader")][1]
        staff = _share(staff_budget, PERSONNEL_OUTCOME[dept.key])
        amounts.add(dept.key, "personalkostnader", 0, staff)
        amounts.add(dept.key, "personalkostnader", 2, staff * 1000 // PERSONNEL_GROWTH[dept.key])

    # Regiongemensamt: the rest of each row.
    for row, totals in table.items():
        for column, total in enumerate(totals):
            used = sum(v[column] for (k, r), v in amounts.cells.items() if r == row)
            if row in ("personalkostnader", "ovriga-kostnader"):
                used += sum(_elected_row(e, row)[column] for e in amounts.elected.values())
            amounts.add("RG", row, column, total - used)
    return amounts


def _third(yearly: int) -> int:
    return -((-yearly) // 3) if yearly < 0 else yearly // 3


def _elected_row(values: list[int], row: str) -> list[int]:
    staff = [_share(v, 850) for v in values]
    if row == "personalkostnader":
        return staff
    return [v - s for v, s in zip(values, staff, strict=True)]


# --------------------------------------------------------------------------- ledger cells


@dataclass
class LedgerCells:
    """Whole-krona amounts per (cost centre, account, yyyymm): outcome 2026, budget
    2026, outcome 2025 — Styra's signs (income +, cost −)."""

    outcome: dict[tuple[str, str, int], int] = field(default_factory=dict)
    budget: dict[tuple[str, str, int], int] = field(default_factory=dict)
    previous: dict[tuple[str, str, int], int] = field(default_factory=dict)

    @staticmethod
    def _add(target, key, amount) -> None:
        if amount:
            target[key] = target.get(key, 0) + amount


def ledger_cells(structure: Structure, amounts: Amounts) -> LedgerCells:
    cells = LedgerCells()
    by_key = {d.key: d for d in structure.all}
    items = [(by_key[k], row, values) for (k, row), values in sorted(amounts.cells.items())]
    for name, values in sorted(amounts.elected.items()):
        code, _ = structure.elected[name]
        dept = Department(name, name, structure.elected_unit, [(code, name)])
        for row in ("personalkostnader", "ovriga-kostnader"):
            items.append((dept, row, _elected_row(values, row)))
    for dept, row, (u, b, p) in items:
        centres = [code for code, _ in dept.cost_centres]
        # The first cost centre (often the department's own) carries the most.
        weights = [max(1, 6 - 2 * i) for i in range(len(centres))]
        accounts = ACCOUNTS[row]
        for centre, cu, cb, cp in zip(
            centres, split(u, weights), split(b, weights), split(p, weights), strict=True
        ):
            shares = [share for _, _, share in accounts]
            for (account, _, _), au, ab, ap in zip(
                accounts, split(cu, shares), split(cb, shares), split(cp, shares), strict=True
            ):
                for month, amount in enumerate(split(au, list(OUTCOME_MONTHS)), start=1):
                    cells._add(cells.outcome, (centre, account, YEAR * 100 + month), amount)
                for month, amount in enumerate(split(ab, [1, 1, 1, 1]), start=1):
                    cells._add(cells.budget, (centre, account, YEAR * 100 + month), amount)
                for month, amount in enumerate(split(2 * ab, [1] * 8), start=5):
                    cells._add(cells.budget, (centre, account, YEAR * 100 + month), amount)
                # Last year: January–April as the table says, the rest in its shape.
                first = list(PREVIOUS_YEAR_MONTHS[:4])
                for month, amount in enumerate(split(ap, first), start=1):
                    cells._add(cells.previous, (centre, account, (YEAR - 1) * 100 + month), amount)
                rest = _share(ap, 1000 * sum(PREVIOUS_YEAR_MONTHS[4:]) // sum(first))
                for month, amount in enumerate(
                    split(rest, list(PREVIOUS_YEAR_MONTHS[4:])), start=5
                ):
                    cells._add(cells.previous, (centre, account, (YEAR - 1) * 100 + month), amount)
    _exact_yearly_budgets(structure, cells)
    return cells


def _exact_yearly_budgets(structure: Structure, cells: LedgerCells) -> None:
    """Make each department's twelve budget months sum to its printed yearly budget."""
    for dept in structure.departments:
        centres = {code for code, _ in dept.cost_centres}
        total = sum(v for (cc, _, _), v in cells.budget.items() if cc in centres)
        key = (dept.cost_centres[0][0], ACCOUNTS["personalkostnader"][0][0], YEAR * 100 + 12)
        cells._add(cells.budget, key, dept.yearly_budget - total)


# --------------------------------------------------------------------------- the file


def account_names() -> dict[str, str]:
    names = {BANK: "Bank"}
    for accounts in ACCOUNTS.values():
        names.update({number: name for number, name, _ in accounts})
    return dict(sorted(names.items()))


def write_sie(path: Path, structure: Structure | None = None) -> Path:
    """Write the demo ledger to `path` (SIE 4, cp437) and return the path."""
    structure = structure or structure_from_org()
    cells = ledger_cells(structure, allocate(structure))
    centres = [c for d in structure.all for c in d.cost_centres] + sorted(
        structure.elected.values()
    )
    with SieWriter(path, company=COMPANY, orgnr=ORGNR, generated=date(YEAR, 5, 4)) as sie:
        sie.fiscal_year(0, date(YEAR, 1, 1), date(YEAR, 12, 31))
        sie.fiscal_year(-1, date(YEAR - 1, 1, 1), date(YEAR - 1, 12, 31))
        for account, name in account_names().items():
            sie.account(account, name)
        sie.dimension(1, "Kostnadsställe")
        for code, name in centres:
            sie.object(1, code, name)
        # SIE amounts are debit positive: Styra's signs turn around (× −100 to öre).
        for (centre, account, period), kr in sorted(cells.previous.items()):
            sie.period_balance(-1, period, account, -kr * 100, objects=((1, centre),))
        for (centre, account, period), kr in sorted(cells.budget.items()):
            sie.period_budget(0, period, account, -kr * 100, objects=((1, centre),))
        number = 0
        for month in range(1, 5):
            for code, name in centres:
                rows = [
                    VoucherRow(account, -kr * 100, objects=((1, centre),))
                    for (centre, account, period), kr in sorted(cells.outcome.items())
                    if centre == code and period == YEAR * 100 + month
                ]
                if not rows:
                    continue
                number += 1
                balance = -sum(r.amount_ore for r in rows)
                rows.append(VoucherRow(BANK, balance))
                day = date(YEAR, month, 25)
                sie.voucher("A", str(number), day, f"Periodens bokföring {name}", rows)
    return path


# --------------------------------------------------------------------------- structure


def structure_from_org(org_file: Path | None = None) -> Structure:
    """The departments' cost centres as the demo organisation file
    (`styra/demo/data/org.yaml`, format `styra-org/1`) has them on 2026-04-30 (today's
    structure: cost centres that moved are counted where they are now); without that
    file, `default_structure()`.

    The departments are found by their names in the prognosis table. The elected
    members' cost centres by their names (Regionfullmäktige, Regionstyrelse). A unit
    called "Regiongemensamt" holds the region-wide remainder; when the organisation
    has none, cost centre `COMMON_CODE` directly under the top unit does (see
    `demo.load`).
    """
    org_file = org_file or Path(__file__).resolve().parent / "data" / "org.yaml"
    if not org_file.is_file():
        return default_structure()
    data = YAML(typ="safe").load(org_file.read_text(encoding="utf-8")) or {}
    day = date(YEAR, 4, 30)

    def valid(item) -> bool:
        start = _as_date(item.get("valid_from")) or date.min
        end = _as_date(item.get("valid_to")) or date.max
        return start <= day <= end

    versions = {
        u["code"]: next((v for v in u.get("versions", []) if valid(v)), None)
        for u in data.get("units", [])
    }
    versions = {code: v for code, v in versions.items() if v}
    centre_unit = {}
    centre_names = {}
    for centre in data.get("cost_centres", []):
        mapping = next((m for m in centre.get("units", []) if valid(m)), None)
        if mapping:
            centre_unit[str(centre["code"])] = mapping["unit"]
            centre_names[str(centre["code"])] = centre.get("name", str(centre["code"]))

    def under(code: str) -> set[str]:
        found, stack = set(), [code]
        while stack:
            current = stack.pop()
            found.add(current)
            stack.extend(c for c, v in versions.items() if v.get("parent") == current)
        return found

    by_name = {v["name"]: code for code, v in versions.items()}
    top = by_name.get("Regionstyrelsen", "RS")
    departments = []
    for key, name, default_code, _ in DEFAULT_DEPARTMENTS:
        code = by_name.get(name, default_code)
        units = under(code)
        centres = sorted((c, centre_names[c]) for c, u in centre_unit.items() if u in units)
        departments.append(Department(key, name, code, centres))
    elected = {
        name: (code, name)
        for code, name in centre_names.items()
        if name in ("Regionfullmäktige", "Regionstyrelse")
    }
    common_code = by_name.get("Regiongemensamt")
    common_centres = (
        sorted((c, centre_names[c]) for c, u in centre_unit.items() if u in under(common_code))
        if common_code
        else []
    )
    common = Department(
        "RG",
        "Regiongemensamt",
        common_code or top,
        common_centres or [(COMMON_CODE, "Regiongemensamt")],
    )
    elected_unit = centre_unit.get(next(iter(elected.values()))[0], top) if elected else top
    return Structure(
        top_unit=top,
        departments=departments,
        common=common,
        elected_unit=elected_unit,
        elected=elected,
    )


def _as_date(value) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))
