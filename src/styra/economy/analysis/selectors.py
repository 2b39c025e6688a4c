"""Reads of the economy page: which months have outcome, the units' forecasts, and the
table with its opened lines (units, cost centres, accounts) for one row set.

Amounts stay `Decimal` kronor; the template and the Excel export format them. The
number of queries does not grow with the number of units or cost centres: the opened
lines of a row are read with two queries, each opened cost centre's accounts with two.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from styra.economy.ledger import selectors as ledger
from styra.economy.ledger.models import ReportRowSet, RowRole
from styra.economy.ledger.selectors import Amounts, EconomicTable, TableRow
from styra.economy.registers.models import Forecast
from styra.followup.models import Round
from styra.org.models import CostCentre, Unit
from styra.org.selectors import TreeNode, cost_centre_units_on, cost_centres_under

ZERO = Decimal(0)
COST_CENTRE_PREFIX = "kst"


class UnknownLine(LookupError):
    """An opened line (`?oppna=`) that names no row, or a unit or cost centre outside
    the page's unit."""


# --------------------------------------------------------------------------- coverage


@dataclass
class Coverage:
    """The months of a year with outcome for a unit's cost centres."""

    year: int
    months: list[date]

    @property
    def first(self) -> date | None:
        return self.months[0] if self.months else None

    @property
    def last(self) -> date | None:
        return self.months[-1] if self.months else None

    @property
    def empty(self) -> bool:
        return not self.months

    @property
    def gaps(self) -> list[date]:
        """Months between the first and the last with data that have none."""
        if not self.months:
            return []
        have = {m.month for m in self.months}
        span = range(self.months[0].month, self.months[-1].month + 1)
        return [date(self.year, m, 1) for m in span if m not in have]

    def shown_month(self, month: int) -> int:
        """The month the table ends in: the chosen one, or the last with outcome."""
        return min(month, self.last.month) if self.last else month


def coverage(*, unit: Unit, year: int, day: date) -> Coverage:
    """Which months of `year` have outcome on the cost centres under `unit` on `day`."""
    centres = cost_centres_under(unit, day).values("pk")
    return Coverage(year=year, months=ledger.outcome_months(year, centres))


# --------------------------------------------------------------------------- forecasts


@dataclass
class UnitForecasts:
    """The latest round of the year (up to the period) with forecasts in a unit's tree.

    `own` holds what units entered; a unit without its own forecast shows the sum of
    its sub-units' (None when none of them has one)."""

    round: Round | None
    own: dict[int, Decimal] = field(default_factory=dict)

    def rolled_up(self, node: TreeNode) -> Decimal | None:
        if node.unit_id in self.own:
            return self.own[node.unit_id]
        parts = [self.rolled_up(child) for child in node.children]
        present = [p for p in parts if p is not None]
        return sum(present, ZERO) if present else None

    def missing(self, node: TreeNode) -> list[TreeNode]:
        """The units under `node` whose forecast is not part of `rolled_up(node)`."""
        if node.unit_id in self.own or self.round is None:
            return []
        result: list[TreeNode] = []
        for child in node.children:
            if self.rolled_up(child) is None:
                result.append(child)
            else:
                result.extend(self.missing(child))
        return result


def unit_forecasts(*, node: TreeNode, period_end: date) -> UnitForecasts:
    """The forecasts entered for `node`'s units in the latest round of the year that
    ends on or before `period_end` and holds any of them: two queries."""
    unit_ids = [n.unit_id for n in node.walk()]
    entered = Forecast.objects.filter(
        unit_id__in=unit_ids,
        round__period_end__gte=date(period_end.year, 1, 1),
        round__period_end__lte=period_end,
    )
    latest = entered.select_related("round").order_by("-round__period_end", "-round_id").first()
    if latest is None:
        return UnitForecasts(round=None)
    own = dict(entered.filter(round=latest.round).values_list("unit_id", "amount"))
    return UnitForecasts(round=latest.round, own=own)


# --------------------------------------------------------------------------- lines


