"""Writes to the economy registers: forecasts, savings measures, workforce, investments.

Every write — web form, HTMX save, CLI, file import, admin, demo — goes through one
function here. Each takes the acting `user` (keyword-only), checks permission and state
with `rules` (who may change what, and when), cleans the free text (`formats.text`:
control characters out, comments at most `limits.COMMENT_MAX_CHARS`), changes the data
and records the history with that user, all in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from styra.access import permissions
from styra.economy.ledger import rules as ledger_rules
from styra.economy.ledger.models import FactKind
from styra.followup.models import Round, UnitReport
from styra.followup.services import ensure_round_editable
from styra.formats.problems import ImportFailed, ImportProblem
from styra.formats.text import clean_comment, clean_line
from styra.org.models import Unit
from styra.plans.models import StatusLevel, StatusMeaning, StatusScale

from . import rules
from .categories import read_categories_file
from .models import (
    SAVINGS_SCALE_CODE,
    FinancialRecord,
    Forecast,
    Investment,
    InvestmentCategory,
    InvestmentKind,
    InvestmentOutcome,
    InvestmentStatus,
    ResultAdjustment,
    SavingsKind,
    SavingsMeasure,
    Workforce,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import User

# The rows of the registers; each keeps its history.
RegisterRow = (
    Forecast
    | SavingsMeasure
    | Workforce
    | Investment
    | InvestmentOutcome
    | ResultAdjustment
    | FinancialRecord
)


def round_ensure_editable(round: Round) -> None:
    """Refuse changes to a round whose report has been adopted (fastställd).

    The follow-up's guard is the one rule for every path; it raises a `ValidationError`.
    Imports call it first to fail before reading a whole file; the writes themselves
    check the round and the owner's report again (`rules.ensure_unit_editable`).
    """
    ensure_round_editable(round)


def _owners_editable(*, round: Round, units: list[Unit], user: User) -> list[UnitReport]:
    """Check that every owner a write touches belongs to the round, then lock and check
    their reports, in a fixed order."""
    unique = {unit.pk: unit for unit in units}
    for unit in unique.values():
        rules.ensure_in_round(unit, round)
    return [
        rules.ensure_unit_editable(round=round, unit=unique[pk], user=user) for pk in sorted(unique)
    ]


def _save(instance: RegisterRow, user: User) -> None:
    instance._history_user = user
    instance.full_clean()
    instance.save()


def _delete(instance: RegisterRow, user: User) -> None:
    instance._history_user = user
    instance.delete()


@transaction.atomic
def forecast_set(
    *, round: Round, unit: Unit, amount: Decimal, comment: str | None = None, user: User
) -> Forecast:
    """Enter or change a unit's full-year forecast (kronor, net cost negative)."""
    rules.require_write(user, unit, round)
    reports = _owners_editable(round=round, units=[unit], user=user)
    forecast = Forecast.objects.select_for_update().filter(round=round, unit=unit).first()
    if forecast is None:
        forecast = Forecast(round=round, unit=unit)
    forecast.amount = amount
    if comment is not None:
        forecast.comment = clean_comment(comment)
    forecast.updated_by = user
    _save(forecast, user)
    rules.mark_edited(reports, user)
    return forecast


@transaction.atomic
def forecast_delete(*, forecast: Forecast, user: User) -> None:
    rules.require_write(user, forecast.unit, forecast.round)
    _owners_editable(round=forecast.round, units=[forecast.unit], user=user)
    _delete(forecast, user)


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
    user: User,
) -> SavingsMeasure:
    """Create or change the measure `code` of `round`, owned by `unit`.

    Changing needs the right on the current owner, and on `unit` when it moves; adding
    needs the right on the plan's unit (`rules`).
    """
    measure = SavingsMeasure.objects.select_for_update().filter(round=round, code=code).first()
    if measure is None:
        rules.require_add(user, round)
    else:
        rules.require_write(user, measure.unit, round)
    rules.require_write(user, unit, round)
    owners = [unit] if measure is None else [measure.unit, unit]
    reports = _owners_editable(round=round, units=owners, user=user)
    if status is not None and status.scale.code != SAVINGS_SCALE_CODE:
        raise ValidationError(
            _("Statusen %(status)s hör inte till åtgärdernas stoppljusskala.")
            % {"status": status.label}
        )
    if measure is None:
        measure = SavingsMeasure(round=round, code=code)
        if order is None:
            order = SavingsMeasure.objects.filter(round=round).count()
    measure.unit = unit
    measure.name = clean_line(name).strip()
    measure.kind = kind
    measure.category = clean_line(category).strip()
    measure.planned_effect = planned_effect
    measure.outcome = outcome
    measure.outcome_previous = outcome_previous
    measure.status = status
    measure.comment = clean_comment(comment)
    if order is not None:
        measure.order = order
    measure.updated_by = user
    _save(measure, user)
    rules.mark_edited(reports, user)
    return measure


