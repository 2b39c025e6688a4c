"""Financial statements, key ratios and financial goals computed from the ledger.

`statement_table(statement_set=, statement=, unit=, period_end=, columns=)` evaluates
one statement of a set for a unit: flows (`flow()`) are the unit's cost centres' facts
(as the tree stood on `period_end`, so earlier years are in today's structure),
balances (`balance()`, `opening()`, `change()`) the balance facts of the unit and the
entities under it. Amounts are unrounded kronor; rounding is the presentation's.

Column kinds (each with a Swedish default label):

| kind | what |
|---|---|
| outcome | outcome January … the period's month (balance: at the period's end) |
| outcome_prev, outcome_prev2 | the same, one and two years back |
| year_end_prev | the whole previous year (balance: at its end) |
| budget_year, budget_period | the year's budget; January … the period's month (whole-year budgets as twelfths) |
| forecast | the year's forecast (facts of kind forecast) |
| deviation | outcome − budget_period (positive is better than budget) |
| forecast_deviation | forecast − budget_year |
| change | outcome − outcome_prev |
| change_percent | (outcome − outcome_prev) / outcome_prev × 100, by the signed previous value |

Balances exist only for outcome: in budget and forecast columns they are None. So do
`record()` figures (pension commitment, liquid assets, credit facility: kept in
economy.registers, which lies above the ledger): the caller passes `records`, a
function (kind, day) → amount or None, and a formula asks for the record on the
column's last day; `days()` is the number of days from 1 January to that day.
Queries: two per scenario (flows, balances) plus two for the tree, whatever the size.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Protocol

from django.db.models import Sum

from styra.org.models import Unit
from styra.org.selectors import cost_centres_under, subtree_unit_ids

from ..models import BalanceFact, BalanceKind, FactKind, LedgerFact
from .config import Goal, Ratio, Statement, StatementSet, StatementSetError
from .formula import AccountRange, Evaluator, in_ranges

ZERO = Decimal(0)
HUNDRED = Decimal(100)
MONTHS_SHORT = ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]


@dataclass(frozen=True)
class Scenario:
    year: int
    month: int
    kind: str  # FactKind value


BASE_KINDS = {
    "outcome": (0, None, FactKind.OUTCOME),
    "outcome_prev": (1, None, FactKind.OUTCOME),
    "outcome_prev2": (2, None, FactKind.OUTCOME),
    "year_end_prev": (1, 12, FactKind.OUTCOME),
    "budget_year": (0, 12, FactKind.BUDGET),
    "budget_period": (0, None, FactKind.BUDGET),
    "forecast": (0, 12, FactKind.FORECAST),
}
DERIVED_KINDS = {
    "deviation": ("outcome", "budget_period"),
    "forecast_deviation": ("forecast", "budget_year"),
    "change": ("outcome", "outcome_prev"),
    "change_percent": ("outcome", "outcome_prev"),
}
COLUMN_KINDS = tuple(BASE_KINDS) + tuple(DERIVED_KINDS)


class RecordLookup(Protocol):
    """A figure kept as a record: `kind` (a FinancialRecordKind value) on `day`;
    `optional` when the formula has a value for a missing one (`record(kind, 0)`)."""

    def __call__(self, kind: str, day: date, optional: bool = False) -> Decimal | None: ...


def _last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def period_days(year: int, month: int) -> Decimal:
    """Days from 1 January to the end of `month` (243 for January–August 2026, 366 for
    the whole of 2024): the `days()` of a formula, over which a period's costs are a
    daily average."""
    return Decimal((_last_day(year, month) - date(year, 1, 1)).days + 1)


def scenario_for(kind: str, period_end: date) -> Scenario:
    back, month, fact_kind = BASE_KINDS[kind]
    return Scenario(period_end.year - back, month or period_end.month, fact_kind)


def default_label(kind: str, period_end: date, basis: str) -> str:
    year, month = period_end.year, period_end.month
    period = f"{MONTHS_SHORT[0]}–{MONTHS_SHORT[month - 1]}" if month > 1 else MONTHS_SHORT[0]
    if kind in BASE_KINDS:
        scenario = scenario_for(kind, period_end)
        if basis == "balance" and scenario.kind == FactKind.OUTCOME:
            return _last_day(scenario.year, scenario.month).isoformat()
        if kind == "year_end_prev" or (scenario.month == 12 and kind.startswith("outcome")):
            return f"Utfall {scenario.year}"
        if kind.startswith("outcome"):
            return f"Utfall {period} {scenario.year}"
        if kind == "budget_year":
            return f"Budget {year}"
        if kind == "budget_period":
            return f"Budget {period} {year}"
        return f"Prognos {year}"
    return {
        "deviation": "Avvikelse mot budget",
        "forecast_deviation": "Prognos­avvikelse",
        "change": "Förändring",
        "change_percent": "Förändring %",
    }[kind]


# --- the data of one unit ---------------------------------------------------------------


class LedgerData:
    """Per-account sums of one unit, read once per scenario."""

    def __init__(self, unit: Unit, period_end: date, records: RecordLookup | None = None):
        self.unit = unit
        self.period_end = period_end
        self.records = records
        self.centre_ids = list(cost_centres_under(unit, period_end).values_list("pk", flat=True))
        self.entity_ids = subtree_unit_ids(unit, period_end)
        self._flows: dict[Scenario, dict[str, Decimal] | None] = {}
        self._balances: dict[Scenario, tuple[dict[str, Decimal], dict[str, Decimal]] | None] = {}
        self._values: dict[tuple[str, Scenario], ScenarioValues] = {}

    def values(self, statement_set: StatementSet, scenario: Scenario) -> ScenarioValues:
        """The set's rows and ratios for `scenario`, evaluated once."""
        key = (statement_set.code, scenario)
        if key not in self._values:
            self._values[key] = ScenarioValues(statement_set, self, scenario)
        return self._values[key]

    def flows(self, scenario: Scenario) -> dict[str, Decimal] | None:
        if scenario not in self._flows:
            start, end = date(scenario.year, 1, 1), date(scenario.year, scenario.month, 1)
            sums: dict[str, Decimal] = defaultdict(lambda: ZERO)
            rows = (
                LedgerFact.objects.filter(
                    cost_centre_id__in=self.centre_ids,
                    kind=scenario.kind,
                    month__gte=start,
                    month__lte=end,
                )
                .values_list("account", "yearly")
                .annotate(total=Sum("amount"))
                .order_by()
            )
            found = False
            for account, yearly, total in rows:
                found = True
                share = Decimal(scenario.month) / 12 if yearly else 1
                sums[account] += total * share
            self._flows[scenario] = dict(sums) if found else None
        return self._flows[scenario]

    def balances(self, scenario: Scenario) -> tuple[dict[str, Decimal], dict[str, Decimal]] | None:
        """(opening, at the end of the scenario's month) per account; None without data."""
        if scenario.kind != FactKind.OUTCOME:
            return None
        if scenario not in self._balances:
            start, end = date(scenario.year, 1, 1), date(scenario.year, scenario.month, 1)
            opening: dict[str, Decimal] = defaultdict(lambda: ZERO)
            closing: dict[str, Decimal] = defaultdict(lambda: ZERO)
            rows = (
                BalanceFact.objects.filter(
                    entity_id__in=self.entity_ids, month__gte=start, month__lte=end
                )
                .values_list("account", "kind")
                .annotate(total=Sum("amount"))
                .order_by()
            )
            found = False
            for account, kind, total in rows:
                found = True
                closing[account] += total
                if kind == BalanceKind.OPENING:
                    opening[account] += total
            self._balances[scenario] = (dict(opening), dict(closing)) if found else None
        return self._balances[scenario]


