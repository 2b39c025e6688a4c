"""Reads of the economy registers: forecast tables, savings totals, investment sums.

Every total here is computed from its rows, never typed (domain guide §11). Nothing is
rounded or formatted: amounts are kronor as `Decimal`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet, Sum

from styra.followup.models import Round
from styra.memo import remembered
from styra.org.models import Unit
from styra.org.selectors import TreeNode, subtree_unit_ids, tree_as_of
from styra.plans.models import StatusLevel

from . import ledger
from .models import (
    SAVINGS_SCALE_CODE,
    FinancialRecord,
    FinancialRecordKind,
    Forecast,
    Investment,
    InvestmentCategory,
    InvestmentOutcome,
    ResultAdjustment,
    SavingsKind,
    SavingsMeasure,
    Workforce,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def _sum(values: Iterable[Decimal | None]) -> Decimal | None:
    """Sum of the values that exist; None when none does."""
    present = [v for v in values if v is not None]
    return sum(present, Decimal(0)) if present else None


def _diff(a: Decimal | None, b: Decimal | None) -> Decimal | None:
    return None if a is None or b is None else a - b


# Rounds ------------------------------------------------------------------------------


def round_get(code: str) -> Round:
    return Round.objects.select_related("plan").get(code=code)


def previous_rounds(round: Round) -> QuerySet[Round]:
    """Earlier rounds of the same plan and year, latest first."""
    return Round.objects.filter(
        plan=round.plan,
        period_end__year=round.period_end.year,
        period_end__lt=round.period_end,
    ).order_by("-period_end")


# Forecasts ---------------------------------------------------------------------------


def _find_node(nodes: list[TreeNode], unit_id: int) -> TreeNode | None:
    for root in nodes:
        for node in root.walk():
            if node.unit_id == unit_id:
                return node
    return None


def _rolled_up(node: TreeNode, own: dict[int, Decimal]) -> Decimal | None:
    """A unit's own forecast, or else the sum of what its sub-units forecast."""
    if node.unit_id in own:
        return own[node.unit_id]
    return _sum(_rolled_up(child, own) for child in node.children)


def _forecasts_by_unit(round_ids: list[int], unit_ids: list[int]) -> dict[int, dict[int, Decimal]]:
    result: dict[int, dict[int, Decimal]] = {rid: {} for rid in round_ids}
    rows = Forecast.objects.filter(round_id__in=round_ids, unit_id__in=unit_ids).values_list(
        "round_id", "unit_id", "amount"
    )
    for round_id, unit_id, amount in rows:
        result[round_id][unit_id] = amount
    return result


@dataclass
class ForecastRow:
    unit_id: int
    code: str
    name: str
    forecast: Decimal | None
    budget: Decimal | None
    previous: Decimal | None
    own: bool = True  # False when the figure is the sum of sub-units' forecasts

    @property
    def deviation(self) -> Decimal | None:
        """Forecast − budget: positive is better than budget."""
        return _diff(self.forecast, self.budget)

    @property
    def change(self) -> Decimal | None:
        """Forecast − previous forecast: positive is an improvement."""
        return _diff(self.forecast, self.previous)


@dataclass
class ForecastTable:
    round: Round
    unit_id: int
    code: str
    name: str
    previous_round: Round | None
    rows: list[ForecastRow] = field(default_factory=list)

    @property
    def forecast_rows(self) -> list[ForecastRow]:
        """The rows with a forecast: the ones the total compares with their budget."""
        return [r for r in self.rows if r.forecast is not None]

    @property
    def rows_without_forecast(self) -> list[ForecastRow]:
        """Sub-units with no forecast (not yet entered, or budget-only units)."""
        return [r for r in self.rows if r.forecast is None]

    @property
    def total(self) -> ForecastRow:
        """The sum of the rows with a forecast, in every column.

        A budget without a forecast beside it (elected members' budget-only units, a
        department that has not entered its forecast yet) stays out: otherwise the
        total's deviation would compare the forecast of some units with the budget of
        more units.
        """
        rows = self.forecast_rows
        return ForecastRow(
            unit_id=self.unit_id,
            code=self.code,
            name=self.name,
            forecast=_sum(r.forecast for r in rows),
            budget=_sum(r.budget for r in rows),
            previous=_sum(r.previous for r in rows),
        )


