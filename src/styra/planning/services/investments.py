"""Writes of the investment life cycle: requests, decisions, the investment plan.

requested (in an inspel, amounts per year) → granted / not granted → requested again
the next year, possibly by another unit → decided at object level in a plan's
investment plan → followed up as an investment of the year in the follow-up's registers.
One `InvestmentObject` carries the history across years.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from styra.access import permissions
from styra.economy.registers import services as register_services
from styra.economy.registers.models import Investment, InvestmentStatus
from styra.followup.models import Round, RoundKind
from styra.followup.services import ensure_report_editable, ensure_round_editable
from styra.followup.services.unit_reports import unit_report_for_update, unit_report_mark_edited
from styra.formats.text import column_max_length
from styra.org.models import Unit
from styra.plans.models import Plan

from ..models import (
    InspelRound,
    InvestmentDecision,
    InvestmentObject,
    InvestmentPlan,
    InvestmentPlanState,
    InvestmentRequest,
    InvestmentRequestAmount,
    RequestStatus,
)
from .common import delete, next_order, require_manage, save

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def _object(*, code: str, name: str, kind: str, user: User) -> InvestmentObject:
    """The object `code`, created with `name` if new (its identity across years)."""
    code = code or slugify(name)[:60]
    obj = InvestmentObject.objects.filter(code=code).first()
    if obj is None:
        if not name:
            raise ValidationError(
                {"object": _("Investeringsobjektet %(code)s finns inte.") % {"code": code}}
            )
        obj = InvestmentObject(code=code, name=name, kind=kind)
        save(obj, user)
    return obj


def _check_amounts(amounts: Mapping[int, Decimal], first_year: int, last_year: int) -> None:
    outside = sorted(y for y in amounts if not first_year <= y <= last_year)
    if outside:
        raise ValidationError(
            {
                "amounts": _("Året %(years)s ligger utanför planperioden %(first)s–%(last)s.")
                % {
                    "years": ", ".join(str(y) for y in outside),
                    "first": first_year,
                    "last": last_year,
                }
            }
        )
    if any(amount < 0 for amount in amounts.values()):
        raise ValidationError({"amounts": _("Ett äskat belopp kan inte vara negativt.")})


def _set_amounts(request: InvestmentRequest, amounts: Mapping[int, Decimal], user: User) -> None:
    existing = {a.year: a for a in request.amounts.all()}
    for year, row in existing.items():
        if year not in amounts:
            delete(row, user)
    for year, amount in sorted(amounts.items()):
        row = existing.get(year) or InvestmentRequestAmount(request=request, year=year)
        if row._state.adding or row.amount != amount:
            row.amount = amount
            save(row, user)


def _inspel(round_: Round) -> InspelRound:
    if round_.kind != RoundKind.INSPEL:
        raise ValidationError({"round": _("%(round)s är inget inspel.") % {"round": round_.code}})
    inspel = InspelRound.objects.filter(round=round_).first()
    if inspel is None:
        raise ValidationError(
            {"round": _("Inspelet %(round)s saknar planperiod.") % {"round": round_.code}}
        )
    return inspel


def _require_write(unit: Unit, round_: Round | None, first_year: int, user: User) -> None:
    """In an inspel: the unit's reporters while its input is editable. A request from
    before Styra (no round) is recorded by the unit's controllers."""
    if round_ is not None:
        permissions.require(
            permissions.can_report_unit(user, unit, round_),
            _("Du får inte skriva inspel för denna enhet."),
        )
        report = unit_report_for_update(round_=round_, unit=unit, user=user)
        ensure_report_editable(round_, report)
        unit_report_mark_edited(report=report, user=user)
    else:
        permissions.require(
            permissions.can_manage_unit(user, unit, date(first_year, 1, 1)),
            _("Endast controller får registrera äskanden utanför ett inspel."),
        )