class ScenarioValues:
    """Every row and ratio of a set, evaluated lazily for one scenario."""

    def __init__(self, statement_set: StatementSet, data: LedgerData, scenario: Scenario):
        self.set = statement_set
        self.data = data
        self.scenario = scenario
        self.memo: dict[tuple[str, str], Decimal | None] = {}
        self.busy: set[tuple[str, str]] = set()
        self.current: list[str] = []

    def _accounts(self, function: str, ranges: tuple[AccountRange, ...]) -> Decimal | None:
        if function == "flow":
            flows = self.data.flows(self.scenario)
            if flows is None:
                return None
            return sum((v for a, v in flows.items() if in_ranges(a, ranges)), ZERO)
        balances = self.data.balances(self.scenario)
        if balances is None:
            return None
        opening, closing = balances
        at_end = sum((v for a, v in closing.items() if in_ranges(a, ranges)), ZERO)
        at_start = sum((v for a, v in opening.items() if in_ranges(a, ranges)), ZERO)
        return {"balance": at_end, "opening": at_start, "change": at_end - at_start}[function]

    def _reference(self, function: str, name: str) -> Decimal | None:
        if function == "ratio":
            return self.ratio(name)
        statement, _, row = name.rpartition(".")
        if function == "previous":
            earlier = Scenario(self.scenario.year - 1, self.scenario.month, self.scenario.kind)
            return self.data.values(self.set, earlier).row(statement or self.current[-1], row)
        return self.row(statement or self.current[-1], row)

    def _record(self, kind: str, optional: bool) -> Decimal | None:
        """The record of `kind` on the scenario's last day; only outcome has records."""
        if self.scenario.kind != FactKind.OUTCOME or self.data.records is None:
            return None
        day = _last_day(self.scenario.year, self.scenario.month)
        return self.data.records(kind, day, optional)

    def _days(self) -> Decimal:
        return period_days(self.scenario.year, self.scenario.month)

    def _evaluator(self) -> Evaluator:
        return Evaluator(
            accounts=self._accounts,
            reference=self._reference,
            record=self._record,
            days=self._days,
        )

    def row(self, statement_code: str, row_code: str) -> Decimal | None:
        key = (statement_code, row_code)
        if key in self.memo:
            return self.memo[key]
        if key in self.busy:
            raise StatementSetError(
                f"{self.set.path or self.set.code}: raden {statement_code}.{row_code} "
                "beror på sig själv"
            )
        self.busy.add(key)
        statement = self.set.statement(statement_code)
        row = statement.row(row_code)
        if row is None:
            raise StatementSetError(
                f"{self.set.path}: raden {statement_code}.{row_code} finns inte"
            )
        self.current.append(statement_code)
        try:
            if row.value is not None:
                value = self._evaluator()(row.value)
            else:
                parts = [(self.row(statement_code, code), sign) for code, sign in row.sum]
                known = [(v, s) for v, s in parts if v is not None]
                value = sum((v * s for v, s in known), ZERO) if known else None
        finally:
            self.current.pop()
            self.busy.discard(key)
        self.memo[key] = value
        return value

    def ratio(self, code: str) -> Decimal | None:
        key = ("ratio", code)
        if key not in self.memo:
            ratio = self.set.ratio(code)
            if ratio is None:
                raise StatementSetError(f"{self.set.path}: nyckeltalet {code} finns inte")
            if key in self.busy:
                raise StatementSetError(f"{self.set.path}: nyckeltalet {code} beror på sig självt")
            self.busy.add(key)
            try:
                self.memo[key] = self._evaluator()(ratio.value)
            finally:
                self.busy.discard(key)
        return self.memo[key]