def _row(
    node: TreeNode,
    unit: Unit,
    year: int,
    own: dict[int, Decimal],
    previous: dict[int, Decimal] | None,
) -> ForecastRow:
    return ForecastRow(
        unit_id=node.unit_id,
        code=node.code,
        name=node.name,
        forecast=_rolled_up(node, own),
        budget=ledger.year_budget(unit, year),
        previous=_rolled_up(node, previous) if previous is not None else None,
        own=node.unit_id in own,
    )


@dataclass
class _ForecastContext:
    node: TreeNode
    earlier: Round | None
    own: dict[int, Decimal]
    previous: dict[int, Decimal] | None


def _forecast_context(round: Round, unit: Unit) -> _ForecastContext:
    node = _find_node(tree_as_of(round.period_end), unit.pk)
    if node is None:
        raise Unit.DoesNotExist(unit.code)
    earlier = previous_rounds(round).first()
    round_ids = [round.pk] + ([earlier.pk] if earlier else [])
    by_round = _forecasts_by_unit(round_ids, [n.unit_id for n in node.walk()])
    return _ForecastContext(
        node=node,
        earlier=earlier,
        own=by_round[round.pk],
        previous=by_round[earlier.pk] if earlier else None,
    )


def forecast_table(*, round: Round, unit: Unit) -> ForecastTable:
    """The unit's sub-units with forecast, budget, deviation and the previous forecast.

    The rows are the unit's children on the round's period end, in tree order; the
    total is the sum of those with a forecast. A unit with no children gets one row:
    itself.
    """
    # A report reads it for its forecast section, its check and its drafts.
    return remembered(
        ("forecast_table", round.pk, unit.pk), lambda: _forecast_table(round=round, unit=unit)
    )


def _forecast_table(*, round: Round, unit: Unit) -> ForecastTable:
    ctx = _forecast_context(round, unit)
    children = ctx.node.children or [ctx.node]
    units = Unit.objects.in_bulk([n.unit_id for n in children])
    table = ForecastTable(
        round=round,
        unit_id=ctx.node.unit_id,
        code=ctx.node.code,
        name=ctx.node.name,
        previous_round=ctx.earlier,
    )
    year = round.period_end.year
    for child in children:
        table.rows.append(_row(child, units[child.unit_id], year, ctx.own, ctx.previous))
    return table


@dataclass
class ForecastSuggestion:
    """Outcome so far plus the budget of the months that remain (§7.5).

    The parts are kept so that the page can show how the figure was reached.
    """

    period_end: date
    ytd_outcome: Decimal
    year_budget: Decimal
    ytd_budget: Decimal
    periodised: bool  # False: the year-to-date budget is the naive 1/12 per month

    @property
    def remaining_budget(self) -> Decimal:
        return self.year_budget - self.ytd_budget

    @property
    def amount(self) -> Decimal:
        return self.ytd_outcome + self.remaining_budget

    @property
    def months_elapsed(self) -> int:
        return self.period_end.month

    @property
    def months_remaining(self) -> int:
        return 12 - self.period_end.month


def forecast_suggestion(*, round: Round, unit: Unit) -> ForecastSuggestion | None:
    """A suggested full-year forecast from the ledger, or None when the ledger lacks it."""
    day = round.period_end
    outcome = ledger.ytd_outcome(unit, day)
    budget = ledger.year_budget(unit, day.year)
    if outcome is None or budget is None:
        return None
    ytd_budget = ledger.ytd_budget(unit, day)
    periodised = ytd_budget is not None
    if ytd_budget is None:
        ytd_budget = budget * day.month / 12
    return ForecastSuggestion(
        period_end=day,
        ytd_outcome=outcome,
        year_budget=budget,
        ytd_budget=ytd_budget,
        periodised=periodised,
    )


