"""Budget frames and their changes: every kind of change, and the frames' totals.

Given two departments with opening frames, when the plan records changes of each
kind, then the frame after changes is computed from them and the distribution must add
up to it; the table's sums and total are computed from the frame lines.
"""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from styra.planning import services
from styra.planning.checks import ERROR, budget_findings
from styra.planning.selectors.budget import budget_table

from .conftest import mkr


def _row(table, unit):
    return next(r for r in table.frame_rows if r.frame.unit_id == unit.pk)


def _change(w, code, kind, **kw):
    return services.frame_change_save(
        budget=w.budget, code=code, kind=kind, text=kw.pop("text", code), user=w.controller, **kw
    )


def test_without_changes_the_frame_after_changes_is_the_opening_frame(frames):
    row = _row(budget_table(frames.budget), frames.a)
    assert row.net == mkr("-100")
    assert row.after_changes == mkr("-100")
    assert row.difference == 0


def test_indexation_excluding_pharmaceuticals_applies_to_the_frame_without_them(frames):
    w = frames
    change = _change(w, "lpik", "indexation_excl", unit=w.a, rate=Decimal("2.5"))
    table = budget_table(w.budget)
    # 2,5 % of the opening frame without pharmaceuticals: (100 − 20) mkr → 2,0 mkr.
    assert table.changes[0].amount == mkr("2")
    assert table.changes[0].computed is True
    assert _row(table, w.a).after_changes == mkr("-102")
    assert change.amount is None  # computed, never stored


def test_indexation_including_pharmaceuticals_applies_only_to_the_pharmaceuticals_part(frames):
    w = frames
    _change(w, "lpik-lm", "indexation_incl", unit=w.a, rate=Decimal("5"))
    table = budget_table(w.budget)
    assert table.changes[0].amount == mkr("1")  # 5 % of 20 mkr
    assert _row(table, w.a).after_changes == mkr("-101")


def test_a_stated_indexation_amount_wins_over_the_rate(frames):
    w = frames
    _change(w, "lpik", "indexation_excl", unit=w.a, amount=mkr("1.7"))
    assert budget_table(w.budget).changes[0].amount == mkr("1.7")


def test_prioritisation_gives_the_unit_more_to_spend_with_its_case_number(frames):
    w = frames
    _change(w, "prio", "prioritisation", unit=w.b, amount=mkr("8.2"), case_number="RS/775/2020")
    table = budget_table(w.budget)
    assert _row(table, w.b).after_changes == mkr("-58.2")
    assert _row(table, w.a).after_changes == mkr("-100")
    assert table.changes[0].change.case_number == "RS/775/2020"


def test_a_prioritisation_without_a_case_number_is_a_finding(frames):
    w = frames
    _change(w, "prio", "prioritisation", unit=w.b, amount=mkr("2"))
    kinds = {f.kind for f in budget_findings(w.budget)}
    assert "change_case" in kinds


def test_reallocation_between_two_units_of_the_plan_moves_the_amount_and_keeps_the_total(frames):
    w = frames
    before = budget_table(w.budget)
    _change(w, "omd", "reallocation", from_unit=w.a, unit=w.b, amount=mkr("3"))
    table = budget_table(w.budget)
    assert _row(table, w.a).after_changes == mkr("-97")
    assert _row(table, w.b).after_changes == mkr("-53")
    after_sum = sum(r.after_changes for r in table.frame_rows if r.after_changes is not None)
    before_sum = sum(r.after_changes for r in before.frame_rows if r.after_changes is not None)
    assert after_sum == before_sum
    # One record, listed under both units.
    assert len(table.changes_for(w.frame_a)) == len(table.changes_for(w.frame_b)) == 1


def test_reallocation_from_a_unit_outside_the_plan_changes_only_the_receiving_frame(frames):
    w = frames
    _change(w, "smitta", "reallocation", from_unit=w.hsn, unit=w.a, amount=mkr("1.5"))
    table = budget_table(w.budget)
    assert _row(table, w.a).after_changes == mkr("-101.5")
    assert table.changes[0].from_label == "Hälso- och sjukvårdsnämnden"