@dataclass
class Line:
    """One line of the table: a report row, or a unit, cost centre or account under it."""

    key: str  # its value of ?oppna= (the report row's code, "row:UNIT", "row:kst:CC")
    kind: str  # "row", "unit", "cost_centre", "account"
    code: str
    label: str
    depth: int
    amounts: Amounts | TableRow
    is_sum: bool = False
    expandable: bool = False
    expanded: bool = False
    context: str = ""  # the row and units it lies under, for screen readers
    toggle_keys: list[str] = field(default_factory=list)  # ?oppna= after a click
    toggle_query: str = ""  # the page's query string after a click (set by the view)
    cells: list[tuple[Decimal | None, str]] = field(default_factory=list)  # (amount, unit)


@dataclass
class Group:
    """A report row and the lines opened under it (one `<tbody>`)."""

    row: Line
    lines: list[Line] = field(default_factory=list)


@dataclass
class AnalysisPage:
    table: EconomicTable
    node: TreeNode
    forecasts: UnitForecasts
    groups: list[Group]
    net_row_code: str | None
    missing_forecasts: list[TreeNode]


def _find(nodes: list[TreeNode], unit_id: int) -> TreeNode | None:
    return next((n for root in nodes for n in root.walk() if n.unit_id == unit_id), None)


def _parse(key: str) -> tuple[str, str, str]:
    """ "row" → (row, "", ""); "row:UNIT" → (row, "unit", UNIT); "row:kst:CC" → cost centre."""
    row, _sep, rest = key.partition(":")
    if not rest:
        return row, "", ""
    prefix, _sep, code = rest.partition(":")
    if prefix == COST_CENTRE_PREFIX and code:
        return row, "cost_centre", code
    return row, "unit", rest


class _Drill:
    """Builds the lines under one opened report row."""

    def __init__(
        self,
        *,
        page: AnalysisPage,
        row_set: ReportRowSet,
        period_end: date,
        share: ledger.BudgetShare,
        with_forecast: bool,
        opened: set[str],
        owner_of: dict[int, int],
        centres: dict[int, CostCentre],
    ) -> None:
        self.page = page
        self.row_set = row_set
        self.period_end = period_end
        self.share = share
        self.with_forecast = with_forecast
        self.opened = opened
        self.owner_of = owner_of
        self.centres = centres

    def lines(self, row: Line) -> list[Line]:
        codes = ledger.row_codes_of(self.row_set, row.code)
        self.codes = codes
        self.is_net = row.code == self.page.net_row_code and self.page.forecasts.round
        self.by_centre = ledger.amounts_by_cost_centre(
            row_set=self.row_set,
            cost_centres=list(self.centres),
            row_codes=codes,
            period_end=self.period_end,
            share=self.share,
            with_forecast=self.with_forecast,
        )
        return self._under(self.page.node, row.code, 1, row.label)

    def _sum(self, node: TreeNode) -> tuple[Amounts, bool]:
        total, any_centre = Amounts(forecast=ZERO if self.with_forecast else None), False
        ids = {n.unit_id for n in node.walk()}
        for pk in self.centres:
            if self.owner_of.get(pk) in ids:
                total.add(self.by_centre[pk])
                any_centre = True
        return total, any_centre

    def _under(self, node: TreeNode, row_code: str, depth: int, context: str) -> list[Line]:
        result: list[Line] = []
        for child in node.children:
            amounts, any_centre = self._sum(child)
            if not any_centre:
                continue  # no cost centre: nothing in the ledger can be booked here
            if self.is_net:
                amounts.forecast = self.page.forecasts.rolled_up(child)
            key = f"{row_code}:{child.code}"
            line = Line(
                key=key,
                kind="unit",
                code=child.code,
                label=child.name,
                depth=depth,
                amounts=amounts,
                expandable=True,
                expanded=key in self.opened,
                context=context,
            )
            result.append(line)
            if line.expanded:
                result.extend(self._under(child, row_code, depth + 1, f"{context}, {child.name}"))
        own = [pk for pk in self.centres if self.owner_of.get(pk) == node.unit_id]
        for pk in sorted(own, key=lambda pk: self.centres[pk].code):
            centre = self.centres[pk]
            key = f"{row_code}:{COST_CENTRE_PREFIX}:{centre.code}"
            line = Line(
                key=key,
                kind="cost_centre",
                code=centre.code,
                label=centre.name,
                depth=depth,
                amounts=self.by_centre[pk],
                expandable=True,
                expanded=key in self.opened,
                context=context,
            )
            result.append(line)
            if line.expanded:
                for account in ledger.amounts_by_account(
                    row_set=self.row_set,
                    cost_centre=centre,
                    row_codes=self.codes,
                    period_end=self.period_end,
                    share=self.share,
                    with_forecast=self.with_forecast,
                ):
                    result.append(
                        Line(
                            key="",
                            kind="account",
                            code=account.account,
                            label=account.name,
                            depth=depth + 1,
                            amounts=account.amounts,
                            context=f"{context}, {centre.code} {centre.name}",
                        )
                    )
        return result


