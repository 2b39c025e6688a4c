"""Who may change the registers of a round, and when (docs/registers.md, "Who may change what").

The rule, the same from every door (web, HTMX, CLI, file import, admin):

- A row belongs to its **owner unit** (`unit`). The owner's reporters, and the
  controllers and administrators of the round's plan unit, may change it.
- A **new** savings measure or investment object is a new row in the plan unit's table:
  only the plan unit's reporters, controllers and administrators may add one (and they
  must also be allowed to write for its owner). The same holds for deleting one.
- **Moving** a row to another owner needs the right on both the current and the new
  owner.
- The owner must be the plan's unit or a unit under it on the round's end date.
- **State** governs everyone, administrators included: nothing changes in a locked
  round; a row changes only while its owner's report in the round can be edited
  (round open and the report not started, draft or returned; after reporting closed,
  only a returned report). A submitted or approved report is returned first.

The services call `ensure_*` inside their transaction; pages call `writable_unit_ids`
and `may_add` only to decide what to offer.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from styra.access import permissions
from styra.access.selectors import top_units, unit_ids_with_role
from styra.followup.models import ReportState, Round, RoundState, UnitReport
from styra.followup.services import ensure_report_editable
from styra.followup.services.guards import EDITABLE_REPORT_STATES
from styra.followup.services.unit_reports import unit_report_for_update, unit_report_mark_edited
from styra.org.models import Unit
from styra.org.selectors import subtree_unit_ids

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User


def may_write(user: User, unit: Unit, round: Round) -> bool:
    """The unit's reporters, and controllers/administrators of the round's plan unit."""
    return permissions.can_report_unit(user, unit, round) or permissions.can_manage_round(
        user, round.plan
    )


def may_add(user: User, round: Round) -> bool:
    """May add (or remove) rows of the round's savings table and investment list."""
    return may_write(user, round.plan.unit, round)


def require_write(user: User, unit: Unit, round: Round) -> None:
    permissions.require(
        may_write(user, unit, round),
        _("Du får inte ändra prognos, åtgärder eller investeringar för %(unit)s.")
        % {"unit": unit.code},
    )


def require_add(user: User, round: Round) -> None:
    permissions.require(
        may_add(user, round),
        _(
            "Endast rapportörer för %(unit)s, controller och administratör får lägga till "
            "eller ta bort rader i %(round)s."
        )
        % {"unit": round.plan.unit.code, "round": round.code},
    )


def may_manage_categories(user: User | AnonymousUser, day: date) -> bool:
    """The investment categories are the whole organisation's: its controllers and
    administrators (of every top unit of the tree on `day`) define them."""
    if permissions.is_superuser(user):
        return True
    tops = list(top_units(day))
    return bool(tops) and all(
        permissions.has_role(user, top, day, permissions.MANAGE_ROLES) for top in tops
    )


def require_manage_categories(user: User, day: date) -> None:
    permissions.require(
        may_manage_categories(user, day),
        _(
            "Endast controller eller administratör för hela organisationen får ändra "
            "investeringskategorierna."
        ),
    )


def ensure_in_round(unit: Unit, round: Round) -> None:
    """The owner must be the plan's unit or under it on the round's end date."""
    if unit.pk not in subtree_unit_ids(round.plan.unit, round.period_end):
        raise ValidationError(
            _("Enheten %(unit)s hör inte till %(plan)s i %(round)s.")
            % {"unit": unit.code, "plan": round.plan.unit.code, "round": round.code},
            code="unit_outside_round",
        )


def ensure_unit_editable(*, round: Round, unit: Unit, user: User) -> UnitReport:
    """Lock the owner's report row for this transaction and refuse unless it is editable.

    Returns the report so that the service can mark it as edited after the write.
    """
    report = unit_report_for_update(round_=round, unit=unit, user=user)
    try:
        ensure_report_editable(round, report)
    except ValidationError as exc:
        if exc.code != "report_state":
            raise
        raise ValidationError(
            _(
                "Rapporten för %(unit)s i %(round)s har status ”%(state)s”; dess prognos, "
                "åtgärder och investeringar kan inte ändras."
            )
            % {"unit": unit.code, "round": round.code, "state": report.get_state_display()},
            code="report_state",
        ) from None
    return report


def mark_edited(reports: list[UnitReport], user: User) -> None:
    for report in reports:
        unit_report_mark_edited(report=report, user=user)


def permitted_unit_ids(*, round: Round, user: User | AnonymousUser) -> set[int]:
    """Units of the round whose rows `user` may write, whatever the state."""
    day = round.period_end
    scope = set(subtree_unit_ids(round.plan.unit, day))
    if permissions.can_manage_round(user, round.plan):
        return scope
    return scope & unit_ids_with_role(user, permissions.REPORT_ROLES, day)


def writable_unit_ids(*, round: Round, user: User | AnonymousUser) -> set[int]:
    """Units whose rows `user` could change in `round` now (to offer edit links)."""
    if round.state in (RoundState.PLANNED, RoundState.LOCKED):
        return set()
    allowed = permitted_unit_ids(round=round, user=user)
    states = dict(
        UnitReport.objects.filter(round=round, unit_id__in=allowed).values_list("unit_id", "state")
    )

    def editable(unit_id: int) -> bool:
        state = states.get(unit_id, ReportState.NOT_STARTED)
        if round.state == RoundState.CLOSED:
            return state == ReportState.RETURNED
        return state in EDITABLE_REPORT_STATES

    return {unit_id for unit_id in allowed if editable(unit_id)}
