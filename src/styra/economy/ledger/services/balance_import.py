"""`ledger_import_balances`: balance-sheet amounts from a CSV or XLSX file (long format).

Columns (first row, in any order; upper/lower case and å/ä/ö-less spellings accepted):

    konto;enhet;objekt;period;typ;belopp
    1930;RS;;2026;IB;12 500 000,00
    1930;RS;;2026-01;period;-1 250 000,50
    2440;RS;4711;2026-04;UB;-310 000
    2440;RS;4711;2026-04-30;UB;-310 000

- `konto` is a balance-sheet account (class 1–2); `typ` is `IB` (the year's opening
  balance), `period` (the month's change) or `UB` (the balance at the end of the month).
- `enhet` (optional column) is the unit whose balance sheet the row belongs to; empty,
  or without the column, the import's entity (`--entity`, else the organisation's top
  unit). `objekt` (optional) is a cost centre the balance is given for.
- `period` (or `datum`) is `ÅÅÅÅ-MM`, a date `ÅÅÅÅ-MM-DD` (its month) or `ÅÅÅÅ` (January
  for IB, December for UB).
- `belopp` is kronor, **debit positive** as in the ledger and SIE (assets positive,
  equity and liabilities negative); Swedish decimal comma and thousands spaces accepted.
- A `UB` row of an account, entity and object that also has `period` rows must equal
  the opening balance plus the changes up to its month; without `period` rows the `UB`
  rows give the changes (UB − the balance before).

The file is read by `styra.formats.tabular`; every problem is collected with file,
line and column before anything is written, and raised as `ImportFailed`. The rows go
through the same write as a SIE file's balances (`ledger_facts_replace`): all or
nothing, the same source and year replaces the earlier import, a change to what a
locked round is built from is refused.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from django.utils.translation import gettext as _

from styra.formats.numbers import format_number
from styra.formats.problems import ImportFailed, ImportProblem
from styra.formats.tabular import read_table
from styra.formats.text import column_max_length
from styra.org.models import CostCentre, Unit

from .. import rules
from ..models import BalanceFact, BalanceKind, ImportKind
from .facts import BalanceRow, ImportReport, ledger_facts_replace
from .sie_import import balance_entity, file_sha256, is_balance_account
from .table_import import MAX_PROBLEMS, _amount, _code, _code_problem, _normalise

#: The file's column (normalised spelling) → the field; `datum` and `manad` are
#: accepted for `period`.
COLUMNS = {
    "konto": "account",
    "enhet": "entity",
    "objekt": "cost_centre",
    "period": "period",
    "typ": "kind",
    "belopp": "amount",
}
ALIASES = {"datum": "period", "manad": "period"}
REQUIRED = ("account", "period", "kind", "amount")
LABELS = {
    "account": "konto",
    "entity": "enhet",
    "cost_centre": "objekt",
    "period": "period",
    "kind": "typ",
    "amount": "belopp",
}
OPENING, CLOSING, MOVEMENT = "ib", "ub", "period"
KINDS = {"ib": OPENING, "ub": CLOSING, "period": MOVEMENT, "psaldo": MOVEMENT}


@dataclass(frozen=True)
class _Row:
    line: int
    entity: str
    cost_centre: str
    account: str
    month: date
    kind: str
    amount: Decimal


def _month(value: object, kind: str, year: int) -> date:
    if isinstance(value, datetime | date):
        return date(value.year, value.month, 1)
    text = str(value if value is not None else "").strip()
    if len(text) == 4 and text.isdigit():
        return date(int(text), 12 if kind == CLOSING else 1, 1)
    try:
        day = date.fromisoformat(text)
        return date(day.year, day.month, 1)
    except ValueError:
        pass
    head, sep, tail = text.partition("-")
    if sep and head.isdigit() and tail.isdigit() and len(head) == 4 and 1 <= int(tail) <= 12:
        return date(int(head), int(tail), 1)
    raise ValueError(_("perioden ska skrivas ÅÅÅÅ-MM, ÅÅÅÅ-MM-DD eller ÅÅÅÅ"))


def ledger_import_balances(
    *,
    path: Path,
    year: int,
    source: str | None = None,
    entity: str | None = None,
    user,
    dry_run: bool = False,
) -> ImportReport:
    """Import (or with `dry_run`, only check) the balances of year `year` in a CSV/XLSX file.

    `entity` is the unit code for rows without one (default: the organisation's top
    unit). `user` is who imports: a controller or administrator of every entity the
    file writes (`rules`); None only for a dry run.
    """
    if not dry_run:
        rules.require_importer(user, date(year, 12, 31))
    path = Path(path)
    kind = ImportKind.XLSX if path.suffix.lower() in (".xlsx", ".xlsm") else ImportKind.CSV
    if not path.is_file():
        raise ImportFailed([ImportProblem(path.name, 0, "", _("filen finns inte"))])
    table = read_table(path)  # refuses an empty file: it would empty the source
    header = [ALIASES.get(_normalise(h), _normalise(h)) for h in table.header]
    for name in (n for n, f in COLUMNS.items() if f in REQUIRED):
        if name not in header:
            table.problem(
                1,
                name,
                _("kolumnen saknas (förväntade: %(expected)s)")
                % {"expected": "konto;enhet;objekt;period;typ;belopp"},
            )
    table.raise_if_problems()
    column_of = {
        COLUMNS[name]: table.header[header.index(name)] for name in COLUMNS if name in header
    }
    lengths = {
        "account": column_max_length(BalanceFact, "account"),
        "entity": column_max_length(Unit, "code"),
        "cost_centre": column_max_length(CostCentre, "code"),
    }
    default_entity = balance_entity(entity, date(year, 12, 31))
    rows: list[_Row] = []

    def problem(line: int, column: str, message: str) -> None:
        table.problem(line, column_of.get(column, LABELS[column]), message)

    for line, cells in table.rows:
        values = {key: cells.get(column) for key, column in column_of.items()}
        ok = True
        codes = {}
        for column in ("account", "entity", "cost_centre"):
            codes[column] = _code(values.get(column))
            if column != "account" and not codes[column]:
                continue
            code_problem = _code_problem(codes[column], lengths[column])
            if code_problem:
                problem(line, column, code_problem)
                ok = False
        if ok and not is_balance_account(codes["account"]):
            problem(
                line,
                "account",
                _("konto %(account)s är inget balanskonto (klass 1–2)")
                % {"account": codes["account"]},
            )
            ok = False
        row_kind = KINDS.get(_normalise(values["kind"]))
        if row_kind is None:
            problem(line, "kind", _("typen ska vara IB, UB eller period"))
            ok = False
        month = None
        try:
            month = _month(values["period"], row_kind or MOVEMENT, year)
            if month.year != year:
                problem(line, "period", _("raden gäller inte år %(year)s") % {"year": year})
                ok = False
            elif row_kind == OPENING and month.month != 1:
                problem(line, "period", _("ingående balans gäller januari (ÅÅÅÅ eller ÅÅÅÅ-01)"))
                ok = False
        except ValueError as exc:
            problem(line, "period", str(exc))
            ok = False
        try:
            amount = _amount(values["amount"])
        except ValueError as exc:
            problem(line, "amount", str(exc))
            ok = False
        if ok and row_kind is not None and month is not None:
            rows.append(
                _Row(
                    line,
                    codes["entity"],
                    codes["cost_centre"],
                    codes["account"],
                    month,
                    row_kind,
                    amount,
                )
            )
        if len(table.problems) >= MAX_PROBLEMS:
            break
    table.raise_if_problems()
    _check_codes(table, rows, column_of)
    table.raise_if_problems()
    balances = _balances(table, rows, column_of)
    table.raise_if_problems()
    return ledger_facts_replace(
        source=source or path.stem,
        file_name=path.name,
        kind=kind,
        fiscal_year=year,
        rows=[],
        file_sha256=file_sha256(path),
        user=user,
        dry_run=dry_run,
        balances=balances,
        entity=default_entity,
    )


def _check_codes(table, rows: list[_Row], column_of: dict[str, str]) -> None:
    """Every unit and cost centre the file names exists; a problem on each line that
    names one that does not."""
    units = set(
        Unit.objects.filter(code__in={r.entity for r in rows if r.entity}).values_list(
            "code", flat=True
        )
    )
    wanted = sorted({r.cost_centre for r in rows if r.cost_centre})
    centres: set[str] = set()
    for start in range(0, len(wanted), 900):
        chunk = wanted[start : start + 900]
        centres.update(CostCentre.objects.filter(code__in=chunk).values_list("code", flat=True))
    for row in rows:
        if row.entity and row.entity not in units:
            table.problem(
                row.line,
                column_of["entity"],
                _("enheten %(code)s finns inte") % {"code": row.entity},
            )
        if row.cost_centre and row.cost_centre not in centres:
            table.problem(
                row.line,
                column_of["cost_centre"],
                _("kostnadsstället %(code)s finns inte") % {"code": row.cost_centre},
            )
        if len(table.problems) >= MAX_PROBLEMS:
            return


def _balances(table, rows: list[_Row], column_of: dict[str, str]) -> list[BalanceRow]:
    """The opening balances and monthly changes of the rows; UB rows are checked against
    the changes or, where a series has none, turned into them."""
    series: dict[tuple[str, str, str], list[_Row]] = defaultdict(list)
    for row in rows:
        series[(row.entity, row.cost_centre, row.account)].append(row)
    result: list[BalanceRow] = []
    for (entity, centre, account), items in series.items():
        opening = [r for r in items if r.kind == OPENING]
        moves = [r for r in items if r.kind == MOVEMENT]
        closings: dict[date, _Row] = {}
        for row in (r for r in items if r.kind == CLOSING):
            if row.month in closings:
                table.problem(
                    row.line,
                    column_of["period"],
                    _("utgående balans för %(month)s anges också på rad %(line)s")
                    % {"month": row.month.strftime("%Y-%m"), "line": closings[row.month].line},
                )
                continue
            closings[row.month] = row
        balance = sum((r.amount for r in opening), Decimal(0))
        result.extend(
            BalanceRow(account, r.month, BalanceKind.OPENING, r.amount, entity, centre)
            for r in opening
        )
        result.extend(
            BalanceRow(account, r.month, BalanceKind.MOVEMENT, r.amount, entity, centre)
            for r in moves
        )
        for month in sorted(closings):
            row = closings[month]
            if moves:
                expected = balance + sum((r.amount for r in moves if r.month <= month), Decimal(0))
                if expected != row.amount:
                    table.problem(
                        row.line,
                        column_of["amount"],
                        _(
                            "utgående balans %(closing)s stämmer inte med ingående balans och "
                            "periodernas förändring (%(expected)s)"
                        )
                        % {
                            "closing": format_number(row.amount, 2),
                            "expected": format_number(expected, 2),
                        },
                    )
                continue
            change = row.amount - balance
            balance = row.amount
            if change:
                result.append(
                    BalanceRow(account, month, BalanceKind.MOVEMENT, change, entity, centre)
                )
    return result