@transaction.atomic
def savings_measure_delete(*, measure: SavingsMeasure, user: User) -> None:
    """Remove a row of the savings table: as adding one, the plan unit's right."""
    rules.require_add(user, measure.round)
    rules.require_write(user, measure.unit, measure.round)
    _owners_editable(round=measure.round, units=[measure.unit], user=user)
    _delete(measure, user)


@transaction.atomic
def workforce_set(
    *, round: Round, unit: Unit, fte: Decimal, fte_previous: Decimal | None = None, user: User
) -> Workforce:
    """Record a unit's full-time equivalents (OÅA) for the round's period."""
    rules.require_write(user, unit, round)
    reports = _owners_editable(round=round, units=[unit], user=user)
    workforce = Workforce.objects.select_for_update().filter(round=round, unit=unit).first()
    workforce = workforce or Workforce(round=round, unit=unit)
    workforce.fte = fte
    workforce.fte_previous = fte_previous
    _save(workforce, user)
    rules.mark_edited(reports, user)
    return workforce


@transaction.atomic
def workforce_delete(*, workforce: Workforce, user: User) -> None:
    rules.require_write(user, workforce.unit, workforce.round)
    _owners_editable(round=workforce.round, units=[workforce.unit], user=user)
    _delete(workforce, user)


# Investments -------------------------------------------------------------------------


def investment_category_get(category: InvestmentCategory | str) -> InvestmentCategory:
    """The organisation's category, given as itself or by its code; else a Swedish error."""
    if isinstance(category, InvestmentCategory):
        return category
    found = InvestmentCategory.objects.filter(code=str(category).strip()).first()
    if found is None:
        raise ValidationError(
            _("Okänd investeringskategori ”%(c)s”.") % {"c": category}, code="unknown_category"
        )
    return found


def investment_category_for_plan_decisions() -> InvestmentCategory:
    """The category an object decided in an investment plan gets in the follow-up: the
    one marked for it (`plan_decisions: true` in the file), else the first in order."""
    category = InvestmentCategory.objects.order_by("-for_plan_decisions", "order", "code").first()
    if category is None:
        raise ValidationError(
            _(
                "Det finns inga investeringskategorier; läs in organisationens med "
                "`styra register investment-categories load FIL`."
            ),
            code="no_categories",
        )
    return category


@dataclass
class CategoriesResult:
    file: str
    created: int = 0
    updated: int = 0
    removed: int = 0


def _category_in_use(category: InvestmentCategory) -> str | None:
    """Why `category` cannot be removed (objects in it), in Swedish; None if it can."""
    used = category.investments.count()
    if not used:
        return None
    return _(
        "kategorin ”%(code)s” (%(name)s) används av %(n)s investeringsobjekt och kan inte "
        "tas bort; flytta objekten till en annan kategori först"
    ) % {"code": category.code, "name": category.name, "n": used}


