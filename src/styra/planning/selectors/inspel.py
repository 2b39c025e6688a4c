"""Reads of an inspel: what the data says about last year and this year, and the input.

Last year's result is drawn from data, never typed: the goal fulfilment counts of the
year-end follow-up (per plan level and status) and the budget deviation per area from
the ledger (full-year outcome − budget, positive = better than budget). This year's
forecast is the forecast round's table. Needs and investment requests are the units'.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Prefetch, QuerySet

from styra.economy.ledger.models import FactKind, LedgerFact
from styra.economy.ledger.selectors import unit_year_budget, unit_ytd_outcome
from styra.economy.registers.selectors import ForecastTable, forecast_overview
from styra.followup.models import Round, RoundKind
from styra.followup.summary import LevelSummary, round_summary
from styra.org.models import Unit
from styra.org.selectors import cost_centres_under, tree_as_of

from ..models import InspelNeed, InspelNeedAmount, InspelRound

ZERO = Decimal(0)


@dataclass
class AreaResult:
    unit_id: int
    code: str
    name: str
    outcome: Decimal
    budget: Decimal

    @property
    def deviation(self) -> Decimal:
        """Outcome − budget: positive is better than budget (§7.3)."""
        return self.outcome - self.budget


@dataclass
class YearResult:
    """Last year's result of a unit: goal fulfilment and budget deviation per area."""

    year: int
    round: Round | None
    fulfilment: list[LevelSummary] = field(default_factory=list)
    areas: list[AreaResult] = field(default_factory=list)
    has_outcome: bool = False
    has_budget: bool = False

    @property
    def total(self) -> AreaResult | None:
        if not self.areas:
            return None
        return AreaResult(
            unit_id=0,
            code="",
            name="",
            outcome=sum((a.outcome for a in self.areas), ZERO),
            budget=sum((a.budget for a in self.areas), ZERO),
        )


@dataclass
class CurrentYear:
    round: Round | None
    fulfilment: list[LevelSummary] = field(default_factory=list)
    forecast: ForecastTable | None = None


def inspel_get(round_: Round) -> InspelRound | None:
    if round_.kind != RoundKind.INSPEL:
        return None
    return InspelRound.objects.filter(round=round_).select_related("round").first()


def inspel_rounds() -> QuerySet[InspelRound]:
    return InspelRound.objects.select_related("round", "round__plan").order_by("-round__period_end")


def result_round(inspel: InspelRound) -> Round | None:
    """The year-end follow-up of the result year: the one named, else the latest annual
    round of that year for the plan unit's plans."""
    if inspel.result_round_id:
        return inspel.result_round
    return (
        Round.objects.filter(
            kind=RoundKind.ANNUAL,
            period_end__year=inspel.result_year,
            plan__unit=inspel.round.plan.unit,
        )
        .select_related("plan")
        .order_by("-period_end")
        .first()
    )


def _areas(unit: Unit, day: date) -> list[tuple[int, str, str]]:
    """(id, code, name) of the unit's children on `day`, else the unit itself."""
    nodes = [n for root in tree_as_of(day) for n in root.walk()]
    node = next((n for n in nodes if n.unit_id == unit.pk), None)
    if node is None:
        return []
    children = node.children or [node]
    return [(c.unit_id, c.code, c.name) for c in children]


def _ledger_has(unit: Unit, year: int, kind: str) -> bool:
    centres = cost_centres_under(unit, date(year, 12, 31)).values("pk")
    return LedgerFact.objects.filter(cost_centre__in=centres, kind=kind, month__year=year).exists()


def year_result(inspel: InspelRound, unit: Unit) -> YearResult:
    year = inspel.result_year
    rnd = result_round(inspel)
    result = YearResult(year=year, round=rnd)
    if rnd is not None:
        result.fulfilment = round_summary(rnd).total.rows
    result.has_outcome = _ledger_has(unit, year, FactKind.OUTCOME)
    result.has_budget = _ledger_has(unit, year, FactKind.BUDGET)
    if result.has_outcome:
        day = date(year, 12, 31)
        units = Unit.objects.in_bulk([uid for uid, _c, _n in _areas(unit, day)])
        for unit_id, code, name in _areas(unit, day):
            area = units[unit_id]
            result.areas.append(
                AreaResult(
                    unit_id=unit_id,
                    code=code,
                    name=name,
                    outcome=unit_ytd_outcome(area, day),
                    budget=unit_year_budget(area, year),
                )
            )
    return result


def current_year(inspel: InspelRound, unit: Unit) -> CurrentYear:
    rnd = inspel.forecast_round
    current = CurrentYear(round=rnd)
    if rnd is not None:
        current.fulfilment = round_summary(rnd).total.rows
        overview = forecast_overview(round=rnd, unit=unit)
        table = overview.table
        if not table.forecast_rows and overview.row.forecast is not None:
            # A unit whose sub-units have no forecasts of their own shows its own row.
            table.rows = [overview.row]
        current.forecast = table
    return current


def needs_in(round_: Round, unit: Unit | None = None) -> QuerySet[InspelNeed]:
    qs = InspelNeed.objects.filter(round=round_)
    if unit is not None:
        qs = qs.filter(unit=unit)
    return (
        qs.select_related("unit")
        .prefetch_related(Prefetch("amounts", queryset=InspelNeedAmount.objects.order_by("year")))
        .order_by("unit__code", "order", "pk")
    )