@transaction.atomic
def investment_request_save(
    *,
    unit: Unit,
    object_code: str,
    object_name: str = "",
    amounts: Mapping[int, Decimal],
    round: Round | None = None,
    source: str = "",
    title: str = "",
    first_year: int | None = None,
    last_year: int | None = None,
    kind: str = "",
    running_cost_effect: str = "",
    follow_on_risk: bool | None = None,
    follow_on_risk_text: str = "",
    consequence: str = "",
    order: int | None = None,
    user: User,
) -> InvestmentRequest:
    """Create or change `unit`'s request for an object (amounts in kr per plan year).

    In an inspel the plan period is the inspel's; a request from before Styra names
    its `source` and period. A request that has been decided cannot change.
    """
    if round is not None:
        inspel = _inspel(round)
        first_year, last_year = inspel.first_year, inspel.last_year
    elif first_year is None or last_year is None or not source:
        raise ValidationError(
            {"round": _("Ett äskande utanför ett inspel behöver källa och planperiod.")}
        )
    if last_year < first_year:
        raise ValidationError({"last_year": _("Planperioden slutar innan den börjar.")})
    _require_write(unit, round, first_year, user)
    _check_amounts(amounts, first_year, last_year)
    obj = _object(code=object_code, name=object_name, kind=kind, user=user)
    request = InvestmentRequest.objects.filter(object=obj, first_year=first_year).first()
    if request is None:
        request = InvestmentRequest(object=obj, first_year=first_year)
        order = (
            next_order(InvestmentRequest.objects.filter(round=round)) if order is None else order
        )
    elif request.status != RequestStatus.REQUESTED:
        raise ValidationError(
            _("Äskandet av %(object)s för %(year)s är redan beslutat och kan inte ändras.")
            % {"object": obj.name, "year": first_year},
            code="decided",
        )
    elif request.round_id and round is not None and request.unit_id != unit.pk:
        permissions.require(
            permissions.can_report_unit(user, request.unit, round),
            _("Äskandet hör till en annan enhet."),
        )
    request.unit = unit
    request.round = round
    request.source = source
    request.title = title
    request.last_year = last_year
    request.running_cost_effect = running_cost_effect
    request.follow_on_risk = follow_on_risk
    request.follow_on_risk_text = follow_on_risk_text
    request.consequence = consequence
    request.updated_by = user if getattr(user, "pk", None) else None
    if order is not None:
        request.order = order
    save(request, user)
    _set_amounts(request, amounts, user)
    return request


@transaction.atomic
def investment_request_delete(*, request: InvestmentRequest, user: User) -> None:
    if request.status != RequestStatus.REQUESTED:
        raise ValidationError(_("Ett beslutat äskande kan inte tas bort."), code="decided")
    _require_write(request.unit, request.round, request.first_year, user)
    for row in request.amounts.all():
        delete(row, user)
    delete(request, user)


@transaction.atomic
def investment_request_decide(
    *, request: InvestmentRequest, granted: bool, decision_text: str = "", user: User
) -> InvestmentRequest:
    """requested → granted or not granted (a checked transition)."""
    request = (
        InvestmentRequest.objects.select_for_update(of=("self",))
        .select_related("round")
        .get(pk=request.pk)
    )
    if request.round is not None:
        ensure_round_editable(request.round)
        permissions.require(
            permissions.can_review(user, request.unit, request.round),
            _("Endast granskare eller controller får besluta om äskanden."),
        )
    else:
        permissions.require(
            permissions.can_manage_unit(user, request.unit, date(request.first_year, 1, 1)),
            _("Endast controller får besluta om äskanden."),
        )
    if request.status != RequestStatus.REQUESTED:
        raise ValidationError(
            _("Äskandet har redan status ”%(status)s”.") % {"status": request.get_status_display()},
            code="invalid_transition",
        )
    request.status = RequestStatus.GRANTED if granted else RequestStatus.NOT_GRANTED
    request.decision_text = decision_text
    request.decided_at = timezone.now()
    request.decided_by = user if getattr(user, "pk", None) else None
    save(request, user)
    return request


@transaction.atomic
def investment_request_renew(
    *,
    previous: InvestmentRequest,
    round: Round,
    unit: Unit,
    amounts: Mapping[int, Decimal],
    running_cost_effect: str | None = None,
    follow_on_risk: bool | None = None,
    follow_on_risk_text: str | None = None,
    consequence: str | None = None,
    user: User,
) -> InvestmentRequest:
    """Request a not-granted object again in a later inspel, possibly from another unit."""
    previous = (
        InvestmentRequest.objects.select_for_update(of=("self",))
        .select_related("object")
        .get(pk=previous.pk)
    )
    if previous.status != RequestStatus.NOT_GRANTED:
        raise ValidationError(
            _("Bara ett äskande som inte beviljats kan äskas på nytt."), code="invalid_transition"
        )
    inspel = _inspel(round)
    if inspel.first_year <= previous.first_year:
        raise ValidationError(
            {"round": _("Ett nytt äskande gäller en senare planperiod än det förra.")}
        )
    request = investment_request_save(
        unit=unit,
        object_code=previous.object.code,
        amounts=amounts,
        round=round,
        running_cost_effect=(
            previous.running_cost_effect if running_cost_effect is None else running_cost_effect
        ),
        follow_on_risk=previous.follow_on_risk if follow_on_risk is None else follow_on_risk,
        follow_on_risk_text=(
            previous.follow_on_risk_text if follow_on_risk_text is None else follow_on_risk_text
        ),
        consequence=previous.consequence if consequence is None else consequence,
        user=user,
    )
    request.previous = previous
    save(request, user)
    return request


# The investment plan -------------------------------------------------------------------


def ensure_investment_plan_draft(investment_plan: InvestmentPlan) -> None:
    state = (
        InvestmentPlan.objects.filter(pk=investment_plan.pk).values_list("state", flat=True).first()
    )
    if InvestmentPlanState.DECIDED in (state, investment_plan.state):
        raise ValidationError(
            _("Investeringsplanen i %(plan)s är beslutad och kan inte ändras.")
            % {"plan": investment_plan.plan.code},
            code="decided",
        )