@transaction.atomic
def investment_categories_load(*, path: Path | str, user: User) -> CategoriesResult:
    """Make the organisation's investment categories those of the file at `path` (YAML,
    CSV or XLSX; `categories.read_categories_file`): in its order, with its names and
    subtotals. Categories not in the file are removed — refused, like the whole file,
    when an investment object is in one. All or nothing; each change keeps its history.
    """
    rules.require_manage_categories(user, timezone.localdate())
    document = read_categories_file(path)
    existing = {c.code: c for c in InvestmentCategory.objects.select_for_update()}
    codes = {spec.code for spec in document.categories}
    problems = [
        ImportProblem(document.name, None, "", reason)
        for category in existing.values()
        if category.code not in codes and (reason := _category_in_use(category))
    ]
    if problems:
        raise ImportFailed(problems)
    result = CategoriesResult(file=document.name)
    for category in existing.values():
        if category.code not in codes:
            category._history_user = user
            category.delete()
            result.removed += 1
    for order, spec in enumerate(document.categories, start=1):
        found = existing.get(spec.code)
        if found is None:
            category = InvestmentCategory(code=spec.code)
            result.created += 1
        elif (
            found.name,
            found.order,
            found.subtotal_label,
            found.for_plan_decisions,
        ) == (spec.name, order, spec.subtotal_label, spec.for_plan_decisions):
            continue  # unchanged: no history row
        else:
            category = found
            result.updated += 1
        category.name = spec.name
        category.order = order
        category.subtotal_label = spec.subtotal_label
        category.for_plan_decisions = spec.for_plan_decisions
        category._history_user = user
        category.full_clean()
        category.save()
    return result


@transaction.atomic
def investment_category_delete(*, category: InvestmentCategory, user: User) -> None:
    """Remove a category no investment object is in (else a Swedish refusal)."""
    rules.require_manage_categories(user, timezone.localdate())
    category = InvestmentCategory.objects.select_for_update().get(pk=category.pk)
    reason = _category_in_use(category)
    if reason:
        raise ValidationError(reason[0].upper() + reason[1:] + ".", code="category_in_use")
    category._history_user = user
    category.delete()


@dataclass(frozen=True)
class OutcomeInput:
    """What an investment has cost this year and since start, up to a round's end."""

    outcome_year: Decimal = Decimal(0)
    outcome_since_start: Decimal | None = None


@transaction.atomic
def investment_save(
    *,
    round: Round,
    code: str,
    unit: Unit,
    name: str,
    category: InvestmentCategory | str,
    kind: str = InvestmentKind.NEW,
    status: str = InvestmentStatus.REQUESTED,
    budget_year: Decimal = Decimal(0),
    budget_total: Decimal | None = None,
    forecast_total: Decimal | None = None,
    procurement_contacted: bool | None = None,
    procurement_contacted_on: date | None = None,
    status_detail: str = "",
    order: int | None = None,
    outcome: OutcomeInput | None = None,
    user: User,
) -> Investment:
    """Create or change the investment object `code` of the round's year, and with
    `outcome` its outcome in `round` — both or neither.

    `category` is one of the organisation's categories, or its code.
    The object is edited in the context of a round (the web page, the import and the
    CLI are per round): that round's state and the owner's report in it govern, with
    the same rights as a savings measure.
    """
    year = round.period_end.year
    investment = Investment.objects.select_for_update().filter(year=year, code=code).first()
    if investment is None:
        rules.require_add(user, round)
    else:
        rules.require_write(user, investment.unit, round)
    rules.require_write(user, unit, round)
    owners = [unit] if investment is None else [investment.unit, unit]
    reports = _owners_editable(round=round, units=owners, user=user)
    category_row = investment_category_get(category)
    if investment is None:
        investment = Investment(year=year, code=code)
        if order is None:
            order = Investment.objects.filter(year=year).count()
    investment.unit = unit
    investment.name = clean_line(name).strip()
    investment.category = category_row
    investment.kind = kind
    investment.status = status
    investment.budget_year = budget_year
    investment.budget_total = budget_total
    investment.forecast_total = forecast_total
    investment.procurement_contacted = procurement_contacted
    investment.procurement_contacted_on = procurement_contacted_on
    investment.status_detail = clean_comment(status_detail, field="status_detail")
    if order is not None:
        investment.order = order
    _save(investment, user)
    if outcome is not None:
        _outcome_write(round, investment, outcome, user)
    rules.mark_edited(reports, user)
    return investment


def _outcome_write(
    round: Round, investment: Investment, outcome: OutcomeInput, user: User
) -> InvestmentOutcome:
    if investment.year != round.period_end.year:
        raise ValidationError(
            _("Investeringen gäller %(year)s men uppföljningstillfället %(round)s ett annat år.")
            % {"year": investment.year, "round": round.code}
        )
    row = (
        InvestmentOutcome.objects.select_for_update()
        .filter(round=round, investment=investment)
        .first()
    )
    row = row or InvestmentOutcome(round=round, investment=investment)
    row.outcome_year = outcome.outcome_year
    row.outcome_since_start = outcome.outcome_since_start
    _save(row, user)
    return row


