"""The demo region reproduces the published figures of T1 2026 and the 2022 plan."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from styra.access.models import UnitRole
from styra.demo import data_dir
from styra.demo.loader import demo_load
from styra.followup.models import Assessment, AssessmentValue, SectionText, UnitReport
from styra.followup.summary import round_summary
from styra.org import selectors as org
from styra.org.models import UnitVersion
from styra.planfile.services import plan_export, plan_import
from styra.plans.models import Plan, PlanItem, StatusLevel
from tests.builders import system_admin
from tests.paths import FIGURES  # noqa: E402


@pytest.fixture(scope="module")
def t1():
    return json.loads((FIGURES / "t1-2026.json").read_text(encoding="utf-8"), parse_float=Decimal)


@pytest.fixture(scope="module")
def vp():
    return json.loads((FIGURES / "vp-2022.json").read_text(encoding="utf-8"), parse_float=Decimal)


def test_summary_of_round_t1_matches_the_report(demo, t1):
    summary = round_summary(demo.round)
    short = summary.total.row("kortsiktiga")
    stated = t1["summary"]["indicator_status_stated"]
    assert short.total == t1["summary"]["indicators_total_stated"] == 18
    assert (
        {m: short.count(m) for m in stated}
        == stated
        == {
            "fulfilled": 5,
            "partly": 6,
            "not_fulfilled": 6,
            "not_reported": 1,
        }
    )
    assignments = summary.total.row("uppdrag")
    assert assignments.total == t1["summary"]["assignments_total_stated"] == 31
    labels = {c.status.label: c.count for c in assignments.counts if c.count}
    assert labels == t1["summary"]["assignment_status_computed"]
    # Yearly indicators are not due in a tertial round: visible as "year end".
    long_term = summary.total.row("langsiktiga")
    assert long_term.total == long_term.count("year_end") == 3
    per_area = {
        group.area.code: {
            "indicators": group.row("kortsiktiga").total if group.row("kortsiktiga") else 0,
            "assignments": group.row("uppdrag").total if group.row("uppdrag") else 0,
        }
        for group in summary.per_area
    }
    assert per_area == t1["summary"]["per_goal_area"]
    shares = sum(c.share for c in short.counts)
    assert shares == 100


def test_every_indicator_outcome_target_and_status(demo, t1):
    items = {i.code: i for i in demo.plan.items.select_related("indicator")}
    assessments = {
        a.item.code: a
        for a in Assessment.objects.filter(round=demo.round).select_related("item", "status")
    }
    for figure in t1["indicators"]:
        item = items[figure["id"]]
        assert item.title == figure["name"]
        assert item.indicator.unit == figure["unit"]
        assert item.indicator.direction == figure["direction"]
        target = item.targets.get()
        assessment = assessments[figure["id"]]
        total = assessment.values.get(dimension="")
        if figure["outcome"] is None:
            assert total.value is None and total.missing_reason == "year_end"
        else:
            assert total.value == figure["outcome"], figure["id"]
            assert total.period_label and total.period_end <= date(2026, 12, 31)
        if target.kind == "relative_comparison":  # N08: the target is the national figure
            assert total.comparison_value == figure["target"]
        else:
            assert target.value == figure["target"], figure["id"]
            assert target.text == figure["target_text"]
        assert assessment.status.meaning == figure["status"], figure["id"]
        # Every status is the automatic one: tolerance 15 % reproduces the report.
        assert assessment.status == assessment.status_suggested
        assert not assessment.status_overridden
        assert assessment.comment
    assert items["N09"].targets.get().kind == "relative_baseline"
    assert items["N09"].targets.get().baseline_year == 2019
    assert demo.plan.tolerance_kind == "relative" and demo.plan.tolerance_value == 15


def test_local_food_breakdown(demo, t1):
    figure = next(i for i in t1["indicators"] if i["id"] == "N12")
    rows = AssessmentValue.objects.filter(
        assessment__round=demo.round, assessment__item__code="N12", dimension="subunit"
    ).order_by("order")
    assert [(r.member, r.value) for r in rows] == [
        (row["label"], row["value"]) for row in figure["breakdown"]["rows"]
    ]


def test_assignments_status_owner_and_co_owners(demo, t1):
    assessments = {
        a.item.code: a
        for a in Assessment.objects.filter(round=demo.round, item__kind="assignment")
        .select_related("item", "status")
        .prefetch_related("item__co_owners")
    }
    assert len(assessments) == 31
    for figure in t1["assignments"]:
        assessment = assessments[figure["id"]]
        assert assessment.status.label == figure["status_text"]
        assert assessment.item.owner is not None
        co = sorted(u.code for u in assessment.item.co_owners.all())
        assert co == sorted(u for u in figure["responsible_units"] if u != "RS")


def test_section_texts_and_unit_reports(demo, t1):
    keys = set(
        SectionText.objects.filter(round=demo.round, unit=demo.rs).values_list("key", flat=True)
    )
    assert {"sammanfattning", "handelser", "personal"} <= keys
    assert {f"omrade-{ga['code'].lower()}" for ga in t1["goal_areas"]} <= keys
    states = set(UnitReport.objects.filter(round=demo.round).values_list("state", flat=True))
    assert states == {"draft"}
    areas = {i.code: i for i in demo.plan.items.filter(kind="area")}
    for ga in t1["goal_areas"]:
        assert (areas[ga["code"]].title, areas[ga["code"]].subtitle) == (
            ga["name"],
            ga["overall_goal"],
        )


VP_KIND = {  # vp-2022.json's target kinds in Styra's terms: (kind, direction)
    "completion": ("completion", "higher"),
    "threshold_min": ("threshold", "higher"),
    "threshold_max": ("threshold", "lower"),
    "absolute": ("threshold", "lower"),
    "count_min": ("count", "higher"),
    "relative_to_year": ("relative_baseline", None),
    "relative_to_benchmark": ("relative_comparison", "lower"),
    "not_set": ("not_set", "higher"),
}


def test_plan_2022_has_56_goals_with_their_target_kinds(demo, vp):
    plan = Plan.objects.get(code="rs-vp-2022")
    goals = list(plan.items.filter(kind="goal").prefetch_related("targets", "co_owners"))
    assert len(goals) == vp["goal_counts"]["total"] == 56
    expected = Counter()
    for kind, count in vp["goal_counts"]["per_target_kind"].items():
        expected[VP_KIND[kind][0]] += count
    actual = Counter(sorted(g.targets.all(), key=lambda t: t.order)[0].kind for g in goals)
    assert actual == expected
    thresholds = Counter(
        t.direction for g in goals for t in g.targets.all()[:1] if t.kind == "threshold"
    )
    counts = vp["goal_counts"]["per_target_kind"]
    assert thresholds == {
        "higher": counts["threshold_min"],
        "lower": counts["threshold_max"] + counts["absolute"],
    }
    by_code = {g.code: g for g in goals}
    # Targets per level: one for the whole region, one for the board.
    assert sorted(t.scope for t in by_code["M9"].targets.all()) == ["RJH", "RS"]
    assert [u.code for u in by_code["L13"].co_owners.all()] == ["RUN"]
    levels = list(plan.levels.order_by("order").values_list("name", flat=True))
    assert levels[:4] == ["Strategi", "Målområde", "Mål", "Aktivitet"]
    activities = plan.items.filter(kind="activity").order_by("order")
    assert [(a.code, a.parent.code, a.start_date, a.end_date) for a in activities] == [
        (a["code"], a["goal"], date.fromisoformat(a["start"]), date.fromisoformat(a["end"]))
        for a in vp["activities"]
    ]
    indicators = plan.items.filter(kind="indicator").select_related("indicator").order_by("order")
    assert [i.code for i in indicators] == [i["code"] for i in vp["own_indicators"]]
    first = indicators[0].indicator
    assert (first.baseline_value, first.baseline_label, first.breakdowns) == (70, "20/21", ["sex"])


def test_organisation_before_and_after_new_year(demo):
    def children(day, code):
        nodes = {n.code: n for root in org.tree_as_of(day) for n in root.walk()}
        return [c.code for c in nodes[code].children] if code in nodes else None

    before, after = date(2025, 12, 31), date(2026, 1, 1)
    departments = ["RS-RD", "RS-EKO", "RS-HR", "RS-KOM", "RS-DIG", "RS-LOB", "RS-VV"]
    assert children(after, "RS") == [*departments, "RS-FRF", "RS-FRS"]
    assert children(before, "RS") == [*departments, "RS-RSV", "RS-FAST", "RS-FRF", "RS-FRS"]
    assert children(after, "RS-DIG") == ["RS-DIG-DA", "RS-RSV", "RS-FAST"]
    assert children(before, "RS-DIG") == ["RS-DIG-DA"]
    assert "RS-LOB-IFE" in children(before, "RS-LOB")
    assert "RS-LOB-IFE" not in children(after, "RS-LOB")
    dig = UnitVersion.objects.get(unit__code="RS-DIG", valid_from=after)
    assert dig.name == "Digitalisering och service"
    assert org.unit_name_on(dig.unit, before) == "Digitalisering och utveckling"
    centre_before = {c.code for c in org.cost_centres_under(dig.unit, before)}
    centre_after = {c.code for c in org.cost_centres_under(dig.unit, after)}
    assert "1530" not in centre_before and {"1530", "1540", "1640"} <= centre_after


def test_demo_users_and_roles(demo):
    users = {u.username: u for u in get_user_model().objects.all()}
    for name in ("controller", "rapportor", "granskare", "admin"):
        assert users[name].check_password("styra-demo-2026")
    assert users["admin"].is_superuser
    roles = {
        (r.user.username, r.role, r.unit.code)
        for r in UnitRole.objects.select_related("user", "unit")
    }
    assert {
        ("controller", "controller", "REG"),
        ("rapportor", "reporter", "RS-DIG"),
        ("granskare", "reviewer", "RS"),
    } <= roles
    # The reporter's department owns items to report on.
    owned = PlanItem.objects.filter(plan=demo.plan, owner__code="RS-DIG").count()
    assert owned >= 6


@pytest.mark.parametrize("code", ["rs-2026", "rs-vp-2022", "hsn-2026"])
def test_demo_plan_files_are_canonical_and_round_trip(demo, code):
    exported = plan_export(plan=Plan.objects.get(code=code))
    assert exported == (data_dir() / f"{code}.yaml").read_text(encoding="utf-8")
    plan_import(text=exported, filename=f"{code}.yaml", user=system_admin())
    assert plan_export(plan=Plan.objects.get(code=code)) == exported


def test_demo_load_is_idempotent(demo):
    counts = (PlanItem.objects.count(), Assessment.objects.count(), StatusLevel.objects.count())
    assert demo_load() is False
    assert (
        PlanItem.objects.count(),
        Assessment.objects.count(),
        StatusLevel.objects.count(),
    ) == counts


def test_health_board_plan_and_round_are_shaped_differently(demo):
    """HSN: strategies → goals → measures and actions, each level on a scale of its own,
    goal and strategy statuses derived from the measures; configured only as data."""
    from styra.followup.models import Round
    from styra.followup.summary import round_statuses

    plan = Plan.objects.get(code="hsn-2026")
    levels = {lv.code: lv for lv in plan.levels.select_related("scale")}
    assert [lv.code for lv in plan.levels.order_by("order")] == [
        "strategi",
        "mal",
        "matetal",
        "atgard",
    ]
    assert levels["mal"].status_rule == "share" and levels["strategi"].status_rule == "majority"
    items = Counter(PlanItem.objects.filter(plan=plan).values_list("kind", flat=True))
    assert items == {"area": 4, "goal": 12, "indicator": 41, "activity": 8}
    round_ = Round.objects.select_related("plan").get(code="HSN-2026-T1")
    statuses = round_statuses(round_)
    measures = PlanItem.objects.filter(plan=plan, kind="indicator")
    meanings = Counter(statuses.status[m.pk].meaning for m in measures)
    assert meanings == {"fulfilled": 14, "partly": 9, "not_fulfilled": 13, "year_end": 5}
    goal = PlanItem.objects.get(plan=plan, code="M33")
    assert statuses.status[goal.pk].label == "Bedöms uppnås" and goal.pk in statuses.derived
    text_only = PlanItem.objects.get(plan=plan, code="M43")  # a goal with actions, no measure
    assert not text_only.children.filter(kind="indicator").exists()
    assert statuses.status[text_only.pk].meaning == "partly"
