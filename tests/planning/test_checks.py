"""The plan's own data-quality checks: texts, targets, the meeting calendar."""

from datetime import date

from styra.planning import services
from styra.planning.checks import ERROR, WARNING, plan_check
from styra.plans.models import Target


def _kinds(findings):
    return sorted((f.severity, f.kind) for f in findings)


def _goal(builder, plan, code, title, target_text, **target):
    level = plan.levels.first() or builder.level(plan, "mal", ["goal"])
    item = builder.item(plan, level, "goal", code, title=title)
    Target.objects.create(item=item, text=target_text, **target)
    return item


def test_a_placeholder_in_a_plan_text_is_an_error(world):
    w = world
    services.plan_text_save(
        plan=w.plan,
        key="inledning",
        title="Inledning",
        body="Planen har xx mål.",
        user=w.controller,
    )
    (finding,) = plan_check(w.plan)
    assert (finding.severity, finding.kind, finding.place) == (ERROR, "placeholder", "Inledning")


def test_a_count_in_a_text_is_checked_against_the_items(world, builder):
    w = world
    for index in range(3):
        _goal(
            builder, w.plan, f"M{index}", f"Mål {index}", "Genomförd aktivitet", kind="completion"
        )
    services.plan_text_save(
        plan=w.plan,
        key="a",
        title="A",
        body="Planen har 3 mål och 2 uppföljningsområden.",
        user=w.controller,
    )
    services.follow_up_areas_set(
        plan=w.plan, titles=["Folkhälsa", "Upphandling"], user=w.controller
    )
    assert plan_check(w.plan) == []
    services.plan_text_save(
        plan=w.plan, key="a", title="A", body="Planen har 4 mål.", user=w.controller
    )
    (finding,) = plan_check(w.plan)
    assert finding.kind == "count"
    assert "4 mål" in finding.message and "3 mål" in finding.message


def test_targets_that_cannot_be_read_or_contradict_their_value_are_found(world, builder):
    w = world
    _goal(builder, w.plan, "L23", "Återvinning", "Minst41 %", kind="threshold", value=41)
    _goal(builder, w.plan, "L3", "Klassning", "Minst 50 %", kind="threshold", value=60)
    _goal(builder, w.plan, "L4", "Kontroll", "Minst 70 %", kind="threshold", value=70)
    found = {(f.item_code, f.kind, f.severity) for f in plan_check(w.plan)}
    assert found == {("L23", "target_text", ERROR), ("L3", "target_value", ERROR)}


def test_a_better_than_baseline_target_equal_to_the_baseline_is_a_warning(world, builder):
    w = world
    _goal(
        builder,
        w.plan,
        "M8",
        "Index högre än 2021",
        "4,67 (RJH)",
        kind="relative_baseline",
        value=0,
        strict=True,
        baseline_year=2021,
        baseline_value="4.67",
    )
    (finding,) = plan_check(w.plan)
    assert (finding.item_code, finding.kind, finding.severity) == ("M8", "target_baseline", WARNING)


def test_a_goal_counting_a_number_with_a_target_for_a_share_is_a_warning(world, builder):
    w = world
    _goal(
        builder,
        w.plan,
        "L6",
        "Större antal anställda utanför staden",
        "Större andel än 2021",
        kind="relative_baseline",
        strict=True,
    )
    (finding,) = plan_check(w.plan)
    assert finding.kind == "target_measure"


def test_calendar_years_that_do_not_fit_the_plan_year(world):
    w = world
    item = services.MeetingItemInput

    services.meeting_save(
        plan=w.plan,
        day=date(2022, 3, 29),
        items=[item("recurring", "Årsbokslut 2021", period_kind="annual", period_year=2021)],
        user=w.controller,
    )
    assert plan_check(w.plan) == []
    services.meeting_save(
        plan=w.plan,
        day=date(2022, 9, 27),
        items=[
            item(
                "recurring", "Delårsbokslut augusti 2021", period_kind="interim", period_year=2021
            ),
            item(
                "recurring", "Delårsbokslut augusti 2022", period_kind="interim", period_year=2022
            ),
            item("recurring", "Delårsbokslut 2021", period_kind="interim", period_year=2022),
            item(
                "recurring",
                "Månadsrapport per oktober",
                period_kind="month",
                period_year=2022,
                period_month=10,
            ),
            item("recurring", "Verksamhetsplan 2022", period_kind="plan_year", period_year=2022),
        ],
        user=w.controller,
    )
    services.meeting_save(plan=w.plan, day=date(2023, 1, 24), items=[], user=w.controller)
    messages = [(f.severity, f.kind, f.message) for f in plan_check(w.plan)]
    assert (ERROR, "calendar_year") in {(s, k) for s, k, _ in messages}
    by_text = {m: (s, k) for s, k, m in messages}
    assert any("2023-01-24" in m for m in by_text)  # meeting outside the plan year
    assert any(
        "Delårsbokslut augusti 2021" in m and k == "calendar_year" for m, (s, k) in by_text.items()
    )
    assert any("”Delårsbokslut 2021” nämner 2021" in m for m in by_text)
    assert any(
        "Månadsrapport per oktober" in m and k == "calendar_period" for m, (s, k) in by_text.items()
    )
    assert any("Verksamhetsplan 2022" in m for m in by_text)
    assert not any("Delårsbokslut augusti 2022" in m for m in by_text)