@dataclass
class ForecastOverview:
    """What the forecast page of one unit shows about that unit itself."""

    round: Round
    unit: Unit
    forecast: Forecast | None
    row: ForecastRow
    suggestion: ForecastSuggestion | None
    table: ForecastTable


def forecast_overview(*, round: Round, unit: Unit) -> ForecastOverview:
    """The unit's own figures (its forecast, or its sub-units' sum) and its sub-unit table."""
    ctx = _forecast_context(round, unit)
    return ForecastOverview(
        round=round,
        unit=unit,
        forecast=Forecast.objects.filter(round=round, unit=unit).first(),
        row=_row(ctx.node, unit, round.period_end.year, ctx.own, ctx.previous),
        suggestion=forecast_suggestion(round=round, unit=unit),
        table=forecast_table(round=round, unit=unit),
    )


def forecast_list(*, round: Round) -> QuerySet[Forecast]:
    return Forecast.objects.filter(round=round).select_related("unit").order_by("unit__code")


# Savings measures --------------------------------------------------------------------


@dataclass
class SavingsTotals:
    label: str
    planned_effect: Decimal | None
    outcome: Decimal | None
    outcome_previous: Decimal | None

    @property
    def change(self) -> Decimal | None:
        return _diff(self.outcome, self.outcome_previous)


def _totals(label: str, rows: Iterable[SavingsMeasure | SavingsTotals]) -> SavingsTotals:
    rows = list(rows)
    return SavingsTotals(
        label=label,
        planned_effect=_sum(r.planned_effect for r in rows),
        outcome=_sum(r.outcome for r in rows),
        outcome_previous=_sum(r.outcome_previous for r in rows),
    )


@dataclass
class SavingsTable:
    round: Round
    measures: list[SavingsMeasure]
    personnel: list[SavingsMeasure]
    subtotal: SavingsTotals
    total: SavingsTotals
    workforce: SavingsTotals | None  # OÅA: outcome = this year, outcome_previous = last


def _scope(unit_ids: list[int] | None) -> Q:
    return Q(unit_id__in=unit_ids) if unit_ids is not None else Q()


def savings_table(*, round: Round, unit: Unit | None = None) -> SavingsTable:
    """Measures and the personnel line of a round, with Delsumma and Totalt computed.

    Totalt is Delsumma plus the personnel line in every column, so a published total
    that does not add up (T1 2026: −171,5 printed, −202,0 computed) cannot recur.
    """
    unit_ids = _subtree_ids(unit, round.period_end) if unit else None
    rows = list(
        SavingsMeasure.objects.filter(_scope(unit_ids), round=round)
        .select_related("unit", "status")
        .order_by("order", "code")
    )
    measures = [r for r in rows if r.kind == SavingsKind.MEASURE]
    personnel = [r for r in rows if r.kind == SavingsKind.PERSONNEL]
    subtotal = _totals("Delsumma", measures)
    total = _totals("Totalt", [subtotal, *personnel])
    fte = list(Workforce.objects.filter(_scope(unit_ids), round=round))
    workforce = (
        SavingsTotals(
            label="OÅA",
            planned_effect=None,
            outcome=_sum(w.fte for w in fte),
            outcome_previous=_sum(w.fte_previous for w in fte),
        )
        if fte
        else None
    )
    return SavingsTable(
        round=round,
        measures=measures,
        personnel=personnel,
        subtotal=subtotal,
        total=total,
        workforce=workforce,
    )


def savings_levels() -> QuerySet[StatusLevel]:
    """The levels of the savings traffic-light scale, in order (empty until it exists)."""
    return StatusLevel.objects.filter(scale__code=SAVINGS_SCALE_CODE).order_by("order")


def _subtree_ids(unit: Unit, day: date) -> list[int]:
    return subtree_unit_ids(unit, day)


# Investments -------------------------------------------------------------------------


@dataclass
class InvestmentRow:
    investment: Investment
    outcome_year: Decimal
    outcome_since_start: Decimal | None


def investment_categories() -> QuerySet[InvestmentCategory]:
    """The organisation's investment categories, in print order."""
    return InvestmentCategory.objects.order_by("order", "code")


