"""Writes of the internal-control plan: risk scales, processes, risks, controls, follow-up.

The plan's content changes while it is a draft; once adopted, only its follow-ups are
written (by the control's owner unit or the plan's controllers), one per occasion.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from styra.access import permissions
from styra.org.models import Unit
from styra.plans.models import Plan

from ..models import (
    Control,
    ControlFollowUp,
    ControlPlanState,
    ControlProcess,
    ControlResult,
    ControlRisk,
    InternalControlPlan,
    RiskAxis,
    RiskBand,
    RiskScale,
    RiskScaleLevel,
)
from .common import delete, next_order, require_manage, save

if TYPE_CHECKING:
    from django.contrib.auth.models import User


@transaction.atomic
def risk_scale_save(
    *,
    plan: Plan,
    code: str,
    name: str,
    probability: Sequence[tuple[int, str]],
    consequence: Sequence[tuple[int, str]],
    bands: Sequence[tuple[int, str, str, str]],
    user: User,
) -> RiskScale:
    """Create or replace a risk scale: its steps per axis and the bands of p × c.

    `bands` are (from value, label, colour, symbol). A scale used by an adopted plan
    cannot change.
    """
    require_manage(plan, user)
    if not probability or not consequence or not bands:
        raise ValidationError(_("En riskskala behöver steg för båda axlarna och minst ett område."))
    if min(b[0] for b in bands) > 1:
        raise ValidationError({"bands": _("Det lägsta riskområdet ska börja på 1.")})
    scale = RiskScale.objects.filter(code=code).first()
    if scale is None:
        scale = RiskScale(code=code)
    elif InternalControlPlan.objects.filter(scale=scale, state=ControlPlanState.ADOPTED).exists():
        raise ValidationError(
            _("Riskskalan %(code)s används i en fastställd plan och kan inte ändras.")
            % {"code": code}
        )
    scale.name = name
    save(scale, user)
    for level in scale.levels.all():
        delete(level, user)
    for band in scale.bands.all():
        delete(band, user)
    for axis, steps in ((RiskAxis.PROBABILITY, probability), (RiskAxis.CONSEQUENCE, consequence)):
        for value, label in steps:
            save(RiskScaleLevel(scale=scale, axis=axis, value=value, label=label), user)
    for min_value, label, colour, symbol in bands:
        save(
            RiskBand(scale=scale, min_value=min_value, label=label, colour=colour, symbol=symbol),
            user,
        )
    return scale


def ensure_control_plan_draft(control_plan: InternalControlPlan) -> None:
    state = (
        InternalControlPlan.objects.filter(pk=control_plan.pk)
        .values_list("state", flat=True)
        .first()
    )
    if ControlPlanState.ADOPTED in (state, control_plan.state):
        raise ValidationError(
            _("Internkontrollplanen är fastställd; bara uppföljningen kan ändras."),
            code="adopted",
        )


@transaction.atomic
def internal_control_plan_save(
    *,
    plan: Plan,
    scale: RiskScale,
    case_number: str = "",
    follow_ups_per_year: int = 2,
    note: str = "",
    user: User,
) -> InternalControlPlan:
    require_manage(plan, user)
    if follow_ups_per_year < 1:
        raise ValidationError({"follow_ups_per_year": _("Planen följs upp minst en gång per år.")})
    control_plan = InternalControlPlan.objects.filter(plan=plan).first()
    if control_plan is None:
        control_plan = InternalControlPlan(plan=plan)
    else:
        ensure_control_plan_draft(control_plan)
    control_plan.scale = scale
    control_plan.case_number = case_number
    control_plan.follow_ups_per_year = follow_ups_per_year
    control_plan.note = note
    save(control_plan, user)
    return control_plan


@transaction.atomic
def control_process_save(
    *,
    control_plan: InternalControlPlan,
    code: str,
    name: str,
    owner: Unit | None = None,
    order: int | None = None,
    user: User,
) -> ControlProcess:
    require_manage(control_plan.plan, user)
    ensure_control_plan_draft(control_plan)
    process = ControlProcess.objects.filter(control_plan=control_plan, code=code).first()
    if process is None:
        process = ControlProcess(control_plan=control_plan, code=code)
        order = next_order(control_plan.processes) if order is None else order
    process.name = name
    process.owner = owner
    if order is not None:
        process.order = order
    save(process, user)
    return process


def _check_on_scale(scale: RiskScale, axis: str, value: int, field: str) -> None:
    if not scale.levels.filter(axis=axis, value=value).exists():
        values = list(scale.levels.filter(axis=axis).values_list("value", flat=True))
        raise ValidationError(
            {
                field: _("%(value)s finns inte på skalan (%(values)s).")
                % {"value": value, "values": ", ".join(str(v) for v in values)}
            }
        )


@transaction.atomic
def control_risk_save(
    *,
    process: ControlProcess,
    code: str,
    description: str,
    probability: int,
    consequence: int,
    order: int | None = None,
    user: User,
) -> ControlRisk:
    control_plan = process.control_plan
    require_manage(control_plan.plan, user)
    ensure_control_plan_draft(control_plan)
    _check_on_scale(control_plan.scale, RiskAxis.PROBABILITY, probability, "probability")
    _check_on_scale(control_plan.scale, RiskAxis.CONSEQUENCE, consequence, "consequence")
    risk = ControlRisk.objects.filter(process=process, code=code).first()
    if risk is None:
        risk = ControlRisk(process=process, code=code)
        order = next_order(process.risks) if order is None else order
    risk.description = description
    risk.probability = probability
    risk.consequence = consequence
    if order is not None:
        risk.order = order
    save(risk, user)
    return risk


@transaction.atomic
def control_save(
    *,
    risk: ControlRisk,
    code: str,
    description: str,
    owner: str,
    method: str,
    frequency: str,
    owner_unit: Unit | None = None,
    order: int | None = None,
    user: User,
) -> Control:
    control_plan = risk.process.control_plan
    require_manage(control_plan.plan, user)
    ensure_control_plan_draft(control_plan)
    control = Control.objects.filter(risk=risk, code=code).first()
    if control is None:
        control = Control(risk=risk, code=code)
        order = next_order(risk.controls) if order is None else order
    control.description = description
    control.owner = owner
    control.owner_unit = owner_unit
    control.method = method
    control.frequency = frequency
    if order is not None:
        control.order = order
    save(control, user)
    return control


@transaction.atomic
def internal_control_plan_adopt(
    *, control_plan: InternalControlPlan, user: User
) -> InternalControlPlan:
    require_manage(control_plan.plan, user)
    control_plan = InternalControlPlan.objects.select_for_update().get(pk=control_plan.pk)
    ensure_control_plan_draft(control_plan)
    if not Control.objects.filter(risk__process__control_plan=control_plan).exists():
        raise ValidationError(_("En internkontrollplan utan kontroller kan inte fastställas."))
    control_plan.state = ControlPlanState.ADOPTED
    save(control_plan, user)
    return control_plan


def _may_follow_up(user: User, control: Control, plan: Plan) -> bool:
    if permissions.can_manage_plan(user, plan):
        return True
    unit = control.owner_unit or control.risk.process.owner
    return unit is not None and permissions.has_role(
        user, unit, plan.period_end, permissions.REPORT_ROLES
    )


@transaction.atomic
def control_follow_up_save(
    *,
    control: Control,
    occasion: int,
    result: str,
    comment: str = "",
    measures: str = "",
    user: User,
) -> ControlFollowUp:
    """Record a control's result at the year's `occasion`-th follow-up (1 … n)."""
    control_plan = InternalControlPlan.objects.select_related("plan", "plan__unit").get(
        pk=control.risk.process.control_plan_id
    )
    plan = control_plan.plan
    permissions.require(
        _may_follow_up(user, control, plan),
        _("Du får inte följa upp denna kontroll."),
    )
    if not control_plan.is_adopted:
        raise ValidationError(_("Internkontrollplanen följs upp först när den är fastställd."))
    if not 1 <= occasion <= control_plan.follow_ups_per_year:
        raise ValidationError(
            {
                "occasion": _(
                    "Planen följs upp %(n)s gånger per år; uppföljning %(occ)s finns inte."
                )
                % {"n": control_plan.follow_ups_per_year, "occ": occasion}
            }
        )
    if result not in ControlResult.values:
        raise ValidationError({"result": _("Okänt resultat.")})
    if result == ControlResult.DEVIATION and not measures.strip():
        raise ValidationError({"measures": _("Ange åtgärder när kontrollen visar avvikelser.")})
    follow_up = ControlFollowUp.objects.filter(control=control, occasion=occasion).first()
    if follow_up is None:
        follow_up = ControlFollowUp(control=control, occasion=occasion)
    follow_up.result = result
    follow_up.comment = comment
    follow_up.measures = measures
    follow_up.updated_by = user if getattr(user, "pk", None) else None
    save(follow_up, user)
    return follow_up
