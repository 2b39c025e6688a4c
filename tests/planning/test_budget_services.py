"""The budget's write path: who may write, when it is locked, history, and the feed.

An adopted budget feeds the follow-up: its frames become the year's budget facts in
the ledger, which the economic table periodises (1/12 per month by default) — so the
T1 table's "Ack budget" comes from the plan without anyone typing it again.
"""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from styra.economy.ledger.mapping import MAPPINGS_DIR
from styra.economy.ledger.models import BudgetProfile, LedgerFact, LedgerImport
from styra.economy.ledger.selectors import economic_table
from styra.economy.ledger.services import FactRow, ledger_facts_replace, row_set_load
from styra.planning import services
from styra.planning.models import BudgetFrameLine, BudgetState, FrameChange

from .conftest import mkr


def _ore(amount: Decimal) -> Decimal:
    return amount.quantize(Decimal("0.01"))


@pytest.fixture
def rows(builder):
    admin = builder.user("ledger-admin", superuser=True)
    return row_set_load(path=MAPPINGS_DIR / "t1-2026.yaml", make_default=True, user=admin)


def test_a_reporter_cannot_change_frames_or_changes(frames):
    w = frames
    with pytest.raises(PermissionDenied):
        services.frame_save(
            budget=w.budget, group=w.ops, unit=w.a, lines={"personal": mkr("-1")}, user=w.reporter
        )
    with pytest.raises(PermissionDenied):
        services.frame_change_save(
            budget=w.budget,
            code="x",
            kind="prioritisation",
            text="x",
            unit=w.a,
            amount=mkr("1"),
            user=w.reporter,
        )
    assert not FrameChange.objects.exists()


def test_history_records_who_changed_a_frame_line(frames):
    w = frames
    services.frame_save(
        budget=w.budget,
        group=w.ops,
        unit=w.b,
        opening_net=mkr("-50"),
        lines={"personal": mkr("-45"), "ovrigt": mkr("-5")},
        user=w.controller,
    )
    line = BudgetFrameLine.objects.get(frame=w.frame_b, line_type__code="personal")
    records = list(line.history.order_by("history_date"))
    assert [r.amount for r in records] == [mkr("-40"), mkr("-45")]
    assert records[-1].history_user == w.controller


def test_adopting_feeds_the_ledger_and_locks_the_budget(frames, rows):
    w = frames
    feed = services.budget_adopt(budget=w.budget, user=w.controller)
    w.budget.refresh_from_db()
    assert w.budget.state == BudgetState.ADOPTED
    assert w.budget.adopted_by == w.controller
    # A: four lines on cost centre 100; B: two on 200; the finance row has no account.
    assert feed.fact_count == 6
    assert feed.total == mkr("-150")
    facts = LedgerFact.objects.filter(source__source="plan:vp-2022")
    assert {f.cost_centre.code for f in facts} == {"100", "200"}
    assert all(f.yearly and f.month == date(2022, 1, 1) and f.kind == "budget" for f in facts)
    with pytest.raises(ValidationError):
        services.frame_save(
            budget=w.budget, group=w.ops, unit=w.a, lines={"personal": mkr("-1")}, user=w.controller
        )
    with pytest.raises(ValidationError):
        services.frame_change_save(
            budget=w.budget,
            code="late",
            kind="prioritisation",
            text="late",
            unit=w.a,
            amount=mkr("1"),
            user=w.controller,
        )
    with pytest.raises(ValidationError):
        services.budget_adopt(budget=w.budget, user=w.controller)


def test_the_follow_up_periodises_the_adopted_budget_without_re_entry(frames, rows):
    w = frames
    services.budget_adopt(budget=w.budget, user=w.controller)
    table = economic_table(unit=w.a, period_end=date(2022, 4, 30))
    # −80 mkr for the year, 1/12 per month: four months = −26 666 666,67 kr.
    assert _ore(table.row("personalkostnader").budget) == _ore(mkr("-80") * 4 / 12)
    assert _ore(table.row("lakemedel").budget) == _ore(mkr("-20") * 4 / 12)
    assert _ore(table.row_with_role("net_cost").budget) == _ore(mkr("-100") * 4 / 12)


def test_a_unit_profile_shapes_the_fed_budget_like_any_other(frames, rows):
    w = frames
    BudgetProfile.objects.create(unit=w.a, kind="previous_outcome", reference_years=1)
    # Last year's outcome: all personnel cost fell in January.
    ledger_facts_replace(
        source="huvudbok",
        file_name="x.csv",
        kind="csv",
        fiscal_year=2021,
        rows=[FactRow("100", "5000", date(2021, 1, 1), "outcome", mkr("-12"))],
        user=w.controller,
    )
    services.budget_adopt(budget=w.budget, user=w.controller)
    table = economic_table(unit=w.a, period_end=date(2022, 1, 31))
    assert table.row("personalkostnader").budget == mkr("-80")


def test_a_second_budget_source_for_the_same_cost_centres_is_refused(frames, rows):
    w = frames
    ledger_facts_replace(
        source="SIE budget",
        file_name="b.se",
        kind="sie",
        fiscal_year=2022,
        rows=[FactRow("100", "5000", date(2022, 1, 1), "budget", mkr("-1"))],
        user=w.controller,
    )
    with pytest.raises(ValidationError, match="SIE budget"):
        services.budget_adopt(budget=w.budget, user=w.controller)
    w.budget.refresh_from_db()
    assert w.budget.state == BudgetState.DRAFT
    assert not LedgerImport.objects.filter(source="plan:vp-2022").exists()


def test_a_frame_without_cost_centre_uses_the_units_first_one_or_warns(frames, rows, builder):
    w = frames
    lone = builder.unit("RS-C", "Avdelning C", parent=w.rs)
    services.frame_save(
        budget=w.budget,
        group=w.ops,
        unit=lone,
        opening_net=mkr("-1"),
        lines={"ovrigt": mkr("-1")},
        user=w.controller,
    )
    feed = services.budget_adopt(budget=w.budget, user=w.controller)
    assert any("Avdelning C" in warning or "RS-C" in warning for warning in feed.warnings)
    assert feed.fact_count == 6


def test_a_cost_centre_of_another_unit_is_refused(frames):
    w = frames
    with pytest.raises(ValidationError, match="200"):
        services.frame_save(
            budget=w.budget,
            group=w.ops,
            unit=w.a,
            lines={"personal": mkr("-1")},
            cost_centre=w.cc_b,
            user=w.controller,
        )
