"""Writes to the economy registers: forecasts, savings measures, workforce, investments.

Every write — web form, HTMX save, CLI, import, demo — goes through one function here.
Writes tied to a round refuse a locked round.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from styra.followup.models import Round
from styra.followup.services import ensure_round_editable
from styra.org.models import Unit
from styra.plans.models import StatusLevel, StatusMeaning, StatusScale

from .models import (
    SAVINGS_SCALE_CODE,
    Forecast,
    Investment,
    InvestmentCategory,
    InvestmentKind,
    InvestmentOutcome,
    InvestmentStatus,
    SavingsKind,
    SavingsMeasure,
    Workforce,
)


def round_ensure_editable(round: Round) -> None:
    """Refuse changes to a round whose report has been adopted (fastställd).

    The follow-up's guard is the one rule for every path; it raises a `ValidationError`.
    """
    ensure_round_editable(round)


@transaction.atomic
def forecast_set(
    *, round: Round, unit: Unit, amount: Decimal, comment: str | None = None, user=None
) -> Forecast:
    """Enter or change a unit's full-year forecast (kronor, net cost negative)."""
    round_ensure_editable(round)
    forecast = Forecast.objects.filter(round=round, unit=unit).first()
    if forecast is None:
        forecast = Forecast(round=round, unit=unit)
    forecast.amount = amount
    if comment is not None:
        forecast.comment = comment
    forecast.updated_by = user
    forecast.full_clean()
    forecast.save()
    return forecast


@transaction.atomic
def forecast_delete(*, forecast: Forecast) -> None:
    round_ensure_editable(forecast.round)
    forecast.delete()


# Savings measures --------------------------------------------------------------------

_SAVINGS_LEVELS = [
    # code, label, colour, symbol, meaning, definition (domain guide §5)
    ("gron", "Grön", "#2e7d32", "●", StatusMeaning.FULFILLED, "Målet kommer att nås under året."),
    (
        "gul",
        "Gul",
        "#f9a825",
        "◐",
        StatusMeaning.PARTLY,
        "Målet kan nås, men korrigeringar behöver göras och viss hjälp behövs.",
    ),
    ("rod", "Röd", "#c62828", "○", StatusMeaning.NOT_FULFILLED, "Målet nås inte; hjälp behövs."),
]


@transaction.atomic
def savings_scale_ensure() -> StatusScale:
    """The traffic-light scale of savings measures; created with Grön/Gul/Röd if missing.

    Its levels are ordinary `StatusLevel`s, so a region edits labels and definitions in
    the admin like any other scale.
    """
    scale, created = StatusScale.objects.get_or_create(
        code=SAVINGS_SCALE_CODE, defaults={"name": "Stoppljus för resultatförbättrande åtgärder"}
    )
    if created:
        for order, (code, label, colour, symbol, meaning, definition) in enumerate(_SAVINGS_LEVELS):
            StatusLevel.objects.create(
                scale=scale,
                code=code,
                label=label,
                colour=colour,
                symbol=symbol,
                meaning=meaning,
                definition=definition,
                order=order,
            )
    return scale


@transaction.atomic
def savings_measure_save(
    *,
    round: Round,
    code: str,
    unit: Unit,
    name: str,
    kind: str = SavingsKind.MEASURE,
    category: str = "",
    planned_effect: Decimal | None = None,
    outcome: Decimal | None = None,
    outcome_previous: Decimal | None = None,
    status: StatusLevel | None = None,
    comment: str = "",
    order: int | None = None,
    user=None,
) -> SavingsMeasure:
    """Create or change the measure `code` of `round`."""
    round_ensure_editable(round)
    if status is not None and status.scale.code != SAVINGS_SCALE_CODE:
        raise ValidationError(
            _("Statusen %(status)s hör inte till åtgärdernas stoppljusskala.")
            % {"status": status.label}
        )
    measure = SavingsMeasure.objects.filter(round=round, code=code).first()
    if measure is None:
        measure = SavingsMeasure(round=round, code=code)
        if order is None:
            order = SavingsMeasure.objects.filter(round=round).count()
    measure.unit = unit
    measure.name = name
    measure.kind = kind
    measure.category = category
    measure.planned_effect = planned_effect
    measure.outcome = outcome
    measure.outcome_previous = outcome_previous
    measure.status = status
    measure.comment = comment
    if order is not None:
        measure.order = order
    measure.updated_by = user
    measure.full_clean()
    measure.save()
    return measure


@transaction.atomic
def savings_measure_delete(*, measure: SavingsMeasure) -> None:
    round_ensure_editable(measure.round)
    measure.delete()


@transaction.atomic
def workforce_set(
    *, round: Round, unit: Unit, fte: Decimal, fte_previous: Decimal | None = None
) -> Workforce:
    """Record a unit's full-time equivalents (OÅA) for the round's period."""
    round_ensure_editable(round)
    workforce = Workforce.objects.filter(round=round, unit=unit).first() or Workforce(
        round=round, unit=unit
    )
    workforce.fte = fte
    workforce.fte_previous = fte_previous
    workforce.full_clean()
    workforce.save()
    return workforce


# Investments -------------------------------------------------------------------------


@transaction.atomic
def investment_save(
    *,
    year: int,
    code: str,
    unit: Unit,
    name: str,
    category: str,
    kind: str = InvestmentKind.NEW,
    status: str = InvestmentStatus.REQUESTED,
    budget_year: Decimal = Decimal(0),
    budget_total: Decimal | None = None,
    forecast_total: Decimal | None = None,
    procurement_contacted: bool | None = None,
    procurement_contacted_on: date | None = None,
    status_detail: str = "",
    order: int | None = None,
) -> Investment:
    """Create or change the investment object `code` of budget year `year`."""
    if category not in InvestmentCategory.values:
        raise ValidationError(_("Okänd investeringskategori ”%(c)s”.") % {"c": category})
    investment = Investment.objects.filter(year=year, code=code).first()
    if investment is None:
        investment = Investment(year=year, code=code)
        if order is None:
            order = Investment.objects.filter(year=year).count()
    investment.unit = unit
    investment.name = name
    investment.category = category
    investment.kind = kind
    investment.status = status
    investment.budget_year = budget_year
    investment.budget_total = budget_total
    investment.forecast_total = forecast_total
    investment.procurement_contacted = procurement_contacted
    investment.procurement_contacted_on = procurement_contacted_on
    investment.status_detail = status_detail
    if order is not None:
        investment.order = order
    investment.full_clean()
    investment.save()
    return investment


@transaction.atomic
def investment_outcome_set(
    *,
    round: Round,
    investment: Investment,
    outcome_year: Decimal,
    outcome_since_start: Decimal | None = None,
) -> InvestmentOutcome:
    """What the investment has cost this year and since start, up to the round's end."""
    round_ensure_editable(round)
    if investment.year != round.period_end.year:
        raise ValidationError(
            _("Investeringen gäller %(year)s men uppföljningstillfället %(round)s ett annat år.")
            % {"year": investment.year, "round": round.code}
        )
    row = InvestmentOutcome.objects.filter(round=round, investment=investment).first()
    row = row or InvestmentOutcome(round=round, investment=investment)
    row.outcome_year = outcome_year
    row.outcome_since_start = outcome_since_start
    row.full_clean()
    row.save()
    return row
