"""Rounds: create, open, close and lock (fastställ)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from styra.access import permissions
from styra.followup.models import ReportState, Round, RoundKind, RoundState, UnitReport
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
    if kind not in RoundKind.values:
        raise ValidationError({"kind": _("Okänd typ av uppföljningstillfälle.")})
    if period_end < period_start:
        raise ValidationError({"period_end": _("Perioden slutar innan den börjar.")})
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


def _round_transition(round_: Round, action: str, user) -> Round:
    _require_manage(round_.plan, user)
    ensure_round_editable(round_)
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    sources, target = ROUND_TRANSITIONS[action]
    if round_.state not in sources:
        raise ValidationError(
            _("Ett uppföljningstillfälle med status ”%(state)s” kan inte %(action)s.")
            % {"state": round_.get_state_display(), "action": _action_label(action)},
            code="invalid_transition",
        )
    round_.state = target
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
def round_lock(*, round: Round, user) -> Round:
    """Lock the round and every unit report in it; afterwards nothing in it can change."""
    locked = _round_transition(round, "lock", user)
    for report in UnitReport.objects.select_for_update().filter(round=locked):
        report.state = ReportState.LOCKED
        report._history_user = user
        report.save()
    return locked
