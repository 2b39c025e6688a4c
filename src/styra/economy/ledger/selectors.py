"""Reads of the ledger: the economic analysis table (§7.3), budget periodisation (§7.4),
key ratios (§7.6), the per-cost-centre table, and helpers for forecasts (§7.5).

Every amount is a `Decimal` in kronor, unrounded; rounding happens once, when a page or
report formats the number. Units roll up through the tree as it stood on the period's
last day, and the previous year is read for the same cost centres — so last year is
compared in today's structure (jämförbar struktur).
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet, Sum

from styra.memo import remembered
from styra.org.models import CostCentre, Unit
from styra.org.selectors import (
    cost_centre_units_on,
    cost_centres_under,
    unit_name_on,
    unit_versions_on,
)

from .mapping import AccountMapper, sum_members
from .models import (
    Account,
    BudgetProfile,
    FactKind,
    LedgerFact,
    LedgerRowTotal,
    ProfileKind,
    ReportRow,
    ReportRowSet,
    RowKind,
    RowRole,
)

ZERO = Decimal(0)
HUNDRED = Decimal(100)

# Cost centres as a subquery of their keys (`….values("pk")`) or as a list of ids.
CostCentreIds = QuerySet[CostCentre, Any] | list[int]


# --------------------------------------------------------------------------- periods


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def ytd_months(period_end: date) -> tuple[date, date]:
    """First and last month (as first days) of the year-to-date ending in `period_end`."""
    return date(period_end.year, 1, 1), date(period_end.year, period_end.month, 1)


def previous_year_end(period_end: date) -> date:
    return month_end(period_end.year - 1, period_end.month)


def change_percent(current: Decimal, previous: Decimal) -> Decimal | None:
    """(current − previous) / previous × 100, signed by the divisor (§7.3).

    Dividing by the signed previous value is what reproduces the published table:
    a cost that grew (−217 860 vs −207 085) gives +5,2 %, a cost that turned into a
    credit (1 406 vs −2 133) gives −165,9 %, income that grew (1 278 vs 312) +309,5 %.
    Nothing compared with nothing is 0 %; something compared with nothing has no
    percentage (None).
    """
    if previous == 0:
        return ZERO if current == 0 else None
    return (current - previous) / previous * HUNDRED


def outcome_months(year: int, cost_centres: CostCentreIds | None = None) -> list[date]:
    """The months of `year` (first days) for which the ledger holds any outcome, for the
    `cost_centres` (a unit's) or anywhere in the ledger: one query.

    The economy page says which months have data, so that a table for a later month is
    not read as the year's outcome against a full-year budget.
    """
    facts = LedgerFact.objects.filter(
        kind=FactKind.OUTCOME, yearly__in=[False], month__gte=date(year, 1, 1)
    ).filter(month__lte=date(year, 12, 1))
    if cost_centres is not None:
        facts = facts.filter(cost_centre_id__in=cost_centres)
    return list(facts.values_list("month", flat=True).order_by("month").distinct())


# --------------------------------------------------------------------------- units


def units_with_facts(start: date, end: date) -> set[int]:
    """Units with ledger figures for the months `start` … `end`: the units that own, on
    `end`, a cost centre with facts of any kind in those months, and every unit above
    them in the tree on `end` (their tables roll those facts up)."""
    first = date(start.year, start.month, 1)
    centres = (
        LedgerFact.objects.filter(month__gte=first, month__lte=end)
        .values_list("cost_centre_id", flat=True)
        .order_by()
        .distinct()
    )
    owner_of = cost_centre_units_on(end)
    parent_of = dict(unit_versions_on(end).values_list("unit_id", "parent_id"))
    result: set[int] = set()
    for centre in centres:
        unit = owner_of.get(centre)
        while unit is not None and unit not in result:
            result.add(unit)
            unit = parent_of.get(unit)
    return result


# --------------------------------------------------------------------------- row sets


def row_set_get(code: str | None = None) -> ReportRowSet:
    """The row set `code`, or the default one."""
    if code:
        return ReportRowSet.objects.get(code=code)
    # A report asks for the default set once per table, forecast and year budget.
    row_set = remembered(
        ("default_row_set",),
        lambda: ReportRowSet.objects.filter(is_default=True).first(),
        depends_on=("finance.ReportRowSet",),
    )
    if row_set is None:
        raise ReportRowSet.DoesNotExist("no default row set")
    return row_set


def _rows_and_mapper(row_set: ReportRowSet) -> tuple[list[ReportRow], AccountMapper]:
    """The row set's rows and its account mapping: read once per request (a report's
    economic table, forecasts and year budgets each map accounts to rows)."""

    def read() -> tuple[list[ReportRow], AccountMapper]:
        rows = list(row_set.rows.prefetch_related("account_ranges").order_by("order"))
        return rows, AccountMapper.for_row_set(row_set, rows)

    return remembered(("rows_and_mapper", row_set.pk), read)


def _facts(cost_centres: CostCentreIds) -> QuerySet[LedgerFact]:
    return LedgerFact.objects.filter(cost_centre_id__in=cost_centres)


def _by_account(queryset: QuerySet[LedgerFact], **filters: Any) -> dict[str, Decimal]:
    rows = queryset.filter(**filters).values("account").annotate(total=Sum("amount"))
    return {r["account"]: r["total"] or ZERO for r in rows.order_by()}


# --------------------------------------------------------------------------- budget


def budget_profile_for(unit: Unit, row_set: ReportRowSet) -> BudgetProfile | None:
    """The unit's own profile, else the row set's; None means 1/12 per month."""
    profiles = list(BudgetProfile.objects.filter(Q(unit=unit) | Q(row_set=row_set, unit=None)))
    return next((p for p in profiles if p.unit_id), None) or next(iter(profiles), None)


@dataclass
class BudgetShare:
    """The share of a yearly budget that falls in January … `month`, per row."""

    months: int
    kind: str = ProfileKind.TWELFTHS
    # row code -> (year-to-date part, whole year) of the reference outcome
    by_row: dict[str, tuple[Decimal, Decimal]] = field(default_factory=dict)

    def apply(self, row_code: str | None, yearly_amount: Decimal) -> Decimal:
        # Multiply before dividing so that 4/12 of a whole-krona budget stays exact.
        part, whole = self.by_row.get(row_code or "", (Decimal(self.months), Decimal(12)))
        return yearly_amount * part / whole


def budget_share(
    *,
    profile: BudgetProfile | None,
    row_set: ReportRowSet,
    cost_centres: CostCentreIds,
    period_end: date,
) -> BudgetShare:
    """How much of the yearly budget belongs to the year to date, per row (§7.4).

    With a `previous_outcome` profile the share of a row is that row's outcome in
    January … month over its whole-year outcome in the reference years; a row
    without (or with a zero-sum or opposite-signed) reference outcome falls back to
    1/12 per month.
    """
    result = BudgetShare(months=period_end.month)
    if profile is None or profile.kind == ProfileKind.TWELFTHS:
        return result
    result.kind = profile.kind
    years = range(period_end.year - profile.reference_years, period_end.year)
    ytd_months_ = [date(y, period_end.month, 1) for y in years]
    year_ends = [date(y, 12, 1) for y in years]
    totals = (
        LedgerRowTotal.objects.filter(
            row_set=row_set,
            kind=FactKind.OUTCOME,
            month__in=ytd_months_ + year_ends,
            cost_centre_id__in=cost_centres,
        )
        .exclude(row_code="")
        .values("row_code", "month")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    ytd: dict[str, Decimal] = defaultdict(lambda: ZERO)
    year: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for item in totals:
        if item["month"] in year_ends:
            year[item["row_code"]] += item["total"] or ZERO
        if item["month"] in ytd_months_:
            ytd[item["row_code"]] += item["total"] or ZERO
    for row, total in year.items():
        if total != 0 and ytd[row] / total >= 0:
            result.by_row[row] = (ytd[row], total)
    return result


def _row_totals(
    row_set: ReportRowSet, cost_centres: CostCentreIds, kind: str, month: date
) -> dict[tuple[str, str], Decimal]:
    """(row code, unmapped account) -> year-to-date sum at `month` for the cost centres."""
    items = (
        LedgerRowTotal.objects.filter(
            row_set=row_set, kind=kind, month=month, cost_centre_id__in=cost_centres
        )
        .values("row_code", "account")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    return {(i["row_code"], i["account"]): i["total"] or ZERO for i in items}


def _yearly_budget(
    row_set: ReportRowSet,
    cost_centres: CostCentreIds,
    year: int,
    share: BudgetShare | None,
    mapper: AccountMapper,
) -> dict[tuple[str, str], Decimal]:
    """Whole-year budget facts (CSV month "ÅÅÅÅ"), spread by `share` (None: all of it)."""
    result: dict[tuple[str, str], Decimal] = defaultdict(lambda: ZERO)
    # Most ledgers have none: a one-row index probe saves scanning the cost centres.
    # (`yearly__in` rather than `yearly=True`: SQLite renders the latter as a bare
    # column, which cannot use the index.)
    yearly = LedgerFact.objects.filter(
        kind=FactKind.BUDGET, yearly__in=[True], month=date(year, 1, 1)
    )
    if not yearly.exists():
        return result
    facts = _by_account(
        _facts(cost_centres), kind=FactKind.BUDGET, yearly__in=[True], month=date(year, 1, 1)
    )
    for account, amount in facts.items():
        if mapper.is_excluded(account):
            continue
        row = mapper.row_for(account)
        key = (row, "") if row else ("", account)
        result[key] += share.apply(row, amount) if share else amount
    return result


# --------------------------------------------------------------------------- table


@dataclass
class TableRow:
    code: str
    label: str
    kind: str
    role: str
    outcome: Decimal
    budget: Decimal
    outcome_prev: Decimal
    # Whole year (`economic_table(full_year=True)`): budget of all twelve months, and the
    # ledger's forecast facts (None when the ledger holds no forecast for the year).
    year_budget: Decimal = ZERO
    forecast: Decimal | None = None

    @property
    def is_sum(self) -> bool:
        return self.kind in (RowKind.SUBTOTAL, RowKind.TOTAL)

    @property
    def forecast_diff(self) -> Decimal | None:
        """Full-year forecast − full-year budget: positive is better than budget."""
        return None if self.forecast is None else self.forecast - self.year_budget

    @property
    def budget_diff(self) -> Decimal:
        """Bud-Utf Diff: outcome − budget; positive is better than budget."""
        return self.outcome - self.budget

    @property
    def prev_diff(self) -> Decimal:
        return self.outcome - self.outcome_prev

    @property
    def prev_diff_percent(self) -> Decimal | None:
        return change_percent(self.outcome, self.outcome_prev)


@dataclass
class UnmappedAccount:
    account: str
    outcome: Decimal
    budget: Decimal
    outcome_prev: Decimal


@dataclass
class KeyRatio:
    code: str
    label: str
    definition: str
    value: Decimal | None  # percent


@dataclass
class EconomicTable:
    unit: Unit
    unit_name: str
    row_set: ReportRowSet
    period_start: date
    period_end: date
    prev_period_start: date
    prev_period_end: date
    budget_profile: str
    rows: list[TableRow]
    unmapped: list[UnmappedAccount]
    ratios: list[KeyRatio]

    def row(self, code: str) -> TableRow:
        return next(r for r in self.rows if r.code == code)

    def row_with_role(self, role: str) -> TableRow | None:
        return next((r for r in self.rows if r.role == role), None)


def _key_ratios(rows: list[TableRow]) -> list[KeyRatio]:
    from django.utils.translation import gettext as _

    ratios = []
    for role, code, label, definition in (
        (
            RowRole.NET_COST,
            "nettokostnadsutveckling",
            _("Nettokostnadsutveckling"),
            _(
                "Verksamhetens nettokostnader hittills i år delat med samma period "
                "föregående år, minus 1."
            ),
        ),
        (
            RowRole.GROSS_COST,
            "bruttokostnadsutveckling",
            _("Bruttokostnadsutveckling"),
            _("Bruttokostnader hittills i år delat med samma period föregående år, minus 1."),
        ),
    ):
        row = next((r for r in rows if r.role == role), None)
        if row is not None:
            value = (
                None if row.outcome_prev == 0 else (row.outcome / row.outcome_prev - 1) * HUNDRED
            )
            ratios.append(KeyRatio(code=code, label=label, definition=definition, value=value))
    return ratios


def ledger_has_forecast(year: int) -> bool:
    """Whether the ledger holds forecast facts (kind "prognos") for `year`: one query."""
    return LedgerFact.objects.filter(
        kind=FactKind.FORECAST, month__gte=date(year, 1, 1), month__lte=date(year, 12, 1)
    ).exists()


def economic_table(
    *,
    unit: Unit,
    period_end: date,
    row_set: ReportRowSet | None = None,
    full_year: bool = False,
) -> EconomicTable:
    """The economic analysis table of `unit` for January … `period_end`'s month (§7.3).

    With `full_year` the rows also carry the whole year's budget and the ledger's
    full-year forecast (four more queries)."""
    row_set = row_set or row_set_get()
    rows, mapper = _rows_and_mapper(row_set)
    first, last = ytd_months(period_end)
    prev_end = previous_year_end(period_end)
    prev_first, prev_last = ytd_months(prev_end)
    # Cost centres of the unit as the tree stands at the period's end, also for last
    # year: the comparison is in today's structure.
    cost_centres = cost_centres_under(unit, period_end).values("pk")

    outcome = _row_totals(row_set, cost_centres, FactKind.OUTCOME, last)
    outcome_prev = _row_totals(row_set, cost_centres, FactKind.OUTCOME, prev_last)
    profile = budget_profile_for(unit, row_set)
    share = budget_share(
        profile=profile, row_set=row_set, cost_centres=cost_centres, period_end=period_end
    )
    budget = _row_totals(row_set, cost_centres, FactKind.BUDGET, last)
    for key, amount in _yearly_budget(row_set, cost_centres, first.year, share, mapper).items():
        budget[key] = budget.get(key, ZERO) + amount

    leaf: dict[str, list[Decimal]] = {r.code: [ZERO, ZERO, ZERO] for r in rows if not r.is_sum}
    unmapped: dict[str, list[Decimal]] = {}
    for column, amounts in enumerate((outcome, budget, outcome_prev)):
        for (code, account), amount in amounts.items():
            if code in leaf:
                leaf[code][column] += amount
            elif account:
                unmapped.setdefault(account, [ZERO, ZERO, ZERO])[column] += amount

    year_leaf: dict[str, list[Decimal]] = {code: [ZERO, ZERO] for code in leaf}
    has_forecast = False
    if full_year:
        december = date(first.year, 12, 1)
        year_budget = _row_totals(row_set, cost_centres, FactKind.BUDGET, december)
        for key, amount in _yearly_budget(row_set, cost_centres, first.year, None, mapper).items():
            year_budget[key] = year_budget.get(key, ZERO) + amount
        has_forecast = ledger_has_forecast(first.year)
        forecast = (
            _row_totals(row_set, cost_centres, FactKind.FORECAST, december) if has_forecast else {}
        )
        for column, amounts in enumerate((year_budget, forecast)):
            for (code, _account), amount in amounts.items():
                if code in year_leaf:
                    year_leaf[code][column] += amount

    members = sum_members(rows)
    table_rows = []
    for row in rows:
        codes = members.get(row.code, [row.code])
        values = [sum((leaf[c][i] for c in codes), ZERO) for i in range(3)]
        whole = [sum((year_leaf[c][i] for c in codes), ZERO) for i in range(2)]
        table_rows.append(
            TableRow(
                code=row.code,
                label=row.label,
                kind=row.kind,
                role=row.role,
                outcome=values[0],
                budget=values[1],
                outcome_prev=values[2],
                year_budget=whole[0],
                forecast=whole[1] if has_forecast else None,
            )
        )
    return EconomicTable(
        unit=unit,
        unit_name=unit_name_on(unit, period_end),
        row_set=row_set,
        period_start=first,
        period_end=month_end(period_end.year, period_end.month),
        prev_period_start=prev_first,
        prev_period_end=prev_end,
        budget_profile=share.kind,
        rows=table_rows,
        unmapped=[
            UnmappedAccount(account, *values) for account, values in sorted(unmapped.items())
        ],
        ratios=_key_ratios(table_rows),
    )


# --------------------------------------------------------------------------- breakdown


@dataclass
class Amounts:
    """The columns of one line of a breakdown (a unit, cost centre or account), kronor."""

    outcome: Decimal = ZERO
    budget: Decimal = ZERO
    outcome_prev: Decimal = ZERO
    year_budget: Decimal = ZERO
    forecast: Decimal | None = None

    def add(self, other: Amounts) -> None:
        self.outcome += other.outcome
        self.budget += other.budget
        self.outcome_prev += other.outcome_prev
        self.year_budget += other.year_budget
        if other.forecast is not None:
            self.forecast = (self.forecast or ZERO) + other.forecast

    @property
    def budget_diff(self) -> Decimal:
        return self.outcome - self.budget

    @property
    def prev_diff(self) -> Decimal:
        return self.outcome - self.outcome_prev

    @property
    def prev_diff_percent(self) -> Decimal | None:
        return change_percent(self.outcome, self.outcome_prev)

    @property
    def forecast_diff(self) -> Decimal | None:
        return None if self.forecast is None else self.forecast - self.year_budget


def row_codes_of(row_set: ReportRowSet, code: str) -> list[str]:
    """The leaf (income/cost) row codes that make up the row `code` (itself when a leaf)."""
    rows = list(row_set.rows.order_by("order"))
    return sum_members(rows).get(code, [code])


def amounts_by_cost_centre(
    *,
    row_set: ReportRowSet,
    cost_centres: list[int],
    row_codes: list[str],
    period_end: date,
    share: BudgetShare,
    with_forecast: bool,
) -> dict[int, Amounts]:
    """The rows `row_codes` summed per cost centre: year to date, last year's same period,
    the whole year's budget and (`with_forecast`) the ledger's forecast. Two queries.

    Yearly budget facts are spread by `share` — the drilled-down unit's, so that the
    lines add up to the unit's own row."""
    first, last = ytd_months(period_end)
    _, prev_last = ytd_months(previous_year_end(period_end))
    december = date(first.year, 12, 1)
    result: dict[int, Amounts] = {pk: Amounts() for pk in cost_centres}
    if with_forecast:
        for amounts in result.values():
            amounts.forecast = ZERO
    columns = [
        (FactKind.OUTCOME, last, "outcome"),
        (FactKind.BUDGET, last, "budget"),
        (FactKind.OUTCOME, prev_last, "outcome_prev"),
        (FactKind.BUDGET, december, "year_budget"),
    ]
    if with_forecast:
        columns.append((FactKind.FORECAST, december, "forecast"))
    wanted = Q()
    for kind, month, _attr in columns:
        wanted |= Q(kind=kind, month=month)
    totals = (
        LedgerRowTotal.objects.filter(
            wanted, row_set=row_set, cost_centre_id__in=cost_centres, row_code__in=row_codes
        )
        .values("cost_centre_id", "kind", "month")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    for item in totals:
        # December is both "budget to date" and "whole year" when the period ends there.
        for kind, month, attr in columns:
            if item["kind"] == kind and item["month"] == month:
                line = result[item["cost_centre_id"]]
                setattr(line, attr, (getattr(line, attr) or ZERO) + (item["total"] or ZERO))
    _, mapper = _rows_and_mapper(row_set)
    yearly = (
        _facts(cost_centres)
        .filter(kind=FactKind.BUDGET, yearly__in=[True], month=first)
        .values("cost_centre_id", "account")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    for fact in yearly:
        row = mapper.row_for(fact["account"])
        if row in row_codes and not mapper.is_excluded(fact["account"]):
            line = result[fact["cost_centre_id"]]
            amount = fact["total"] or ZERO
            line.budget += share.apply(row, amount)
            line.year_budget += amount
    return result


@dataclass
class AccountLine:
    account: str
    name: str
    amounts: Amounts


def amounts_by_account(
    *,
    row_set: ReportRowSet,
    cost_centre: CostCentre,
    row_codes: list[str],
    period_end: date,
    share: BudgetShare,
    with_forecast: bool,
) -> list[AccountLine]:
    """The accounts of the rows `row_codes` on one cost centre, with the same columns as
    `amounts_by_cost_centre`: two queries (the facts, the accounts' names)."""
    first, last = ytd_months(period_end)
    prev_first, prev_last = ytd_months(previous_year_end(period_end))
    december = date(first.year, 12, 1)
    monthly = Q(yearly__in=[False])
    ytd = Q(month__gte=first, month__lte=last) & monthly
    whole = Q(month__gte=first, month__lte=december)
    facts = (
        LedgerFact.objects.filter(
            cost_centre=cost_centre, month__gte=prev_first, month__lte=december
        )
        .values("account")
        .annotate(
            outcome=Sum("amount", filter=Q(kind=FactKind.OUTCOME) & ytd),
            budget=Sum("amount", filter=Q(kind=FactKind.BUDGET) & ytd),
            outcome_prev=Sum(
                "amount",
                filter=Q(kind=FactKind.OUTCOME, month__gte=prev_first, month__lte=prev_last),
            ),
            year_budget=Sum("amount", filter=Q(kind=FactKind.BUDGET) & whole & monthly),
            yearly=Sum("amount", filter=Q(kind=FactKind.BUDGET, yearly__in=[True], month=first)),
            forecast=Sum("amount", filter=Q(kind=FactKind.FORECAST) & whole),
        )
        .order_by("account")
    )
    _, mapper = _rows_and_mapper(row_set)
    lines: list[AccountLine] = []
    for fact in facts:
        account = fact["account"]
        row = mapper.row_for(account)
        if row not in row_codes or mapper.is_excluded(account):
            continue
        yearly = fact["yearly"] or ZERO
        amounts = Amounts(
            outcome=fact["outcome"] or ZERO,
            budget=(fact["budget"] or ZERO) + share.apply(row, yearly),
            outcome_prev=fact["outcome_prev"] or ZERO,
            year_budget=(fact["year_budget"] or ZERO) + yearly,
            forecast=(fact["forecast"] or ZERO) if with_forecast else None,
        )
        lines.append(AccountLine(account=account, name="", amounts=amounts))
    names = dict(
        Account.objects.filter(number__in=[line.account for line in lines]).values_list(
            "number", "name"
        )
    )
    for line in lines:
        line.name = names.get(line.account, "")
    lines.sort(key=lambda line: _account_sort_key(line.account))
    return lines


def _account_sort_key(account: str) -> tuple[int, str]:
    return (int(account), account) if account.isdigit() else (0, account)


# --------------------------------------------------------------------------- per cost centre


@dataclass
class CostCentreRow:
    code: str
    name: str
    outcome: Decimal
    budget: Decimal

    @property
    def deviation(self) -> Decimal:
        """Avvikelse: outcome − budget, positive is better than budget."""
        return self.outcome - self.budget


def cost_centre_table(
    *, unit: Unit, period_end: date, row_set: ReportRowSet | None = None
) -> list[CostCentreRow]:
    """Net result (all mapped rows) per cost centre under `unit`, year to date.

    This is the förtroendemannabudget table when `unit` holds the elected members'
    cost centres (Regionfullmäktige, Regionstyrelse).
    """
    row_set = row_set or row_set_get()
    _, mapper = _rows_and_mapper(row_set)
    centres = list(cost_centres_under(unit, period_end))
    ids = [c.pk for c in centres]
    first, last = ytd_months(period_end)
    share = budget_share(
        profile=budget_profile_for(unit, row_set),
        row_set=row_set,
        cost_centres=ids,
        period_end=period_end,
    )
    totals: dict[int, list[Decimal]] = {pk: [ZERO, ZERO] for pk in ids}
    grouped = (
        LedgerRowTotal.objects.filter(
            row_set=row_set,
            kind__in=[FactKind.OUTCOME, FactKind.BUDGET],
            month=last,
            cost_centre_id__in=ids,
        )
        .exclude(row_code="")
        .values("cost_centre_id", "kind")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    for item in grouped:
        column = 0 if item["kind"] == FactKind.OUTCOME else 1
        totals[item["cost_centre_id"]][column] += item["total"] or ZERO
    yearly = (
        _facts(ids)
        .filter(kind=FactKind.BUDGET, yearly__in=[True], month=first)
        .values("cost_centre_id", "account")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    for fact in yearly:
        row = mapper.row_for(fact["account"])
        if row is not None:
            totals[fact["cost_centre_id"]][1] += share.apply(row, fact["total"] or ZERO)
    return [CostCentreRow(c.code, c.name, *totals[c.pk]) for c in centres]


# --------------------------------------------------------------------------- forecasts


def _mapped_sum(amounts: dict[tuple[str, str], Decimal]) -> Decimal:
    return sum((amount for (row, _), amount in amounts.items() if row), ZERO)


def unit_year_budget(unit: Unit, year: int, row_set: ReportRowSet | None = None) -> Decimal:
    """The unit's net budget for the whole `year` (kr, cost negative), all mapped rows."""
    row_set = row_set or row_set_get()
    _, mapper = _rows_and_mapper(row_set)
    cost_centres = cost_centres_under(unit, date(year, 12, 31)).values("pk")
    monthly = _row_totals(row_set, cost_centres, FactKind.BUDGET, date(year, 12, 1))
    yearly = _yearly_budget(row_set, cost_centres, year, None, mapper)
    return _mapped_sum(monthly) + _mapped_sum(yearly)


def unit_ytd_outcome(unit: Unit, period_end: date, row_set: ReportRowSet | None = None) -> Decimal:
    """The unit's net outcome January … `period_end`'s month (kr, cost negative)."""
    row_set = row_set or row_set_get()
    cost_centres = cost_centres_under(unit, period_end).values("pk")
    _, last = ytd_months(period_end)
    return _mapped_sum(_row_totals(row_set, cost_centres, FactKind.OUTCOME, last))


def unit_ytd_budget(unit: Unit, period_end: date, row_set: ReportRowSet | None = None) -> Decimal:
    """The unit's periodised net budget January … `period_end`'s month."""
    table = economic_table(unit=unit, period_end=period_end, row_set=row_set)
    net = table.row_with_role(RowRole.NET_COST)
    return net.budget if net else ZERO


def suggested_forecast(
    unit: Unit, period_end: date, row_set: ReportRowSet | None = None
) -> Decimal:
    """A full-year forecast to start from (§7.5): outcome to date + the rest of the
    periodised budget (whole-year budget − periodised budget to date)."""
    return (
        unit_ytd_outcome(unit, period_end, row_set)
        + unit_year_budget(unit, period_end.year, row_set)
        - unit_ytd_budget(unit, period_end, row_set)
    )
