"""`ledger_import_table`: ledger facts from a CSV or XLSX file.

Columns (first row, in any order; upper/lower case and å/ä/ö-less spellings accepted):

    kostnadsställe;konto;månad;typ;belopp
    4711;5010;2026-01;utfall;-125 000,50
    4711;5010;2026;budget;-1 500 000

- `månad` is `YYYY-MM`; a bare `YYYY` is a whole-year budget (spread by the budget
  profile). `typ` is `utfall`, `budget` or `prognos`.
- `belopp` is kronor, income positive and cost negative (§7.3), Swedish decimal comma
  and thousands spaces accepted (a point works too).
- CSV: semicolon separated (comma and tab are recognised), UTF-8 (with or without BOM)
  or Windows-1252. XLSX: the first sheet. Both are read by `styra.formats.tabular`,
  with its limits on size, rows and columns; a file with only a header is refused.
- Cost-centre and account codes are letters, digits, "-", "_" and "." only.
Every problem is collected with file, line and column (`styra.formats.problems.
ImportProblem`, at most 50) before anything is written, and raised as `ImportFailed`;
`LedgerImportError` is left for refusals of the import as a whole (unknown cost centres,
a closed period).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from django.utils.translation import gettext as _

from styra.formats.amounts import amount_range_error
from styra.formats.numbers import parse_number
from styra.formats.problems import ImportFailed, ImportProblem
from styra.formats.tabular import read_table
from styra.formats.text import column_max_length
from styra.org.models import CostCentre

from .. import rules
from ..models import FactKind, ImportKind, LedgerFact
from .facts import FactRow, ImportReport, ledger_facts_replace
from .sie_import import file_sha256

COLUMNS = {
    "kostnadsstalle": "cost_centre",
    "konto": "account",
    "manad": "month",
    "typ": "kind",
    "belopp": "amount",
}
#: How each column is named in problems (the file's own spelling may lack å, ä, ö).
LABELS = {
    "cost_centre": "kostnadsställe",
    "account": "konto",
    "month": "månad",
    "kind": "typ",
    "amount": "belopp",
}
KINDS = {"utfall": FactKind.OUTCOME, "budget": FactKind.BUDGET, "prognos": FactKind.FORECAST}
MAX_PROBLEMS = 50
#: A cost-centre or account code: letters, digits, "-", "_" and "." (no blanks, no
#: separators, no control characters, which would make codes that look alike differ).
CODE = re.compile(r"[^\W_][\w.-]*")


def _normalise(name: object) -> str:
    text = unicodedata.normalize("NFKD", str(name or "").strip().lower())
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def _month(value: object) -> tuple[date, bool]:
    if isinstance(value, datetime | date):
        return date(value.year, value.month, 1), False
    text = str(value).strip()
    if len(text) == 4 and text.isdigit():
        return date(int(text), 1, 1), True
    year, sep, month = text.partition("-")
    if sep and year.isdigit() and month.isdigit() and len(year) == 4 and 1 <= int(month) <= 12:
        return date(int(year), int(month), 1), False
    raise ValueError(_("månaden ska skrivas ÅÅÅÅ-MM (eller ÅÅÅÅ för helårsbudget)"))


def _amount(value: object) -> Decimal:
    if isinstance(value, int | float) and not isinstance(value, bool):
        amount = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    else:
        try:
            amount = parse_number(str(value))
        except ValueError:
            raise ValueError(_("beloppet är inget tal")) from None
    message = amount_range_error(amount, exact=False)
    if message:
        raise ValueError(message)
    return amount


def _code(value: object) -> str:
    # Excel turns 4711 into 4711.0; a code is text.
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value if value is not None else "").strip()


def _code_problem(code: str, max_length: int) -> str | None:
    if not code:
        return _("värde saknas")
    if len(code) > max_length:
        return _("koden är längre än %(n)s tecken") % {"n": max_length}
    if not CODE.fullmatch(code):
        return _("”%(code)s” är ingen giltig kod (bokstäver, siffror, - _ och . )") % {"code": code}
    return None


def ledger_import_table(
    *,
    path: Path,
    year: int,
    source: str | None = None,
    user,
    dry_run: bool = False,
    allow_empty: bool = False,
) -> ImportReport:
    """Import (or with `dry_run`, only check) the rows of year `year` in a CSV/XLSX file.

    The file is read by the shared reader (`styra.formats.tabular`), with its limits.
    An import replaces everything its source holds for the year, so a file with only a
    header is refused rather than silently emptying the source; `allow_empty` (the
    command's `--allow-empty`) empties it on purpose. `user` is who imports: a
    controller or administrator of the units whose cost centres it writes (`rules`);
    None only for a dry run.
    """
    if not dry_run:
        rules.require_importer(user, date(year, 12, 31))
    path = Path(path)
    kind = ImportKind.XLSX if path.suffix.lower() in (".xlsx", ".xlsm") else ImportKind.CSV
    if not path.is_file():
        raise ImportFailed([ImportProblem(path.name, 0, "", _("filen finns inte"))])
    table = read_table(path, allow_empty=True)  # raises ImportFailed for a file it cannot read
    if not table.rows and not allow_empty:
        message = _(
            "filen innehåller inga rader. En import ersätter allt som källan %(source)s har "
            "för %(year)s, så filen skulle tömma källan. Vill du tömma den, kör importen igen "
            "med --allow-empty."
        ) % {"source": source or path.stem, "year": year}
        raise ImportFailed([ImportProblem(path.name, 2, "", message)])

    header = [_normalise(h) for h in table.header]
    for name, label in zip(COLUMNS, LABELS.values(), strict=True):
        if name not in header:
            table.problem(
                1,
                label,
                _("kolumnen saknas (förväntade: %(expected)s)")
                % {"expected": "kostnadsställe;konto;månad;typ;belopp"},
            )
    table.raise_if_problems()
    column_of = {COLUMNS[name]: table.header[header.index(name)] for name in COLUMNS}
    code_lengths = {
        "cost_centre": column_max_length(CostCentre, "code"),
        "account": column_max_length(LedgerFact, "account"),
    }
    rows: list[FactRow] = []

    def problem(line: int, column: str, message: str) -> None:
        table.problem(line, LABELS[column], message)

    for line, cells in table.rows:
        values = {key: cells.get(column) for key, column in column_of.items()}
        ok = True
        cost_centre, account = _code(values["cost_centre"]), _code(values["account"])
        for column, value in (("cost_centre", cost_centre), ("account", account)):
            code_problem = _code_problem(value, code_lengths[column])
            if code_problem:
                problem(line, column, code_problem)
                ok = False
        try:
            month, yearly = _month(values["month"])
            if month.year != year:
                problem(line, "month", _("raden gäller inte år %(year)s") % {"year": year})
                ok = False
        except ValueError as exc:
            problem(line, "month", str(exc))
            ok = False
        fact_kind = KINDS.get(_normalise(values["kind"]))
        if fact_kind is None:
            problem(line, "kind", _("typen ska vara utfall, budget eller prognos"))
            ok = False
        elif ok and yearly and fact_kind == FactKind.OUTCOME:
            problem(line, "month", _("utfall anges per månad (ÅÅÅÅ-MM)"))
            ok = False
        try:
            amount = _amount(values["amount"])
        except ValueError as exc:
            problem(line, "amount", str(exc))
            ok = False
        if ok and fact_kind is not None:
            rows.append(FactRow(cost_centre, account, month, fact_kind, amount, yearly=yearly))
        if len(table.problems) >= MAX_PROBLEMS:
            break
    table.raise_if_problems()
    return ledger_facts_replace(
        source=source or path.stem,
        file_name=path.name,
        kind=kind,
        fiscal_year=year,
        rows=rows,
        file_sha256=file_sha256(path),
        user=user,
        dry_run=dry_run,
    )
