"""Reads: due items, my tasks, progress, previous comment, history — with bounded queries."""

from datetime import date
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from styra.followup import selectors
from styra.followup.services import (
    ValueInput,
    assessment_save,
    section_text_save,
    unit_report_submit,
)


def test_yearly_items_are_not_due_in_a_tertial_round(region):
    rows = selectors.round_items_for_unit(region.round, region.dig)

    assert [(r.item.code, r.due) for r in rows] == [("N1", True), ("U1", True), ("N2", False)]
    assert [r.item.code for r in selectors.due_items(region.round, region.dig)] == ["N1", "U1"]


def test_progress_counts_due_and_reported_per_kind(region):
    assessment_save(
        round=region.round,
        item=region.sick,
        user=region.anna,
        values=[ValueInput(value=Decimal("5.0"))],
    )

    progress = {p.code: p for p in selectors.round_progress(region.round)}

    assert progress["RS-DIG"].kinds == [("indicator", 1, 1), ("assignment", 0, 1)]
    assert (progress["RS-DIG"].reported, progress["RS-DIG"].due) == (1, 2)
    assert progress["RS-DIG"].state == "draft"
    assert (progress["RS-HR"].reported, progress["RS-HR"].due, progress["RS-HR"].state) == (
        0,
        1,
        "not_started",
    )


def test_progress_query_count_does_not_grow_with_items(region, builder):
    level = region.sick.level
    with CaptureQueriesContext(connection) as small:
        selectors.round_progress(region.round)
    for n in range(20):
        builder.indicator(region.plan, level, f"X{n}", target="1", owner=region.hr)
    with CaptureQueriesContext(connection) as large:
        selectors.round_progress(region.round)
    assert len(large) == len(small) <= 5


def test_my_tasks_for_reporter_and_reviewer(region):
    region.round.reporting_deadline = date(2026, 5, 8)
    region.round.save()
    anna_tasks = selectors.my_tasks(region.anna)
    assert [(t.progress.code, t.action) for t in anna_tasks] == [("RS-DIG", "report")]
    assert anna_tasks[0].deadline == date(2026, 5, 8)
    assert selectors.my_tasks(region.greta) == []
    assert selectors.my_tasks(region.lisa) == []

    unit_report_submit(round=region.round, unit=region.dig, user=region.anna)

    assert selectors.my_tasks(region.anna) == []
    assert [(t.progress.code, t.action) for t in selectors.my_tasks(region.greta)] == [
        ("RS-DIG", "review")
    ]


def test_previous_rounds_comment(region, builder):
    assessment_save(
        round=region.round,
        item=region.task,
        user=region.anna,
        values=[],
        status_code="delvis",
        comment="T1: upphandling pågår.",
    )
    t2 = builder.round(region.plan, code="2026-T2", kind="interim", end=date(2026, 8, 31))

    previous = selectors.previous_assessment(t2, region.task)

    assert previous.comment == "T1: upphandling pågår."
    assert previous.round == region.round
    assert selectors.previous_assessment(region.round, region.task) is None


def test_history_shows_who_when_old_and_new(region):
    assessment_save(
        round=region.round,
        item=region.sick,
        user=region.anna,
        values=[ValueInput(value=Decimal("5.7"))],
        comment="Första",
    )
    assessment_save(
        round=region.round,
        item=region.sick,
        user=region.admin,
        values=[ValueInput(value=Decimal("5.2"))],
        comment="Rättad",
    )

    entries = selectors.assessment_history(region.round, region.sick)
    changes = [(e.who, e.field, e.old, e.new) for e in entries]

    assert ("Anna", "kommentar", None, "Första") in changes
    assert ("Anna", "status", None, "Delvis uppfyllt") in changes
    assert ("Anna", "värde", None, Decimal("5.7")) in changes
    assert ("Admin", "kommentar", "Första", "Rättad") in changes
    assert ("Admin", "status", "Delvis uppfyllt", "Helt uppfyllt") in changes
    assert ("Admin", "värde", Decimal("5.7"), Decimal("5.2")) in changes
    assert all(e.when is not None for e in entries)
    assert [e.when for e in entries] == sorted(e.when for e in entries)