class _Sums:
    """The sums of a list of investment rows (a category, a subtotal)."""

    def _rows(self) -> list[InvestmentRow]:
        raise NotImplementedError

    @property
    def outcome_year(self) -> Decimal:
        return sum((r.outcome_year for r in self._rows()), Decimal(0))

    @property
    def budget_year(self) -> Decimal:
        return sum((r.investment.budget_year for r in self._rows()), Decimal(0))

    @property
    def budget_total(self) -> Decimal | None:
        return _sum(r.investment.budget_total for r in self._rows())

    @property
    def outcome_since_start(self) -> Decimal | None:
        return _sum(r.outcome_since_start for r in self._rows())

    @property
    def forecast_total(self) -> Decimal | None:
        return _sum(r.investment.forecast_total for r in self._rows())


@dataclass
class InvestmentGroup(_Sums):
    """One category's objects; `category` is its code, `label` its name."""

    category: str
    label: StrOrPromise
    subtotal_label: str = ""
    rows: list[InvestmentRow] = field(default_factory=list)

    def _rows(self) -> list[InvestmentRow]:
        return self.rows


@dataclass
class InvestmentSubtotal(_Sums):
    """The sum of consecutive categories that share a subtotal label."""

    label: str
    groups: list[InvestmentGroup]

    def _rows(self) -> list[InvestmentRow]:
        return [row for group in self.groups for row in group.rows]


@dataclass
class InvestmentSummary:
    round: Round
    groups: list[InvestmentGroup]

    @property
    def outcome_year(self) -> Decimal:
        return sum((g.outcome_year for g in self.groups), Decimal(0))

    @property
    def budget_year(self) -> Decimal:
        return sum((g.budget_year for g in self.groups), Decimal(0))

    @property
    def has_subtotals(self) -> bool:
        return any(g.subtotal_label for g in self.groups)

    def overview(self, *, filled_only: bool = False) -> list[InvestmentGroup | InvestmentSubtotal]:
        """The categories in print order, each run of consecutive categories with the
        same subtotal label followed by its subtotal. With `filled_only`, categories
        without objects are left out, and so is a subtotal all of whose are empty."""
        entries: list[InvestmentGroup | InvestmentSubtotal] = []
        run: list[InvestmentGroup] = []

        def close_run() -> None:
            if run and (not filled_only or any(g.rows for g in run)):
                entries.append(InvestmentSubtotal(label=run[0].subtotal_label, groups=list(run)))
            run.clear()

        for group in self.groups:
            if run and group.subtotal_label != run[0].subtotal_label:
                close_run()
            if group.subtotal_label:
                run.append(group)
            if group.rows or not filled_only:
                entries.append(group)
        close_run()
        return entries


def investment_summary(*, round: Round, unit: Unit | None = None) -> InvestmentSummary:
    """The year's investments per category (every category of the organisation, in
    print order) with sums; `overview()` adds the subtotals.

    Outcome is the round's: what was spent from 1 January to the round's period end.
    """
    unit_ids = _subtree_ids(unit, round.period_end) if unit else None
    investments = Investment.objects.filter(
        _scope(unit_ids), year=round.period_end.year
    ).select_related("unit", "category")
    outcomes = {
        o.investment_id: o
        for o in InvestmentOutcome.objects.filter(round=round, investment__in=investments)
    }
    groups = {
        category.pk: InvestmentGroup(
            category=category.code, label=category.name, subtotal_label=category.subtotal_label
        )
        for category in investment_categories()
    }
    for investment in investments:
        outcome = outcomes.get(investment.pk)
        groups[investment.category_id].rows.append(
            InvestmentRow(
                investment=investment,
                outcome_year=outcome.outcome_year if outcome else Decimal(0),
                outcome_since_start=outcome.outcome_since_start if outcome else None,
            )
        )
    return InvestmentSummary(round=round, groups=list(groups.values()))


# Results per administration (§7.5, §7.10) ------------------------------------------------


