"""Reads of the investment life cycle: one object's history, a plan's investment plan,
an inspel's requests."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Prefetch, QuerySet

from styra.economy.registers.models import InvestmentOutcome
from styra.followup.models import Round
from styra.org.models import Unit, UnitVersion
from styra.plans.models import Plan

from ..models import (
    InvestmentDecision,
    InvestmentObject,
    InvestmentPlan,
    InvestmentRequest,
    InvestmentRequestAmount,
)

ZERO = Decimal(0)


@dataclass
class Step:
    """One step of an object's life: a request, a decision, or the year's follow-up."""

    kind: str  # "request" | "decision" | "register"
    year: int
    unit_name: str
    title: str
    status_label: str = ""
    source: str = ""
    amounts: dict[int, Decimal] = field(default_factory=dict)
    amount: Decimal | None = None
    kind_label: str = ""
    decision: str = ""
    running_cost_effect: str = ""
    follow_on_risk: bool | None = None
    follow_on_risk_text: str = ""
    consequence: str = ""
    outcomes: list[tuple[str, Decimal, Decimal | None]] = field(default_factory=list)

    @property
    def amount_total(self) -> Decimal:
        return self.amount if self.amount is not None else sum(self.amounts.values(), ZERO)


@dataclass
class ObjectHistory:
    object: InvestmentObject
    steps: list[Step]


class _Names:
    """Unit names on any day, from one query over the units' versions."""

    def __init__(self, unit_ids: set[int]):
        self.versions = list(
            UnitVersion.objects.filter(unit_id__in=unit_ids).order_by("valid_from")
        )

    def on(self, unit_id: int, day: date, default: str) -> str:
        for version in reversed(self.versions):
            if version.unit_id != unit_id or version.valid_from > day:
                continue
            if version.valid_to is None or version.valid_to >= day:
                return version.name
        return default


def object_get(code: str) -> InvestmentObject:
    return InvestmentObject.objects.get(code=code)


def object_history(obj: InvestmentObject) -> ObjectHistory:
    """Requests, decisions and follow-up of `obj`, in time order (fixed query count)."""
    requests = list(
        InvestmentRequest.objects.filter(object=obj)
        .select_related("unit", "round")
        .prefetch_related(
            Prefetch("amounts", queryset=InvestmentRequestAmount.objects.order_by("year"))
        )
        .order_by("first_year")
    )
    decisions = list(
        InvestmentDecision.objects.filter(object=obj)
        .select_related(
            "unit",
            "investment_plan",
            "investment_plan__plan",
            "register_investment",
            "register_investment__category",
        )
        .order_by("investment_plan__year")
    )
    register_ids = [d.register_investment_id for d in decisions if d.register_investment_id]
    outcomes: dict[int, list[InvestmentOutcome]] = {}
    for outcome in (
        InvestmentOutcome.objects.filter(investment_id__in=register_ids)
        .select_related("round")
        .order_by("round__period_end")
    ):
        outcomes.setdefault(outcome.investment_id, []).append(outcome)
    names = _Names({r.unit_id for r in requests} | {d.unit_id for d in decisions})
    steps: list[Step] = []
    for request in requests:
        asked_on = date(request.first_year - 1, 12, 31)
        steps.append(
            Step(
                kind="request",
                year=request.first_year,
                unit_name=names.on(request.unit_id, asked_on, request.unit.code),
                title=request.title or obj.name,
                status_label=request.get_status_display(),
                source=request.round.name if request.round else request.source,
                amounts={a.year: a.amount for a in request.amounts.all()},
                decision=request.decision_text,
                running_cost_effect=request.running_cost_effect,
                follow_on_risk=request.follow_on_risk,
                follow_on_risk_text=request.follow_on_risk_text,
                consequence=request.consequence,
            )
        )
    for decision in decisions:
        year = decision.investment_plan.year
        unit_name = decision.area_label or names.on(
            decision.unit_id, date(year, 1, 1), decision.unit.code
        )
        steps.append(
            Step(
                kind="decision",
                year=year,
                unit_name=unit_name,
                title=decision.title or obj.name,
                status_label=decision.investment_plan.get_state_display(),
                source=decision.investment_plan.plan.name,
                amount=decision.amount,
                kind_label=decision.get_kind_display(),
                decision=decision.investment_plan.decision,
            )
        )
        register = decision.register_investment
        if register is not None:
            steps.append(
                Step(
                    kind="register",
                    year=register.year,
                    unit_name=names.on(register.unit_id, date(year, 1, 1), unit_name),
                    title=register.name,
                    status_label=register.get_status_display(),
                    source=register.category.name,
                    amount=register.budget_year,
                    outcomes=[
                        (o.round.name, o.outcome_year, o.outcome_since_start)
                        for o in outcomes.get(register.pk, [])
                    ],
                )
            )
    order = {"request": 0, "decision": 1, "register": 2}
    steps.sort(key=lambda s: (s.year, order[s.kind]))
    return ObjectHistory(object=obj, steps=steps)


def investment_plan_for(plan: Plan) -> InvestmentPlan | None:
    return InvestmentPlan.objects.filter(plan=plan).first()


def decisions(investment_plan: InvestmentPlan) -> QuerySet[InvestmentDecision]:
    return investment_plan.decisions.select_related("object", "unit").order_by("order", "pk")


def requests_in(round_: Round, unit: Unit | None = None) -> QuerySet[InvestmentRequest]:
    """The requests of an inspel (of `unit` only, if given), in order."""
    qs = InvestmentRequest.objects.filter(round=round_)
    if unit is not None:
        qs = qs.filter(unit=unit)
    return (
        qs.select_related("object", "unit", "previous")
        .prefetch_related(
            Prefetch("amounts", queryset=InvestmentRequestAmount.objects.order_by("year"))
        )
        .order_by("unit__code", "order", "pk")
    )