def test_history_query_count_is_bounded(region):
    for n in range(6):
        assessment_save(
            round=region.round,
            item=region.sick,
            user=region.anna,
            values=[
                ValueInput(value=Decimal(n)),
                ValueInput(value=Decimal(n), dimension="sex", member="kvinnor"),
            ],
            comment=f"v{n}",
            status_code="ej" if n > 5 else None,
        )
    with CaptureQueriesContext(connection) as queries:
        entries = selectors.assessment_history(region.round, region.sick)
    assert len(entries) > 10
    assert len(queries) <= 3


def test_the_latest_changes_are_the_end_of_the_whole_history_read_in_bounded_rows(region):
    """An item saved again and again (values in two cells, comment, status now and then):
    for every count, the latest changes are exactly the end of the whole history, and
    `more` says whether anything earlier was left out."""
    for n in range(14):
        values = [ValueInput(value=Decimal(5 + n % 3))]
        if n % 4 == 0:  # a breakdown cell now and then
            values.append(ValueInput(value=Decimal(n), dimension="sex", member="kvinnor"))
        assessment_save(
            round=region.round,
            item=region.sick,
            user=region.anna if n % 2 else region.admin,
            values=values,
            comment=f"v{n // 3}",
            expected_version=n,
        )
    whole = selectors.assessment_history(region.round, region.sick)
    assert len(whole) > 25
    for count in (1, 2, 3, 5, 8, 13, 20, len(whole) - 1, len(whole), len(whole) + 5):
        with CaptureQueriesContext(connection) as queries:
            latest, more = selectors.latest_assessment_history(region.round, region.sick, count)
        assert latest and latest == whole[-len(latest) :], count
        assert len(latest) <= count and more == (len(latest) < len(whole)), count
        assert len(queries) <= 4  # records, status labels, values since, the cells' bases
    # Each save changes at least one field, so a window of n saves shows most of n.
    latest, more = selectors.latest_assessment_history(region.round, region.sick, 8)
    assert len(latest) >= 5 and more


def test_section_text_history(region):
    section_text_save(
        round=region.round,
        unit=region.dig,
        key="personal",
        title="Personal",
        body="Gammal",
        user=region.anna,
    )
    section_text_save(
        round=region.round,
        unit=region.dig,
        key="personal",
        title="Personal",
        body="Ny",
        user=region.admin,
    )
    changes = [
        (e.who, e.field, e.old, e.new)
        for e in selectors.section_text_history(region.round, region.dig, "personal")
    ]
    assert ("Admin", "text", "Gammal", "Ny") in changes


def test_item_history_over_rounds_has_bounded_queries(region, builder):
    for n in range(3):
        round_ = builder.round(
            region.plan, code=f"2026-M{n}", kind="month", end=date(2026, n + 1, 28)
        )
        assessment_save(
            round=round_,
            item=region.task,
            user=region.anna,
            values=[],
            status_code="delvis",
            comment=f"Runda {n}",
        )
    with CaptureQueriesContext(connection) as queries:
        entries = selectors.item_history(region.task)
    assert [e.new for e in entries if e.field == "kommentar"] == ["Runda 0", "Runda 1", "Runda 2"]
    assert len(queries) <= 3


def test_what_removing_an_item_takes_is_read_in_five_queries(
    region, builder, django_assert_num_queries
):
    """`item_deletion`: the subtree, its targets, its assessments by round, the other rows
    that keep an item, the items inheriting from it; however large the subtree."""
    from styra.followup.models import Assessment
    from styra.followup.selectors import item_deletion
    from styra.plans.models import PlanLevel

    level = PlanLevel.objects.get(plan=region.plan, code="post")
    for i in range(20):
        item = builder.indicator(region.plan, level, f"X{i}", target="1", parent=region.area)
        Assessment.objects.create(round=region.round, item=item)
    with django_assert_num_queries(5):
        deletion = item_deletion(region.area)
    assert len(deletion.below) == 24 and len(deletion.targets) == 23
    assert deletion.uses[0].count == 20 and deletion.uses[0].where == [(region.round.code, 20)]