@dataclass
class UnitResultRow:
    """One board's (or a group's) result: year to date, whole year and forecast, kr."""

    code: str
    name: str
    outcome: Decimal | None
    budget: Decimal | None
    outcome_prev: Decimal | None
    budget_year: Decimal | None
    forecast: Decimal | None
    kind: str = "data"  # data, subtotal, total
    #: One-off items (jämförelsestörande poster, §7.9) in the outcome to date.
    adjustment: Decimal | None = None

    @property
    def corrected(self) -> Decimal | None:
        """The corrected (justerat) result to date: booked outcome − one-off items."""
        if self.outcome is None:
            return None
        return self.outcome - (self.adjustment or Decimal(0))

    @property
    def deviation(self) -> Decimal | None:
        """Outcome − budget to date: positive is better than budget."""
        return _diff(self.outcome, self.budget)

    @property
    def forecast_deviation(self) -> Decimal | None:
        """Forecast − whole-year budget."""
        return _diff(self.forecast, self.budget_year)


def _summed(code: str, name: str, rows: list[UnitResultRow], kind: str) -> UnitResultRow:
    return UnitResultRow(
        code=code,
        name=name,
        outcome=_sum(r.outcome for r in rows),
        budget=_sum(r.budget for r in rows),
        outcome_prev=_sum(r.outcome_prev for r in rows),
        budget_year=_sum(r.budget_year for r in rows),
        forecast=_sum(r.forecast for r in rows),
        kind=kind,
        adjustment=_sum(r.adjustment for r in rows),
    )


