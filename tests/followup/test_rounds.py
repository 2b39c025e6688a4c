"""Rounds: create, open, close, lock; after locking nothing in the round changes."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from styra.followup.models import ReportState, Round, RoundState, UnitReport
from styra.followup.services import (
    RoundLockedError,
    ValueInput,
    assessment_save,
    round_close,
    round_create,
    round_lock,
    round_open,
    section_text_save,
    unit_report_approve,
    unit_report_return,
    unit_report_submit,
)
from tests.followup.scenario import LOCK_REASON


def test_controller_creates_and_opens_a_round(region):
    round_ = round_create(
        plan=region.plan,
        code="2026-T2",
        kind="interim",
        period_start=date(2026, 1, 1),
        period_end=date(2026, 8, 31),
        reporting_deadline=date(2026, 9, 10),
        user=region.carl,
    )
    assert round_.state == RoundState.PLANNED
    assert round_.history.first().history_user == region.carl
    assert round_open(round=round_, user=region.carl).state == RoundState.OPEN


def test_round_create_refuses_reporters_and_reversed_periods(region):
    with pytest.raises(PermissionDenied):
        round_create(
            plan=region.plan,
            code="x",
            kind="tertial",
            period_start=date(2026, 1, 1),
            period_end=date(2026, 4, 30),
            user=region.anna,
        )
    with pytest.raises(ValidationError):
        round_create(
            plan=region.plan,
            code="x",
            kind="tertial",
            period_start=date(2026, 5, 1),
            period_end=date(2026, 4, 30),
            user=region.carl,
        )


def test_close_then_lock_locks_every_unit_report(region):
    assessment_save(
        round=region.round,
        item=region.sick,
        user=region.anna,
        values=[ValueInput(value=Decimal(5))],
    )
    unit_report_submit(round=region.round, unit=region.hr, user=region.bertil)
    round_close(round=region.round, user=region.carl)

    locked = round_lock(round=region.round, user=region.carl, reason=LOCK_REASON)

    assert locked.state == RoundState.LOCKED
    states = set(UnitReport.objects.filter(round=region.round).values_list("state", flat=True))
    assert states == {ReportState.LOCKED}


def test_nothing_changes_in_a_locked_round_not_even_for_a_superuser(region):
    assessment_save(
        round=region.round,
        item=region.sick,
        user=region.anna,
        values=[ValueInput(value=Decimal(5))],
        comment="före",
    )
    unit_report_submit(round=region.round, unit=region.dig, user=region.anna)
    round_lock(round=region.round, user=region.carl, reason=LOCK_REASON)
    stale = Round.objects.get(pk=region.round.pk)
    stale.state = RoundState.OPEN  # an in-memory copy that missed the lock

    attempts = [
        lambda: assessment_save(
            round=stale,
            item=region.sick,
            user=region.admin,
            values=[ValueInput(value=Decimal(9))],
            comment="efter",
        ),
        lambda: section_text_save(
            round=stale,
            unit=region.dig,
            key="sammanfattning",
            title="S",
            body="efter",
            user=region.admin,
        ),
        lambda: unit_report_submit(round=stale, unit=region.dig, user=region.admin),
        lambda: unit_report_return(round=stale, unit=region.dig, user=region.admin, reason="x"),
        lambda: unit_report_approve(round=stale, unit=region.dig, user=region.admin),
        lambda: round_open(round=stale, user=region.admin),
        lambda: round_close(round=stale, user=region.admin),
        lambda: round_lock(round=stale, user=region.admin, reason="Fastställs med öppna rapporter"),
    ]
    for attempt in attempts:
        with pytest.raises(RoundLockedError, match="fastställt"):
            attempt()
    assert region.sick.assessments.get().comment == "före"
    assert Round.objects.get(pk=region.round.pk).state == RoundState.LOCKED


def test_closed_round_refuses_new_reports_but_a_returned_report_can_be_fixed(region):
    unit_report_submit(round=region.round, unit=region.dig, user=region.anna)
    round_close(round=region.round, user=region.carl)
    with pytest.raises(ValidationError, match="stängd"):
        assessment_save(
            round=region.round,
            item=region.hr_item,
            user=region.bertil,
            values=[ValueInput(value=Decimal(80))],
        )
    unit_report_return(round=region.round, unit=region.dig, user=region.greta, reason="Komplettera")
    assessment_save(
        round=region.round,
        item=region.sick,
        user=region.anna,
        values=[ValueInput(value=Decimal(5))],
    )
    assert (
        unit_report_submit(round=region.round, unit=region.dig, user=region.anna).state
        == "submitted"
    )


def test_round_transitions_are_checked(region):
    with pytest.raises(ValidationError, match="kan inte stängas"):
        round_close(round=round_close(round=region.round, user=region.carl), user=region.carl)
