"""Writes of a plan's budget: line types, frames, frame changes, adoption.

Each function checks that the acting user may change the plan and that the budget is
still a draft, changes the data and records history, in one transaction. Adoption
checks the frames (errors stop it) and feeds the adopted budget to the ledger as the
year's budget, which the follow-up periodises (domain guide §7.4) — nobody types the
budget twice.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from styra.economy.ledger.models import FactKind, ImportKind, LedgerFact, LedgerImport
from styra.economy.ledger.services import FactRow, LedgerImportError, ledger_facts_replace
from styra.org.models import CostCentre, Unit
from styra.org.selectors import cost_centres_under
from styra.plans.models import Plan

from ..checks import ERROR, budget_findings
from ..models import (
    Budget,
    BudgetFrame,
    BudgetFrameLine,
    BudgetLineType,
    BudgetState,
    FrameChange,
    FrameChangeKind,
    FrameGroup,
    LineSection,
)
from .common import delete, next_order, require_manage, save

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def ensure_budget_draft(budget: Budget) -> None:
    """A budget is changed only as a draft; the state is read from the database."""
    state = Budget.objects.filter(pk=budget.pk).values_list("state", flat=True).first()
    if BudgetState.ADOPTED in (state, budget.state):
        raise ValidationError(
            _("Budgeten i %(plan)s är fastställd och kan inte ändras.")
            % {"plan": budget.plan.code},
            code="adopted",
        )


# Line types --------------------------------------------------------------------------


@transaction.atomic
def budget_line_type_save(
    *,
    plan: Plan,
    code: str,
    label: str,
    section: str = LineSection.OPERATIONS,
    pharmaceuticals: bool = False,
    account: str = "",
    order: int | None = None,
    user: User,
) -> BudgetLineType:
    """Create or change a cost or revenue type (shared by code) for `plan`'s budget.

    A type that an adopted budget uses keeps its meaning: its section and account
    cannot change any more.
    """
    require_manage(plan, user)
    line_type = BudgetLineType.objects.filter(code=code).first()
    if line_type is None:
        line_type = BudgetLineType(code=code)
    elif (line_type.section, line_type.account) != (section, account) and (
        BudgetFrameLine.objects.filter(
            line_type=line_type, frame__budget__state=BudgetState.ADOPTED
        ).exists()
    ):
        raise ValidationError(
            {
                "account": _(
                    "Slaget %(code)s används i en fastställd budget; del och konto kan inte ändras."
                )
                % {"code": code}
            }
        )
    line_type.label = label
    line_type.section = section
    line_type.pharmaceuticals = pharmaceuticals
    line_type.account = account
    if order is not None:
        line_type.order = order
    save(line_type, user)
    return line_type


# The budget and its groups -----------------------------------------------------------


@transaction.atomic
def budget_save(
    *,
    plan: Plan,
    year: int | None = None,
    title: str = "",
    total_label: str = "",
    stated_total: Decimal | None = None,
    decision: str = "",
    user: User,
) -> Budget:
    """Create or change the budget of `plan` (its year lies in the plan's period)."""
    require_manage(plan, user)
    year = year or plan.period_start.year
    if not plan.period_start.year <= year <= plan.period_end.year:
        raise ValidationError(
            {"year": _("Budgetåret %(year)s ligger utanför planens period.") % {"year": year}}
        )
    budget = Budget.objects.filter(plan=plan).first()
    if budget is None:
        budget = Budget(plan=plan)
    else:
        ensure_budget_draft(budget)
    budget.year = year
    budget.title = title
    budget.total_label = total_label
    budget.stated_total = stated_total
    budget.decision = decision
    save(budget, user)
    return budget


@transaction.atomic
def frame_group_save(
    *,
    budget: Budget,
    code: str,
    label: str,
    sum_label: str = "",
    section: str = LineSection.OPERATIONS,
    show_frames: bool = True,
    order: int | None = None,
    user: User,
) -> FrameGroup:
    require_manage(budget.plan, user)
    ensure_budget_draft(budget)
    group = FrameGroup.objects.filter(budget=budget, code=code).first()
    if group is None:
        group = FrameGroup(budget=budget, code=code)
        order = next_order(budget.groups) if order is None else order
    group.label = label
    group.sum_label = sum_label
    group.section = section
    group.show_frames = show_frames
    if order is not None:
        group.order = order
    save(group, user)
    return group


# Frames ------------------------------------------------------------------------------


def _check_cost_centre(cost_centre: CostCentre | None, unit: Unit, year: int) -> None:
    if cost_centre is None:
        return
    if not cost_centres_under(unit, date(year, 1, 1)).filter(pk=cost_centre.pk).exists():
        raise ValidationError(
            {
                "cost_centre": _(
                    "Kostnadsställe %(cc)s hör inte till %(unit)s den 1 januari %(year)s."
                )
                % {"cc": cost_centre.code, "unit": unit.code, "year": year}
            }
        )


@transaction.atomic
def frame_save(
    *,
    budget: Budget,
    group: FrameGroup,
    unit: Unit,
    lines: Mapping[str, Decimal],
    label: str = "",
    opening_net: Decimal | None = None,
    opening_pharmaceuticals: Decimal = Decimal(0),
    cost_centre: CostCentre | None = None,
    order: int | None = None,
    user: User,
) -> BudgetFrame:
    """Create or change `unit`'s frame; `lines` (type code → kr) is its whole distribution."""
    require_manage(budget.plan, user)
    ensure_budget_draft(budget)
    if group.budget_id != budget.pk:
        raise ValidationError({"group": _("Ramgruppen hör till en annan budget.")})
    types = {t.code: t for t in BudgetLineType.objects.filter(code__in=list(lines))}
    unknown = sorted(set(lines) - set(types))
    if unknown:
        raise ValidationError(
            {
                "lines": _("Okänt kostnads- eller intäktsslag: %(codes)s.")
                % {"codes": ", ".join(unknown)}
            }
        )
    wrong = sorted(code for code, t in types.items() if t.section != group.section)
    if wrong:
        raise ValidationError(
            {
                "lines": _("Slaget %(codes)s hör inte till gruppen %(group)s.")
                % {"codes": ", ".join(wrong), "group": group.label}
            }
        )
    _check_cost_centre(cost_centre, unit, budget.year)
    frame = BudgetFrame.objects.filter(budget=budget, unit=unit).first()
    if frame is None:
        frame = BudgetFrame(budget=budget, unit=unit)
        order = next_order(group.frames) if order is None else order
    frame.group = group
    frame.label = label
    frame.opening_net = opening_net
    frame.opening_pharmaceuticals = opening_pharmaceuticals
    frame.cost_centre = cost_centre
    if order is not None:
        frame.order = order
    save(frame, user)
    existing = {line.line_type.code: line for line in frame.lines.select_related("line_type")}
    for code, line in existing.items():
        if code not in lines:
            delete(line, user)
    for code, amount in lines.items():
        line = existing.get(code) or BudgetFrameLine(frame=frame, line_type=types[code])
        if line._state.adding or line.amount != amount:
            line.amount = amount
            save(line, user)
    return frame


@transaction.atomic
def frame_delete(*, frame: BudgetFrame, user: User) -> None:
    require_manage(frame.budget.plan, user)
    ensure_budget_draft(frame.budget)
    in_use = FrameChange.objects.filter(budget=frame.budget).filter(unit=frame.unit).exists()
    if in_use:
        raise ValidationError(
            _("Ramen för %(unit)s har ramförändringar; ta bort dem först.")
            % {"unit": frame.unit.code}
        )
    for line in frame.lines.all():
        delete(line, user)
    delete(frame, user)


# Frame changes -----------------------------------------------------------------------


def _frame_units(budget: Budget) -> set[int]:
    return set(budget.frames.values_list("unit_id", flat=True))


def _validate_change(
    budget: Budget,
    kind: str,
    unit: Unit | None,
    from_unit: Unit | None,
    amount: Decimal | None,
    rate: Decimal | None,
) -> None:
    if kind not in FrameChangeKind.values:
        raise ValidationError(
            {"kind": _("Okänt slag av ramförändring: %(kind)s.") % {"kind": kind}}
        )
    framed = _frame_units(budget)
    if kind == FrameChangeKind.REALLOCATION:
        if unit is None and from_unit is None:
            raise ValidationError(
                {"unit": _("En omdisponering behöver en enhet som ger eller tar emot.")}
            )
        if unit is not None and from_unit is not None and unit.pk == from_unit.pk:
            raise ValidationError({"from_unit": _("En omdisponering går mellan två enheter.")})
        sides = {u.pk for u in (unit, from_unit) if u is not None}
        if not sides & framed:
            raise ValidationError(
                {"unit": _("Minst en sida av omdisponeringen ska ha en ram i budgeten.")}
            )
        if amount is not None and amount < 0:
            raise ValidationError(
                {
                    "amount": _(
                        "Ange omdisponeringens belopp som positivt; riktningen är från → till."
                    )
                }
            )
    else:
        if unit is None:
            raise ValidationError({"unit": _("Ange vilken enhets ram som ändras.")})
        if from_unit is not None:
            raise ValidationError({"from_unit": _("Bara en omdisponering har en givande enhet.")})
        if unit.pk not in framed:
            raise ValidationError(
                {"unit": _("%(unit)s har ingen ram i budgeten.") % {"unit": unit.code}}
            )
    if rate is not None:
        if kind not in (FrameChangeKind.INDEXATION_EXCL, FrameChangeKind.INDEXATION_INCL):
            raise ValidationError({"rate": _("Bara en uppräkning har en procentsats.")})
        if rate < 0:
            raise ValidationError({"rate": _("Uppräkningen kan inte vara negativ.")})


@transaction.atomic
def frame_change_save(
    *,
    budget: Budget,
    code: str,
    kind: str,
    text: str,
    unit: Unit | None = None,
    from_unit: Unit | None = None,
    counterpart: str = "",
    amount: Decimal | None = None,
    rate: Decimal | None = None,
    case_number: str = "",
    decision: str = "",
    decided_on: date | None = None,
    order: int | None = None,
    user: User,
) -> FrameChange:
    """Create or change the frame change `code` of `budget`.

    Indexation (excluding or including pharmaceuticals) and prioritisation change the
    receiving unit's frame; a reallocation moves `amount` from `from_unit` to `unit`;
    an amount left out was not stated (the plan check says so).
    """
    require_manage(budget.plan, user)
    ensure_budget_draft(budget)
    _validate_change(budget, kind, unit, from_unit, amount, rate)
    change = FrameChange.objects.filter(budget=budget, code=code).first()
    if change is None:
        change = FrameChange(budget=budget, code=code)
        order = next_order(budget.changes) if order is None else order
    change.kind = kind
    change.text = text
    change.unit = unit
    change.from_unit = from_unit
    change.counterpart = counterpart
    change.amount = amount
    change.rate = rate
    change.case_number = case_number
    change.decision = decision
    change.decided_on = decided_on
    if order is not None:
        change.order = order
    save(change, user)
    return change


@transaction.atomic
def frame_change_delete(*, change: FrameChange, user: User) -> None:
    require_manage(change.budget.plan, user)
    ensure_budget_draft(change.budget)
    delete(change, user)


# Adoption and the feed to the follow-up ----------------------------------------------


@dataclass
class BudgetFeed:
    """What an adopted budget gave the ledger."""

    source: str
    fact_count: int = 0
    total: Decimal = Decimal(0)
    warnings: list[str] = field(default_factory=list)


def feed_source(budget: Budget) -> str:
    return f"plan:{budget.plan.code}"


def _frame_cost_centre(frame: BudgetFrame, year: int) -> CostCentre | None:
    if frame.cost_centre_id:
        return frame.cost_centre
    return cost_centres_under(frame.unit, date(year, 1, 1)).order_by("code").first()


def budget_fact_rows(budget: Budget) -> tuple[list[FactRow], list[str]]:
    """The yearly budget facts of the frames (type accounts on the frame's cost centre)."""
    rows: list[FactRow] = []
    warnings: list[str] = []
    january = date(budget.year, 1, 1)
    frames = budget.frames.select_related("unit", "cost_centre").prefetch_related(
        "lines__line_type"
    )
    for frame in frames:
        lines = [line for line in frame.lines.all() if line.line_type.account and line.amount]
        if not lines:
            continue
        cost_centre = _frame_cost_centre(frame, budget.year)
        if cost_centre is None:
            warnings.append(
                _("%(unit)s har inget kostnadsställe; ramen förs inte till uppföljningens budget.")
                % {"unit": frame.label or frame.unit.code}
            )
            continue
        for line in lines:
            rows.append(
                FactRow(
                    cost_centre=cost_centre.code,
                    account=line.line_type.account,
                    month=january,
                    kind=FactKind.BUDGET,
                    amount=line.amount,
                    yearly=True,
                )
            )
    return rows, warnings


def _ensure_one_budget_source(budget: Budget, rows: list[FactRow]) -> None:
    """The ledger may already carry a budget for these cost centres (a #PBUDGET in SIE);
    two sources would count the budget twice."""
    codes = {row.cost_centre for row in rows}
    other = (
        LedgerFact.objects.filter(
            kind=FactKind.BUDGET,
            month__year=budget.year,
            cost_centre__code__in=codes,
        )
        .exclude(source__source=feed_source(budget))
        .values_list("source__source", flat=True)
        .first()
    )
    if other:
        raise ValidationError(
            _(
                "Huvudboken har redan budget %(year)s för samma kostnadsställen (från %(source)s); "
                "budgeten kan bara komma från en källa."
            )
            % {"year": budget.year, "source": other}
        )


def budget_feed(budget: Budget, user: User) -> BudgetFeed:
    """Replace the ledger's budget facts from this budget (same source replaces itself)."""
    rows, warnings = budget_fact_rows(budget)
    _ensure_one_budget_source(budget, rows)
    feed = BudgetFeed(source=feed_source(budget), warnings=warnings)
    try:
        report = ledger_facts_replace(
            source=feed.source,
            file_name=budget.plan.code,
            kind=ImportKind.PLAN,
            fiscal_year=budget.year,
            rows=rows,
            user=user,
        )
    except LedgerImportError as exc:
        raise ValidationError(str(exc)) from exc
    feed.fact_count = report.fact_count
    feed.total = report.budget_total
    feed.warnings.extend(report.warnings)
    return feed


@transaction.atomic
def budget_adopt(*, budget: Budget, user: User) -> BudgetFeed:
    """Adopt (fastställ) the budget: checked, then locked and fed to the follow-up.

    Errors of the budget check (a distribution that does not add up to the frame after
    changes, a total that differs from the decided one) stop the adoption.
    """
    require_manage(budget.plan, user)
    budget = Budget.objects.select_for_update(of=("self",)).select_related("plan").get(pk=budget.pk)
    ensure_budget_draft(budget)
    errors = [f for f in budget_findings(budget) if f.severity == ERROR]
    if errors:
        raise ValidationError([f.message for f in errors], code="check_errors")
    budget.state = BudgetState.ADOPTED
    budget.adopted_at = timezone.now()
    budget.adopted_by = user if getattr(user, "pk", None) else None
    save(budget, user)
    return budget_feed(budget, user)


def budget_imports(budget: Budget) -> QuerySet[LedgerImport]:
    """The ledger imports this budget has made (at most one per year)."""
    return LedgerImport.objects.filter(source=feed_source(budget), fiscal_year=budget.year)