# --- tables ------------------------------------------------------------------------------------


@dataclass
class StatementColumn:
    kind: str
    label: str


@dataclass
class StatementLine:
    code: str
    label: str
    kind: str  # data, subtotal, total, heading
    values: list[Decimal | None]
    note: str = ""
    indent: int = 0
    members: tuple[tuple[str, int], ...] = ()


@dataclass
class EqualityResult:
    label: str
    left: str
    right: str
    differences: list[Decimal | None]  # per column: left − right (None: not computable)

    @property
    def holds(self) -> bool:
        return all(d is None or d == 0 for d in self.differences)


@dataclass
class StatementTable:
    statement: Statement
    columns: list[StatementColumn]
    lines: list[StatementLine] = field(default_factory=list)
    checks: list[EqualityResult] = field(default_factory=list)

    @property
    def has_data(self) -> bool:
        return any(v not in (None, ZERO) for line in self.lines for v in line.values)


ColumnSpec = str | dict[str, str]
Getter = Callable[["ScenarioValues"], Decimal | None]


def _columns(kinds: Sequence[ColumnSpec], period_end: date, basis: str) -> list[StatementColumn]:
    columns = []
    for spec in kinds:
        kind, label = (
            (spec, "") if isinstance(spec, str) else (spec.get("kind", ""), spec.get("label", ""))
        )
        if kind not in COLUMN_KINDS:
            raise StatementSetError(
                f"kolumnen {kind!r} finns inte (välj bland {', '.join(COLUMN_KINDS)})"
            )
        columns.append(StatementColumn(kind, label or default_label(kind, period_end, basis)))
    return columns