@transaction.atomic
def investment_outcome_set(
    *,
    round: Round,
    investment: Investment,
    outcome_year: Decimal,
    outcome_since_start: Decimal | None = None,
    user: User,
) -> InvestmentOutcome:
    """What the investment has cost this year and since start, up to the round's end."""
    rules.require_write(user, investment.unit, round)
    reports = _owners_editable(round=round, units=[investment.unit], user=user)
    row = _outcome_write(
        round,
        investment,
        OutcomeInput(outcome_year=outcome_year, outcome_since_start=outcome_since_start),
        user,
    )
    rules.mark_edited(reports, user)
    return row


# One-off adjustments (jämförelsestörande poster, §7.9) ----------------------------------


def _ensure_adjustment_open(month: date) -> None:
    """The locked-round check of the ledger: a month whose outcome a locked round's
    report is built from (`finance.rules.closed_period`) keeps its adjustments and
    figures."""
    closed = ledger_rules.closed_period(month.year)
    if closed is not None and closed.covers(FactKind.OUTCOME, month):
        raise ValidationError(
            _(
                "Uppgifter för %(month)s ändras inte: fastställda rapporter bygger på "
                "%(period)s. En rättelse förs in i nästa uppföljningstillfälle."
            )
            % {"month": month.strftime("%Y-%m"), "period": closed.describe()},
            code="locked",
        )


def _require_adjust(user: User, unit: Unit, month: date) -> None:
    permissions.require(
        permissions.can_manage_unit(user, unit, month),
        _(
            "Endast controller eller administratör för %(unit)s får ändra dess "
            "jämförelsestörande poster."
        )
        % {"unit": unit.code},
    )


@transaction.atomic
def result_adjustment_save(
    *,
    unit: Unit,
    code: str,
    month: date,
    amount: Decimal,
    reason: str,
    source: str,
    user: User,
) -> ResultAdjustment:
    """Enter or change the one-off item `code` of `unit` (kronor, ledger sign)."""
    month = month.replace(day=1)
    _require_adjust(user, unit, month)
    adjustment = ResultAdjustment.objects.select_for_update().filter(unit=unit, code=code).first()
    if adjustment is None:
        adjustment = ResultAdjustment(unit=unit, code=code)
    else:
        _ensure_adjustment_open(adjustment.month)
    _ensure_adjustment_open(month)
    adjustment.month = month
    adjustment.amount = amount
    adjustment.reason = clean_line(reason).strip()
    adjustment.source = clean_line(source).strip()
    adjustment.updated_by = user
    _save(adjustment, user)
    return adjustment


@transaction.atomic
def result_adjustment_delete(*, adjustment: ResultAdjustment, user: User) -> None:
    _require_adjust(user, adjustment.unit, adjustment.month)
    _ensure_adjustment_open(adjustment.month)
    _delete(adjustment, user)


# Pension liability, liquidity and other figures with their source ------------------------


@transaction.atomic
def financial_record_set(
    *, unit: Unit, kind: str, day: date, amount: Decimal, source: str, user: User
) -> FinancialRecord:
    """Enter or change `unit`'s figure `kind` on `day` (kronor) with its source."""
    permissions.require(
        permissions.can_manage_unit(user, unit, day),
        _("Endast controller eller administratör för %(unit)s får ändra dess ekonomiska uppgifter.")
        % {"unit": unit.code},
    )
    _ensure_adjustment_open(day.replace(day=1))
    record = (
        FinancialRecord.objects.select_for_update().filter(unit=unit, kind=kind, day=day).first()
    )
    if record is None:
        record = FinancialRecord(unit=unit, kind=kind, day=day)
    record.amount = amount
    record.source = clean_line(source).strip()
    record.updated_by = user
    _save(record, user)
    return record


@transaction.atomic
def financial_record_delete(*, record: FinancialRecord, user: User) -> None:
    permissions.require(
        permissions.can_manage_unit(user, record.unit, record.day),
        _("Endast controller eller administratör för %(unit)s får ändra dess ekonomiska uppgifter.")
        % {"unit": record.unit.code},
    )
    _ensure_adjustment_open(record.day.replace(day=1))
    _delete(record, user)