def adjustments_by_unit(*, year: int, until: date) -> dict[int, Decimal]:
    """The one-off items (§7.9) of January … `until` of `year`, summed per unit."""
    rows = (
        ResultAdjustment.objects.filter(
            month__gte=date(year, 1, 1), month__lte=until.replace(day=1)
        )
        .values_list("unit_id")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    return dict(rows)


def result_adjustment_list(
    *, unit: Unit, year: int, until: date | None = None
) -> QuerySet[ResultAdjustment]:
    """The one-off items of `unit` and the units under it in `year` (to `until`)."""
    end = until or date(year, 12, 31)
    return (
        ResultAdjustment.objects.filter(
            unit_id__in=_subtree_ids(unit, end),
            month__gte=date(year, 1, 1),
            month__lte=end.replace(day=1),
        )
        .select_related("unit")
        .order_by("month", "unit__code", "code")
    )


def unit_results(
    *,
    round: Round,
    unit: Unit,
    groups: list[tuple[str, list[str]]] | None = None,
    total_label: str = "Totalt",
    row_set_code: str | None = None,
    row_code: str | None = None,
) -> list[UnitResultRow]:
    """The result of each unit under `unit` (its children, or the units `groups` names).

    Per unit: outcome and periodised budget January … the round's month, the same
    period last year in today's structure, the whole-year budget, and the full-year
    forecast of the round (the unit's own, else its sub-units' summed). The amount is
    the row `row_code` of the row set `row_set_code` (default: the default row set's
    net cost row). `groups` (from the report template) are (label, [unit codes]):
    each group's units, then a subtotal row named by `label`; the last row is the
    total of all of them.
    """
    from styra.economy.ledger.models import ReportRowSet
    from styra.economy.ledger.selectors import EconomicTable, economic_table, row_set_get

    row_set = ReportRowSet.objects.get(code=row_set_code) if row_set_code else row_set_get()
    end = round.period_end
    ctx = _forecast_context(round, unit)
    nodes = {n.code: n for n in ctx.node.walk()}
    if groups:
        plan = list(groups)
    else:
        plan = [("", [child.code for child in ctx.node.children])]
    missing = [code for _label, codes in plan for code in codes if code not in nodes]
    if missing:
        raise Unit.DoesNotExist(", ".join(missing))
    units = Unit.objects.in_bulk([nodes[c].unit_id for _l, codes in plan for c in codes])
    adjustments = adjustments_by_unit(year=end.year, until=end)

    def amount(table: EconomicTable) -> tuple[Decimal | None, Decimal | None, Decimal | None]:
        row = (
            next((r for r in table.rows if r.code == row_code), None)
            if row_code
            else table.row_with_role("net_cost")
        )
        return (row.outcome, row.budget, row.outcome_prev) if row else (None, None, None)

    result: list[UnitResultRow] = []
    all_rows: list[UnitResultRow] = []
    for label, codes in plan:
        rows = []
        for code in codes:
            node = nodes[code]
            target = units[node.unit_id]
            outcome, budget, previous = amount(
                economic_table(unit=target, period_end=end, row_set=row_set)
            )
            _o, budget_year, _p = amount(
                economic_table(unit=target, period_end=date(end.year, 12, 31), row_set=row_set)
            )
            rows.append(
                UnitResultRow(
                    code=code,
                    name=node.name,
                    outcome=outcome,
                    budget=budget,
                    outcome_prev=previous,
                    budget_year=budget_year,
                    forecast=_rolled_up(node, ctx.own),
                    adjustment=sum(
                        (adjustments.get(n.unit_id, Decimal(0)) for n in node.walk()), Decimal(0)
                    ),
                )
            )
        result.extend(rows)
        all_rows.extend(rows)
        if label:
            result.append(_summed("", label, rows, "subtotal"))
    result.append(_summed(ctx.node.code, total_label, all_rows, "total"))
    return result


# Prognossäkerhet: the final outcome against each earlier forecast (§7.5) ----------------


@dataclass
class AccuracyRow:
    """A unit's (or a group's) final outcome and its forecasts of the year, kr."""

    code: str
    name: str
    outcome: Decimal | None
    forecasts: list[Decimal | None]  # one per `ForecastAccuracy.rounds`
    kind: str = "data"  # data, subtotal, total

    @property
    def deviations(self) -> list[Decimal | None]:
        """Outcome − forecast: positive is a result better than forecast."""
        return [_diff(self.outcome, forecast) for forecast in self.forecasts]


@dataclass
class ForecastAccuracy:
    year: int
    rounds: list[Round]
    rows: list[AccuracyRow]


def forecast_accuracy(
    *,
    round: Round,
    unit: Unit,
    groups: list[tuple[str, list[str]]] | None = None,
    total_label: str = "Totalt",
    row_set_code: str | None = None,
    row_code: str | None = None,
) -> ForecastAccuracy:
    """Prognossäkerhet: the final outcome of a year against every forecast made for it.

    The year is the round's when the round ends in December (an annual report), else
    the year before (the last year whose outcome is final). Per unit under `unit` (its
    children, or the units `groups` names, as `unit_results`): the outcome of the whole
    year from the ledger (row `row_code` of `row_set_code`, default the net cost row)
    and the forecast of each earlier round of the year that has forecasts for these
    units (the unit's own, else its sub-units' summed), in period order. A subtotal or
    the total has a round's forecast only when every unit in it has one.
    """
    from styra.economy.ledger.models import ReportRowSet
    from styra.economy.ledger.selectors import economic_table, row_set_get

    end = round.period_end
    year = end.year if end.month == 12 else end.year - 1
    year_end = date(year, 12, 31)
    row_set = ReportRowSet.objects.get(code=row_set_code) if row_set_code else row_set_get()
    node = _find_node(tree_as_of(year_end), unit.pk)
    if node is None:
        raise Unit.DoesNotExist(unit.code)
    nodes = {n.code: n for n in node.walk()}
    plan = list(groups) if groups else [("", [child.code for child in node.children])]
    missing = [code for _label, codes in plan for code in codes if code not in nodes]
    if missing:
        raise Unit.DoesNotExist(", ".join(missing))
    unit_ids = [n.unit_id for n in node.walk()]
    rounds = list(
        Round.objects.filter(
            period_end__year=year,
            period_end__lt=year_end,
            forecasts__unit_id__in=unit_ids,
        )
        .distinct()
        .order_by("period_end", "code")
    )
    by_round = _forecasts_by_unit([r.pk for r in rounds], unit_ids)
    units = Unit.objects.in_bulk([nodes[c].unit_id for _l, codes in plan for c in codes])

    def outcome(target: Unit) -> Decimal | None:
        table = economic_table(unit=target, period_end=year_end, row_set=row_set)
        row = (
            next((r for r in table.rows if r.code == row_code), None)
            if row_code
            else table.row_with_role("net_cost")
        )
        return row.outcome if row else None

    def summed(code: str, label: str, rows: list[AccuracyRow], kind: str) -> AccuracyRow:
        return AccuracyRow(
            code=code,
            name=label,
            outcome=_sum(r.outcome for r in rows),
            # A group's forecast only when each of its units made one: otherwise its
            # deviation would set a partial forecast against the whole outcome.
            forecasts=[
                None
                if any(r.forecasts[i] is None for r in rows)
                else _sum(r.forecasts[i] for r in rows)
                for i in range(len(rounds))
            ],
            kind=kind,
        )

    result: list[AccuracyRow] = []
    every: list[AccuracyRow] = []
    for label, codes in plan:
        rows = [
            AccuracyRow(
                code=code,
                name=nodes[code].name,
                outcome=outcome(units[nodes[code].unit_id]),
                forecasts=[_rolled_up(nodes[code], by_round[r.pk]) for r in rounds],
            )
            for code in codes
        ]
        result.extend(rows)
        every.extend(rows)
        if label:
            result.append(summed("", label, rows, "subtotal"))
    result.append(summed(node.code, total_label, every, "total"))
    return ForecastAccuracy(year=year, rounds=rounds, rows=result)


# Pension liability, liquidity and other figures with their source -----------------------


@dataclass
class FinancialRecordRow:
    kind: str
    label: str
    amount: Decimal | None
    amount_prev: Decimal | None
    source: str


def financial_records_table(
    *, unit: Unit, day: date, kinds: list[str] | None = None
) -> list[FinancialRecordRow]:
    """`unit`'s figures on `day` and on the same day a year before, one row per kind
    (`kinds` in that order, default every kind), with the source of the figure on
    `day` (else of the year before's). Kinds with neither figure are left out."""
    previous = (
        day.replace(year=day.year - 1)
        if not (day.month == 2 and day.day == 29)
        else (date(day.year - 1, 2, 28))
    )
    records = {
        (r.kind, r.day): r
        for r in FinancialRecord.objects.filter(unit=unit, day__in=[day, previous])
    }
    rows = []
    for kind in kinds or FinancialRecordKind.values:
        now, before = records.get((kind, day)), records.get((kind, previous))
        given = now or before
        if given is None:
            continue
        rows.append(
            FinancialRecordRow(
                kind=kind,
                label=str(FinancialRecordKind(kind).label),
                amount=now.amount if now else None,
                amount_prev=before.amount if before else None,
                source=given.source,
            )
        )
    return rows


class FinancialRecordLookup:
    """`unit`'s records as the statement formulas' `record("liquid_assets")` asks for
    them (`economy.ledger.statements.RecordLookup`): all of the unit's records read in
    one query on first use; what was asked for and not found (unless `optional`) is
    kept in `missing`, in the order asked, so a report can say which figure is lacking
    ("uppgift saknas")."""

    def __init__(self, unit: Unit):
        self.unit = unit
        self.missing: list[tuple[str, date]] = []
        self._records: dict[tuple[str, date], Decimal] | None = None

    def __call__(self, kind: str, day: date, optional: bool = False) -> Decimal | None:
        from styra.economy.ledger.statements import StatementSetError

        if kind not in FinancialRecordKind.values:
            raise StatementSetError(
                f'record("{kind}"): okänt slag av ekonomisk uppgift (välj bland '
                f"{', '.join(FinancialRecordKind.values)})"
            )
        if self._records is None:
            self._records = {
                (kind_, day_): amount
                for kind_, day_, amount in FinancialRecord.objects.filter(
                    unit=self.unit
                ).values_list("kind", "day", "amount")
            }
        value = self._records.get((kind, day))
        if value is None and not optional and (kind, day) not in self.missing:
            self.missing.append((kind, day))
        return value

    def missing_labels(self) -> list[str]:
        """'Likvida medel per 2025-08-31' for each figure asked for and not found."""
        return [
            f"{FinancialRecordKind(kind).label} per {day.isoformat()}" for kind, day in self.missing
        ]