def test_reallocation_needs_a_side_in_the_plan_and_two_different_units(frames):
    w = frames
    with pytest.raises(ValidationError):
        _change(w, "x", "reallocation", from_unit=w.hsn, unit=w.region, amount=mkr("1"))
    with pytest.raises(ValidationError):
        _change(w, "y", "reallocation", from_unit=w.a, unit=w.a, amount=mkr("1"))
    with pytest.raises(ValidationError):
        _change(w, "z", "reallocation", from_unit=w.a, unit=w.b, amount=mkr("-1"))


def test_other_change_is_counted_and_flagged_as_of_unknown_kind(frames):
    w = frames
    _change(w, "ovr", "other", unit=w.a, amount=mkr("8.4"))
    table = budget_table(w.budget)
    assert _row(table, w.a).after_changes == mkr("-108.4")
    assert "change_kind" in {f.kind for f in budget_findings(w.budget)}


def test_a_change_without_amount_counts_as_zero_and_is_listed(frames):
    w = frames
    _change(w, "lpik", "indexation_excl", unit=w.a)
    findings = [f for f in budget_findings(w.budget) if f.kind == "change_amount"]
    assert len(findings) == 1 and findings[0].item_code == "lpik"
    assert _row(budget_table(w.budget), w.a).unknown_changes[0].code == "lpik"


def test_only_a_reallocation_has_a_giving_unit_and_only_indexation_a_rate(frames):
    w = frames
    with pytest.raises(ValidationError):
        _change(w, "p", "prioritisation", unit=w.a, from_unit=w.b, amount=mkr("1"))
    with pytest.raises(ValidationError):
        _change(w, "q", "prioritisation", unit=w.a, rate=Decimal("2"))
    with pytest.raises(ValidationError):
        _change(w, "r", "indexation_excl", unit=w.hsn, rate=Decimal("2"))  # no frame


def test_a_distribution_that_does_not_add_up_to_the_frame_after_changes_is_an_error(frames):
    w = frames
    _change(w, "prio", "prioritisation", unit=w.a, amount=mkr("5"))
    errors = [f for f in budget_findings(w.budget) if f.severity == ERROR]
    assert [f.kind for f in errors] == ["frame_sum"]
    assert "−100,0" in errors[0].message and "−105,0" in errors[0].message
    with pytest.raises(ValidationError):
        services.budget_adopt(budget=w.budget, user=w.controller)


def test_group_sums_and_total_are_computed_from_the_lines(frames):
    table = budget_table(frames.budget)
    ops, fin = table.operations[0], table.finance[0]
    assert ops.sums == {
        "intakter": mkr("10"),
        "personal": mkr("-120"),
        "lakemedel": mkr("-20"),
        "ovrigt": mkr("-20"),
    }
    assert ops.net == mkr("-150")
    assert fin.net == mkr("300")
    assert table.total == mkr("150")
    assert [c.code for c in table.operations_columns] == [
        "intakter",
        "personal",
        "lakemedel",
        "ovrigt",
    ]


def test_the_decided_total_is_checked_against_the_computed_total(frames):
    w = frames
    budget = services.budget_save(plan=w.plan, stated_total=mkr("150"), user=w.controller)
    assert not [f for f in budget_findings(budget) if f.kind == "budget_total"]
    budget = services.budget_save(plan=w.plan, stated_total=mkr("151"), user=w.controller)
    (finding,) = [f for f in budget_findings(budget) if f.kind == "budget_total"]
    assert finding.severity == ERROR
    assert "150,0" in finding.message and "151,0" in finding.message


def test_frame_lines_must_belong_to_the_group_section(frames):
    w = frames
    with pytest.raises(ValidationError):
        services.frame_save(
            budget=w.budget, group=w.ops, unit=w.b, lines={"skatt": mkr("1")}, user=w.controller
        )


def test_budget_table_reads_in_a_fixed_number_of_queries(frames, django_assert_max_num_queries):
    w = frames
    for index in range(5):
        _change(w, f"p{index}", "prioritisation", unit=w.a, amount=mkr("1"), case_number="RS/1")
    with django_assert_max_num_queries(7):
        table = budget_table(w.budget)
        assert len(table.changes) == 5
