"""Writes of an inspel: the round with its plan period, and the units' needs.

The round is a follow-up round of kind `inspel`: its texts, submission, return and
approval are the follow-up's own services (`styra.followup.services`), so an inspel is
reviewed exactly as a follow-up report is. Investment requests are written with
`investment_request_save(round=…)`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from styra.access import permissions
from styra.followup.models import Round, RoundKind
from styra.followup.services import ensure_report_editable, round_create
from styra.followup.services.unit_reports import unit_report_for_update, unit_report_mark_edited
from styra.org.models import Unit
from styra.plans.models import Plan

from ..models import InspelNeed, InspelNeedAmount, InspelRound
from .common import delete, next_order, save

if TYPE_CHECKING:
    from django.contrib.auth.models import User


@transaction.atomic
def inspel_round_create(
    *,
    plan: Plan,
    code: str,
    period_start: date,
    period_end: date,
    first_year: int,
    last_year: int,
    result_year: int,
    name: str = "",
    result_round: Round | None = None,
    forecast_round: Round | None = None,
    template: str = "inspel-rs",
    reporting_deadline: date | None = None,
    review_deadline: date | None = None,
    user: User,
) -> InspelRound:
    """An inspel for the plan period `first_year`–`last_year`, asked in `plan`'s year.

    `result_year`'s year-end follow-up and ledger give last year's result; the
    `forecast_round` gives this year's forecast.
    """
    if last_year < first_year:
        raise ValidationError({"last_year": _("Planperioden slutar innan den börjar.")})
    if first_year <= period_end.year:
        raise ValidationError(
            {"first_year": _("Inspelet gäller en kommande planperiod, efter inspelets år.")}
        )
    for field, other in (("result_round", result_round), ("forecast_round", forecast_round)):
        if other is not None and other.kind == RoundKind.INSPEL:
            raise ValidationError({field: _("Välj ett uppföljningstillfälle, inte ett inspel.")})
    round_ = round_create(
        plan=plan,
        code=code,
        kind=RoundKind.INSPEL,
        period_start=period_start,
        period_end=period_end,
        name=name or _("Inspel %(first)s–%(last)s") % {"first": first_year, "last": last_year},
        reporting_deadline=reporting_deadline,
        review_deadline=review_deadline,
        user=user,
    )
    inspel = InspelRound(
        round=round_,
        first_year=first_year,
        last_year=last_year,
        result_year=result_year,
        result_round=result_round,
        forecast_round=forecast_round,
        template=template,
    )
    save(inspel, user)
    return inspel


def _require_write(round_: Round, unit: Unit, user: User) -> InspelRound:
    inspel = InspelRound.objects.filter(round=round_).first()
    if inspel is None:
        raise ValidationError({"round": _("%(round)s är inget inspel.") % {"round": round_.code}})
    permissions.require(
        permissions.can_report_unit(user, unit, round_),
        _("Du får inte skriva inspel för denna enhet."),
    )
    report = unit_report_for_update(round_=round_, unit=unit, user=user)
    ensure_report_editable(round_, report)
    unit_report_mark_edited(report=report, user=user)
    return inspel


@transaction.atomic
def inspel_need_save(
    *,
    round: Round,
    unit: Unit,
    title: str,
    description: str = "",
    amounts: Mapping[int, Decimal] | None = None,
    code: str = "",
    order: int | None = None,
    user: User,
) -> InspelNeed:
    """A need or special initiative of `unit`, with amounts (kr) per plan year if given."""
    inspel = _require_write(round, unit, user)
    amounts = amounts or {}
    outside = sorted(y for y in amounts if y not in inspel.years)
    if outside:
        raise ValidationError(
            {
                "amounts": _("Året %(years)s ligger utanför planperioden.")
                % {"years": ", ".join(str(y) for y in outside)}
            }
        )
    code = code or slugify(title)[:60]
    if not code:
        raise ValidationError({"title": _("Ange vad behovet gäller.")})
    need = InspelNeed.objects.filter(round=round, unit=unit, code=code).first()
    if need is None:
        need = InspelNeed(round=round, unit=unit, code=code)
        order = (
            next_order(InspelNeed.objects.filter(round=round, unit=unit))
            if order is None
            else order
        )
    need.title = title
    need.description = description
    need.updated_by = user if getattr(user, "pk", None) else None
    if order is not None:
        need.order = order
    save(need, user)
    existing = {a.year: a for a in need.amounts.all()}
    for year, row in existing.items():
        if year not in amounts:
            delete(row, user)
    for year, amount in sorted(amounts.items()):
        row = existing.get(year) or InspelNeedAmount(need=need, year=year)
        if row._state.adding or row.amount != amount:
            row.amount = amount
            save(row, user)
    return need


@transaction.atomic
def inspel_need_delete(*, need: InspelNeed, user: User) -> None:
    _require_write(need.round, need.unit, user)
    for row in need.amounts.all():
        delete(row, user)
    delete(need, user)
