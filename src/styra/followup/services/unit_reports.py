"""The state of a unit's report in a round: checked transitions, never bulk updates."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from styra.access import permissions
from styra.access.selectors import users_with_role
from styra.followup.models import ItemReturnNote, ReportState, Round, RoundState, UnitReport
from styra.followup.selectors import round_items_for_unit
from styra.formats.text import clean_comment
from styra.org.models import Unit
from styra.org.selectors import unit_name_on
from styra.plans.models import PlanItem

from .guards import ensure_report_editable, ensure_round_editable
from .notifications import notify

if TYPE_CHECKING:
    from django.contrib.auth.models import User

# action -> (states it may start from, state it leads to)
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "edit": (frozenset({ReportState.NOT_STARTED}), ReportState.DRAFT),
    "submit": (
        frozenset({ReportState.NOT_STARTED, ReportState.DRAFT, ReportState.RETURNED}),
        ReportState.SUBMITTED,
    ),
    "return": (frozenset({ReportState.SUBMITTED, ReportState.APPROVED}), ReportState.RETURNED),
    "approve": (frozenset({ReportState.SUBMITTED}), ReportState.APPROVED),
}


def allowed_actions(report: UnitReport) -> set[str]:
    return {action for action, (sources, _target) in TRANSITIONS.items() if report.state in sources}


def _transition(report: UnitReport, action: str, user: User) -> None:
    sources, target = TRANSITIONS[action]
    if report.state not in sources:
        raise ValidationError(
            _("En rapport med status ”%(state)s” kan inte %(action)s.")
            % {"state": report.get_state_display(), "action": _action_label(action)},
            code="invalid_transition",
        )
    report.state = target
    report._history_user = user


def _action_label(action: str) -> str:
    return {
        "edit": _("ändras"),
        "submit": _("skickas in"),
        "return": _("återremitteras"),
        "approve": _("godkännas"),
    }[action]


def unit_report_for_update(*, round_: Round, unit: Unit, user: User) -> UnitReport:
    """The unit's report row, created as not started if missing, locked for this transaction."""
    report = UnitReport.objects.select_for_update().filter(round=round_, unit=unit).first()
    if report is None:
        report = UnitReport(round=round_, unit=unit)
        report._history_user = user
        report.save()
    return report


def unit_report_mark_edited(*, report: UnitReport, user: User) -> None:
    """A first save moves a report from not started to draft."""
    if report.state in TRANSITIONS["edit"][0]:
        _transition(report, "edit", user)
        report.save()


def _link(round_: Round, unit: Unit) -> str:
    try:
        return reverse("followup:unit_report", args=[round_.code, unit.code])
    except NoReverseMatch:
        return ""


def _names(round_: Round, unit: Unit) -> dict[str, str]:
    return {"unit": unit_name_on(unit, round_.period_end), "round": round_.name}


@transaction.atomic
def unit_report_submit(*, round: Round, unit: Unit, user: User) -> UnitReport:
    permissions.require(
        permissions.can_report_unit(user, unit, round),
        _("Du får inte skicka in rapporten för denna enhet."),
    )
    report = unit_report_for_update(round_=round, unit=unit, user=user)
    ensure_report_editable(round, report)
    _transition(report, "submit", user)
    # The reviewer's comments on items of the last return are answered by this submission.
    for note in ItemReturnNote.objects.select_for_update().filter(
        round=round, unit=unit, resolved_at__isnull=True
    ):
        note.resolved_at = timezone.now()
        note.save(update_fields=["resolved_at"])
    report.submitted_at = timezone.now()
    report.submitted_by = user
    report.save()
    notify(
        users=users_with_role(unit, permissions.REVIEW_ROLES - {"admin"}, round.period_end),
        text=_("%(unit)s har skickat in sin rapport för %(round)s.") % _names(round, unit),
        link=_link(round, unit),
        exclude=user,
    )
    return report


def _review_guard(round_: Round, unit: Unit, user: User) -> UnitReport:
    permissions.require(
        permissions.can_review(user, unit, round_),
        _("Du får inte granska rapporten för denna enhet."),
    )
    if ensure_round_editable(round_) == RoundState.PLANNED:
        raise ValidationError(_("Uppföljningstillfället är inte öppnat än."), code="not_open")
    return unit_report_for_update(round_=round_, unit=unit, user=user)


def _reporters(report: UnitReport, round_: Round, unit: Unit) -> list[User]:
    users = list(users_with_role(unit, {"reporter"}, round_.period_end))
    if report.submitted_by is not None:
        users.append(report.submitted_by)
    return users


@transaction.atomic
def unit_report_return(
    *,
    round: Round,
    unit: Unit,
    reason: str,
    user: User,
    item_comments: Mapping[str, str] | None = None,
) -> UnitReport:
    """Return the report with a reason, and optionally a comment per item (by item code).

    The items must be ones the unit reports in the round; an empty comment is skipped.
    """
    report = _review_guard(round, unit, user)
    reason = clean_comment(reason, field="reason").strip()
    if not reason:
        raise ValidationError(
            {"reason": _("Skriv varför rapporten återremitteras.")}, code="required"
        )
    notes = _item_notes(round, unit, item_comments or {})
    _transition(report, "return", user)
    for item, text in notes:
        ItemReturnNote.objects.create(round=round, unit=unit, item=item, text=text, created_by=user)
    report.returned_reason = reason
    report.decided_at = timezone.now()
    report.decided_by = user
    report.save()
    notify(
        users=_reporters(report, round, unit),
        text=_("Rapporten för %(unit)s i %(round)s har återremitterats: %(reason)s")
        % {**_names(round, unit), "reason": reason},
        link=_link(round, unit),
        exclude=user,
    )
    return report


def _item_notes(
    round_: Round, unit: Unit, comments: Mapping[str, str]
) -> list[tuple[PlanItem, str]]:
    cleaned = {
        code: clean_comment(text, field=f"item-{code}").strip() for code, text in comments.items()
    }
    cleaned = {code: text for code, text in cleaned.items() if text}
    if not cleaned:
        return []
    own = {row.item.code: row.item for row in round_items_for_unit(round_, unit)}
    foreign = sorted(code for code in cleaned if code not in own)
    if foreign:
        raise ValidationError(
            _("%(codes)s hör inte till enhetens rapport.") % {"codes": ", ".join(foreign)},
            code="foreign_item",
        )
    return [(own[code], text) for code, text in cleaned.items()]


@transaction.atomic
def unit_report_approve(*, round: Round, unit: Unit, user: User) -> UnitReport:
    report = _review_guard(round, unit, user)
    _transition(report, "approve", user)
    report.returned_reason = ""
    report.decided_at = timezone.now()
    report.decided_by = user
    report.save()
    notify(
        users=_reporters(report, round, unit),
        text=_("Rapporten för %(unit)s i %(round)s har godkänts.") % _names(round, unit),
        link=_link(round, unit),
        exclude=user,
    )
    return report
