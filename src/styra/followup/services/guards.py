"""State checks every write path shares: the web, HTMX, admin, CLI and imports."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from styra.followup.models import ReportState, Round, RoundState, UnitReport

from .errors import RoundLockedError

EDITABLE_REPORT_STATES = frozenset(
    {ReportState.NOT_STARTED, ReportState.DRAFT, ReportState.RETURNED}
)


def ensure_round_editable(round_: Round) -> str:
    """Refuse any change to a locked round; corrections go into the next round.

    Reads the state from the database, so a stale in-memory round cannot slip through,
    and returns that state for the caller's further checks.
    """
    state = Round.objects.filter(pk=round_.pk).values_list("state", flat=True).first()
    if state == RoundState.LOCKED or round_.state == RoundState.LOCKED:
        raise RoundLockedError(
            _("Uppföljningstillfället %(code)s är fastställt och kan inte ändras.")
            % {"code": round_.code},
            code="locked",
        )
    return state or round_.state


def ensure_report_editable(round_: Round, report: UnitReport) -> None:
    """Reporters write while the round is open; a returned report also after closing."""
    state = ensure_round_editable(round_)
    if state == RoundState.PLANNED:
        raise ValidationError(
            _("Uppföljningstillfället %(code)s är inte öppnat för rapportering än.")
            % {"code": round_.code},
            code="not_open",
        )
    if state == RoundState.CLOSED and report.state != ReportState.RETURNED:
        raise ValidationError(
            _("Rapporteringen i %(code)s är stängd.") % {"code": round_.code}, code="closed"
        )
    if report.state not in EDITABLE_REPORT_STATES:
        raise ValidationError(
            _("Rapporten har status ”%(state)s” och kan inte ändras.")
            % {"state": report.get_state_display()},
            code="report_state",
        )
