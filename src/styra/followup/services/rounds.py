"""Rounds: create, update, delete, open, close and lock (fastställ).

A round's state changes only by the checked transitions of `ROUND_TRANSITIONS`;
`round_change_state` takes a round to a named state by the one transition that leads
there (what a plan file asks for), or refuses.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from styra.access import permissions
from styra.access.history import delete_as, save_as
from styra.followup import report_hooks
from styra.followup.models import ReportState, Round, RoundKind, RoundState, UnitReport
from styra.followup.selectors import round_unsettled
from styra.plans.models import Plan

from .guards import ensure_round_editable

# action -> (states it may start from, state it leads to)
ROUND_TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "open": (frozenset({RoundState.PLANNED, RoundState.CLOSED}), RoundState.OPEN),
    "close": (frozenset({RoundState.OPEN}), RoundState.CLOSED),
    "lock": (frozenset({RoundState.OPEN, RoundState.CLOSED}), RoundState.LOCKED),
}


def _action_label(action: str) -> str:
    return {"open": _("öppnas"), "close": _("stängas"), "lock": _("fastställas")}[action]


def _require_manage(plan: Plan, user) -> None:
    permissions.require(
        permissions.can_manage_round(user, plan),
        _(
            "Endast controller eller administratör för planens enhet får hantera uppföljningstillfällen."
        ),
    )


@transaction.atomic
def round_create(
    *,
    plan: Plan,
    code: str,
    kind: str,
    period_start: date,
    period_end: date,
    name: str = "",
    reporting_deadline: date | None = None,
    review_deadline: date | None = None,
    publication_date: date | None = None,
    user,
) -> Round:
    _require_manage(plan, user)
    _check_fields(kind, period_start, period_end)
    if Round.objects.filter(code=code).exists():
        raise ValidationError({"code": _("Koden %(code)s används redan.") % {"code": code}})
    round_ = Round(
        plan=plan,
        code=code,
        name=name or f"{RoundKind(kind).label} {code}",
        kind=kind,
        period_start=period_start,
        period_end=period_end,
        reporting_deadline=reporting_deadline,
        review_deadline=review_deadline,
        publication_date=publication_date,
    )
    round_.full_clean()
    round_._history_user = user
    round_.save()
    return round_


def _check_fields(kind: str, period_start: date, period_end: date) -> None:
    if kind not in RoundKind.values:
        raise ValidationError({"kind": _("Okänd typ av uppföljningstillfälle.")})
    if period_end < period_start:
        raise ValidationError({"period_end": _("Perioden slutar innan den börjar.")})


@transaction.atomic
def round_update(
    *,
    round: Round,
    name: str,
    kind: str,
    period_start: date,
    period_end: date,
    reporting_deadline: date | None = None,
    review_deadline: date | None = None,
    publication_date: date | None = None,
    user,
) -> Round:
    """Change a round's name, kind, period and deadlines; never a locked round's."""
    _require_manage(round.plan, user)
    ensure_round_editable(round)
    _check_fields(kind, period_start, period_end)
    round_ = Round.objects.select_for_update().get(pk=round.pk)
    round_.name = name
    round_.kind = kind
    round_.period_start = period_start
    round_.period_end = period_end
    round_.reporting_deadline = reporting_deadline
    round_.review_deadline = review_deadline
    round_.publication_date = publication_date
    round_.full_clean()
    save_as(round_, user)
    return round_


@transaction.atomic
def round_delete(*, round: Round, user) -> None:
    """Remove a round nothing has been reported in; never a locked round."""
    _require_manage(round.plan, user)
    ensure_round_editable(round)
    if round.assessments.exists() or round.section_texts.exists() or round.unit_reports.exists():
        raise ValidationError(
            _("Uppföljningstillfället %(code)s har rapporterade uppgifter och kan inte tas bort.")
            % {"code": round.code},
            code="has_data",
        )
    delete_as(round, user)


def round_action_to(current: str, wanted: str) -> str | None:
    """The action (open, close, lock) that takes a round from `current` to `wanted`
    by the transition rules, or None when no single transition does."""
    for action, (sources, target) in ROUND_TRANSITIONS.items():
        if target == wanted and current in sources:
            return action
    return None


def _round_for_transition(round_: Round, action: str, user) -> Round:
    """The round, locked for update, after the permission and state checks."""
    _require_manage(round_.plan, user)
    ensure_round_editable(round_)
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    sources, _target = ROUND_TRANSITIONS[action]
    if round_.state not in sources:
        raise ValidationError(
            _("Ett uppföljningstillfälle med status ”%(state)s” kan inte %(action)s.")
            % {"state": round_.get_state_display(), "action": _action_label(action)},
            code="invalid_transition",
        )
    return round_


def _round_transition(round_: Round, action: str, user, **changes) -> Round:
    round_ = _round_for_transition(round_, action, user)
    round_.state = ROUND_TRANSITIONS[action][1]
    for name, value in changes.items():
        setattr(round_, name, value)
    round_._history_user = user
    round_.save()
    return round_


@transaction.atomic
def round_open(*, round: Round, user) -> Round:
    return _round_transition(round, "open", user)


@transaction.atomic
def round_close(*, round: Round, user) -> Round:
    return _round_transition(round, "close", user)


@transaction.atomic
def round_lock(*, round: Round, user, reason: str = "") -> Round:
    """Lock the round and every unit report in it; afterwards nothing in it can change.

    Locking cuts short what is still open: unit reports that are not approved, and
    errors the report check finds in the round's report (asked through
    `report_hooks.lock_findings`, answered by the reports app). While anything is open
    the lock is refused unless the controller gives a `reason`; the reason and the
    errors as they stood are recorded on the round (and so in its history). Every door
    (the confirmation page, the CLI, the admin, a plan file) locks through here.
    """
    _round_for_transition(round, "lock", user)
    reason = (reason or "").strip()
    unsettled = round_unsettled(round)
    findings = report_hooks.lock_findings(round)
    if (unsettled or findings) and not reason:
        problems = []
        if unsettled:
            problems.append(
                ValidationError(
                    ngettext(
                        "%(count)s enhets rapport är inte godkänd (%(units)s).",
                        "%(count)s enheters rapporter är inte godkända (%(units)s).",
                        len(unsettled),
                    )
                    % {"count": len(unsettled), "units": ", ".join(p.code for p in unsettled)},
                    code="reports_not_approved",
                )
            )
        if findings:
            problems.append(
                ValidationError(
                    _(
                        "Rapportkontrollen hittar %(count)s fel i rapporten, till exempel: %(first)s."
                    )
                    % {"count": len(findings), "first": str(findings[0]).rstrip(".")},
                    code="report_errors",
                )
            )
        problems.append(
            ValidationError(_("Ange ett skäl för att fastställa ändå."), code="reason_required")
        )
        raise ValidationError({"reason": problems})
    locked = _round_transition(
        round,
        "lock",
        user,
        lock_reason=reason if (unsettled or findings) else "",
        lock_findings=[str(f) for f in findings],
    )
    for report in UnitReport.objects.select_for_update().filter(round=locked):
        report.state = ReportState.LOCKED
        report._history_user = user
        report.save()
    return locked


@transaction.atomic
def round_change_state(*, round: Round, state: str, user, reason: str = "") -> Round:
    """Take the round to `state` by the one checked transition that leads there
    (`reason`: why a round is locked although its report check finds errors).

    Refuses (ValidationError, code `invalid_transition`) when the rules have no such
    transition, e.g. open → planned, planned → locked, or anything from locked.
    """
    current = Round.objects.filter(pk=round.pk).values_list("state", flat=True).first()
    action = round_action_to(current or round.state, state)
    if action is None:
        ensure_round_editable(round)
        raise ValidationError(
            _("Ett uppföljningstillfälle med status ”%(state)s” kan inte få status ”%(wanted)s”.")
            % {
                "state": RoundState(current or round.state).label,
                "wanted": RoundState(state).label,
            },
            code="invalid_transition",
        )
    if action == "lock":
        return round_lock(round=round, user=user, reason=reason)
    return {"open": round_open, "close": round_close}[action](round=round, user=user)