def _row_getter(statement_code: str, row_code: str) -> Getter:
    return lambda values: values.row(statement_code, row_code)


def _ratio_getter(code: str) -> Getter:
    return lambda values: values.ratio(code)


def _derive(kind: str, base: dict[str, Decimal | None]) -> Decimal | None:
    left, right = (base[k] for k in DERIVED_KINDS[kind])
    if left is None or right is None:
        return None
    if kind == "change_percent":
        if right == 0:
            return ZERO if left == 0 else None
        return (left - right) / right * HUNDRED
    return left - right


class SetEvaluation:
    """One set evaluated for one unit and period, sharing the data between tables."""

    def __init__(
        self,
        statement_set: StatementSet,
        unit: Unit,
        period_end: date,
        records: RecordLookup | None = None,
    ):
        self.set = statement_set
        self.period_end = period_end
        self.data = LedgerData(unit, period_end, records)

    def values(self, kind: str) -> ScenarioValues:
        return self.data.values(self.set, scenario_for(kind, self.period_end))

    def _cell(self, kind: str, getter: Getter) -> Decimal | None:
        if kind in BASE_KINDS:
            return getter(self.values(kind))
        return _derive(kind, {k: getter(self.values(k)) for k in DERIVED_KINDS[kind]})

    def statement_table(self, statement_code: str, columns: Sequence[ColumnSpec]) -> StatementTable:
        statement = self.set.statement(statement_code)
        table = StatementTable(statement, _columns(columns, self.period_end, statement.basis))
        for row in statement.rows:
            values: list[Decimal | None] = (
                [None for _column in table.columns]
                if row.is_heading
                else [
                    self._cell(c.kind, _row_getter(statement.code, row.code)) for c in table.columns
                ]
            )
            table.lines.append(
                StatementLine(row.code, row.label, row.kind, values, row.note, row.indent, row.sum)
            )
        for check in statement.checks:
            differences: list[Decimal | None] = []
            for column in table.columns:
                left = self._cell(column.kind, _row_getter(statement.code, check.left))
                right = self._cell(column.kind, _row_getter(statement.code, check.right))
                differences.append(None if left is None or right is None else left - right)
            table.checks.append(EqualityResult(check.label, check.left, check.right, differences))
        return table

    def ratio_rows(
        self, columns: Sequence[ColumnSpec]
    ) -> tuple[list[StatementColumn], list[tuple[Ratio, list[Decimal | None]]]]:
        cols = _columns(columns, self.period_end, "flow")
        return cols, [
            (ratio, [self._cell(c.kind, _ratio_getter(ratio.code)) for c in cols])
            for ratio in self.set.ratios
        ]

    def goal_rows(self, column: str = "outcome") -> list[GoalResult]:
        results = []
        for goal in self.set.goals:
            value = self._cell(column, _ratio_getter(goal.ratio))
            results.append(
                GoalResult(goal, self.set.ratio(goal.ratio), value, goal_status(goal, value))
            )
        return results


@dataclass
class GoalResult:
    goal: Goal
    ratio: Ratio | None
    value: Decimal | None
    status: str  # fulfilled, partly, not_fulfilled, not_measured


def goal_status(goal: Goal, value: Decimal | None) -> str:
    """Fulfilled when the value is on the right side of the target (§4)."""
    if value is None:
        return "not_measured"
    target = Decimal(str(goal.target))
    gap = value - target if goal.direction == "higher" else target - value
    if gap >= 0:
        return "fulfilled"
    if goal.tolerance is not None and -gap <= Decimal(str(goal.tolerance)):
        return "partly"
    return "not_fulfilled"


def statement_evaluation(
    *,
    statement_set: StatementSet,
    unit: Unit,
    period_end: date,
    records: RecordLookup | None = None,
) -> SetEvaluation:
    """The set for `unit` and the period ending `period_end`; `records` answers the
    formulas' `record()` (without it, those are None: "uppgift saknas")."""
    return SetEvaluation(statement_set, unit, period_end, records)


def statement_table(
    *,
    statement_set: StatementSet,
    statement: str,
    unit: Unit,
    period_end: date,
    columns: Sequence[ColumnSpec],
) -> StatementTable:
    return SetEvaluation(statement_set, unit, period_end).statement_table(statement, columns)