def _check_opened(
    opened: set[str], rows: set[str], units: set[str], centre_codes: set[str]
) -> None:
    for key in opened:
        row, kind, code = _parse(key)
        if (
            row not in rows
            or (kind == "unit" and code not in units)
            or (kind == "cost_centre" and code not in centre_codes)
        ):
            raise UnknownLine(key)


def _toggles(group: Group, opened: set[str]) -> None:
    """What ?oppna= becomes when each line of the group is clicked: opening adds the line,
    closing takes it and everything opened under it away."""
    lines = [group.row, *group.lines]
    for index, line in enumerate(lines):
        if not line.expandable:
            continue
        if not line.expanded:
            line.toggle_keys = sorted(opened | {line.key})
            continue
        below = set()
        for other in lines[index + 1 :]:
            if other.depth <= line.depth:
                break
            if other.key:
                below.add(other.key)
        line.toggle_keys = sorted(opened - below - {line.key})


def analysis_page(
    *,
    unit: Unit,
    nodes: list[TreeNode],
    period_end: date,
    forecast_end: date,
    row_set: ReportRowSet,
    opened: list[str],
) -> AnalysisPage:
    """The table of `unit` for January … `period_end`'s month with the whole year's
    budget and forecast (forecasts entered up to `forecast_end`), and the lines of
    `opened` (?oppna=) under its rows. Raises `UnknownLine` for a line that is not
    under `unit`."""
    node = _find(nodes, unit.pk)
    if node is None:
        raise Unit.DoesNotExist(unit.code)
    table = ledger.economic_table(unit=unit, period_end=period_end, row_set=row_set, full_year=True)
    forecasts = unit_forecasts(node=node, period_end=forecast_end)
    net = table.row_with_role(RowRole.NET_COST)
    page = AnalysisPage(
        table=table,
        node=node,
        forecasts=forecasts,
        groups=[],
        net_row_code=net.code if net else None,
        missing_forecasts=forecasts.missing(node) if net else [],
    )
    ledger_forecast = any(row.forecast is not None for row in table.rows)
    if net is not None and forecasts.round is not None:
        net.forecast = forecasts.rolled_up(node)
    wanted = set(opened)
    for row in table.rows:
        line = Line(
            key=row.code,
            kind="row",
            code=row.code,
            label=row.label,
            depth=0,
            amounts=row,
            is_sum=row.is_sum,
            expandable=True,
            expanded=row.code in wanted,
        )
        page.groups.append(Group(row=line))
    if not wanted:
        for group in page.groups:
            _toggles(group, wanted)
        return page

    owner_of = cost_centre_units_on(period_end)
    subtree = {n.unit_id for n in node.walk()}
    centres = {
        c.pk: c
        for c in CostCentre.objects.filter(
            pk__in=[pk for pk, owner in owner_of.items() if owner in subtree]
        )
    }
    _check_opened(
        wanted,
        rows={row.code for row in table.rows},
        units={n.code for n in node.walk()},
        centre_codes={c.code for c in centres.values()},
    )
    share = ledger.budget_share(
        profile=ledger.budget_profile_for(unit, row_set),
        row_set=row_set,
        cost_centres=list(centres),
        period_end=period_end,
    )
    drill = _Drill(
        page=page,
        row_set=row_set,
        period_end=period_end,
        share=share,
        with_forecast=ledger_forecast,
        opened=wanted,
        owner_of=owner_of,
        centres=centres,
    )
    for group in page.groups:
        if group.row.expanded:
            group.lines = drill.lines(group.row)
        _toggles(group, wanted)
    return page