@transaction.atomic
def investment_plan_save(
    *,
    plan: Plan,
    year: int | None = None,
    title: str = "",
    decision: str = "",
    decided_on: date | None = None,
    user: User,
) -> InvestmentPlan:
    require_manage(plan, user)
    investment_plan = InvestmentPlan.objects.filter(plan=plan).first()
    if investment_plan is None:
        investment_plan = InvestmentPlan(plan=plan)
    else:
        ensure_investment_plan_draft(investment_plan)
    investment_plan.year = year or plan.period_start.year
    investment_plan.title = title
    investment_plan.decision = decision
    investment_plan.decided_on = decided_on
    save(investment_plan, user)
    return investment_plan


@transaction.atomic
def investment_decision_save(
    *,
    investment_plan: InvestmentPlan,
    object_code: str,
    unit: Unit,
    amount: Decimal,
    object_name: str = "",
    area_label: str = "",
    title: str = "",
    kind: str = "",
    request: InvestmentRequest | None = None,
    order: int | None = None,
    user: User,
) -> InvestmentDecision:
    """Decide an object (new or re-investment, amount in kr) in the investment plan."""
    require_manage(investment_plan.plan, user)
    ensure_investment_plan_draft(investment_plan)
    if amount < 0:
        raise ValidationError({"amount": _("Beloppet kan inte vara negativt.")})
    obj = _object(code=object_code, name=object_name, kind=kind, user=user)
    if request is not None:
        request = InvestmentRequest.objects.get(pk=request.pk)
        if request.object_id != obj.pk:
            raise ValidationError({"request": _("Äskandet gäller ett annat objekt.")})
        if request.status != RequestStatus.GRANTED:
            raise ValidationError({"request": _("Äskandet är inte beviljat.")})
    decision = InvestmentDecision.objects.filter(
        investment_plan=investment_plan, object=obj
    ).first()
    if decision is None:
        decision = InvestmentDecision(investment_plan=investment_plan, object=obj)
        order = next_order(investment_plan.decisions) if order is None else order
    decision.unit = unit
    decision.area_label = area_label
    decision.title = title
    decision.kind = kind
    decision.amount = amount
    decision.request = request
    if order is not None:
        decision.order = order
    save(decision, user)
    return decision


@transaction.atomic
def investment_decision_delete(*, decision: InvestmentDecision, user: User) -> None:
    require_manage(decision.investment_plan.plan, user)
    ensure_investment_plan_draft(decision.investment_plan)
    delete(decision, user)


@transaction.atomic
def investment_plan_decide(*, investment_plan: InvestmentPlan, user: User) -> InvestmentPlan:
    """Decide the investment plan: its objects and amounts are locked."""
    require_manage(investment_plan.plan, user)
    investment_plan = InvestmentPlan.objects.select_for_update().get(pk=investment_plan.pk)
    ensure_investment_plan_draft(investment_plan)
    if not investment_plan.decisions.exists():
        raise ValidationError(_("En investeringsplan utan objekt kan inte beslutas."))
    investment_plan.state = InvestmentPlanState.DECIDED
    save(investment_plan, user)
    return investment_plan


@transaction.atomic
def investment_plan_follow_up(
    *, investment_plan: InvestmentPlan, round: Round, user: User
) -> list[InvestmentDecision]:
    """Take the decided objects into the follow-up: each becomes an investment of the
    year in the registers of `round` (granted, with its decided amount as the year's
    budget), through the registers' own service and its rules (an open round of the
    plan's year, the plan unit's controllers). Objects already taken in are left alone.
    """
    require_manage(investment_plan.plan, user)
    investment_plan = InvestmentPlan.objects.select_related("plan").get(pk=investment_plan.pk)
    if not investment_plan.is_decided:
        raise ValidationError(_("Investeringsplanen är inte beslutad än."))
    if round.period_end.year != investment_plan.year:
        raise ValidationError(
            {
                "round": _("%(round)s gäller ett annat år än investeringsplanen (%(year)s).")
                % {"round": round.code, "year": investment_plan.year}
            }
        )
    if round.kind == RoundKind.INSPEL:
        raise ValidationError({"round": _("Välj ett uppföljningstillfälle, inte ett inspel.")})
    category = register_services.investment_category_for_plan_decisions()
    name_length = column_max_length(Investment, "name")
    taken = []
    decisions = investment_plan.decisions.select_related("object", "unit").order_by("order", "pk")
    for order, decision in enumerate(decisions):
        if decision.register_investment_id:
            continue
        investment = register_services.investment_save(
            round=round,
            code=decision.object.code,
            unit=decision.unit,
            name=(decision.title or decision.object.name)[:name_length],
            category=category,
            kind=decision.kind,
            status=InvestmentStatus.GRANTED,
            budget_year=decision.amount,
            order=order,
            user=user,
        )
        decision.register_investment = investment
        save(decision, user)
        taken.append(decision)
    return taken
