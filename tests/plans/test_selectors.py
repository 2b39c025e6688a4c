"""Plan tree, due items, automatic status on the scale, and summaries — with bounded queries."""

from __future__ import annotations

from decimal import Decimal

import pytest

from styra.followup.models import Assessment, Round
from styra.followup.summary import round_summary, summary_sentence
from styra.plans.models import PlanScale, Target
from styra.plans.selectors import automatic_status, items_in_round, plan_tree

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(builder):
    rs = builder.unit("RS", "Regionstyrelsen")
    plan = builder.plan("p-2026", rs, tolerance="15")
    PlanScale.objects.create(plan=plan, kind="indicator", scale=builder.scale("mal"))
    area = builder.level(plan, "omrade", ["area"])
    ind = builder.level(plan, "nyckeltal", ["indicator"], parent=area)
    items = {}
    for n, code in enumerate(["A", "B"], start=1):
        items[code] = builder.item(plan, area, "area", code, number=str(n))
        for i in range(3):
            child = builder.item(
                plan,
                ind,
                "indicator",
                f"{code}{i}",
                parent=items[code],
                frequency="yearly" if i == 2 else "tertial",
            )
            Target.objects.create(item=child, kind="threshold", value=Decimal(10))
            items[child.code] = child
    rnd = Round.objects.create(
        plan=plan,
        code="p-T1",
        name="T1",
        kind="tertial",
        period_start="2026-01-01",
        period_end="2026-04-30",
    )
    return plan, rnd, items


def test_tree_is_ordered_and_numbered(plan, django_assert_max_num_queries):
    p, _rnd, _items = plan
    with django_assert_max_num_queries(4):
        tree = plan_tree(p)
        numbers = [(n.item.code, n.number, n.depth) for root in tree for n in root.walk()]
    assert numbers[:4] == [("A", "1", 0), ("A0", "1.1", 1), ("A1", "1.2", 1), ("A2", "1.3", 1)]
    assert numbers[4] == ("B", "2", 0)


def test_yearly_items_are_not_due_in_a_tertial_round(plan):
    _p, rnd, _items = plan
    due, later = items_in_round(rnd)
    assert [i.code for i in due] == ["A0", "A1", "B0", "B1"]
    assert [i.code for i in later] == ["A2", "B2"]


def test_automatic_status_lands_on_the_scale_level_of_its_meaning(plan):
    p, _rnd, items = plan
    cases = {Decimal(11): "helt", Decimal(9): "delvis", Decimal(5): "ej", None: "ejrapp"}
    for value, code in cases.items():
        result, level = automatic_status(item=items["A0"], plan=p, value=value)
        assert level.code == code and level.meaning == result.meaning


def test_summary_counts_not_reported_and_year_end(plan, django_assert_max_num_queries):
    p, rnd, items = plan
    levels = {lv.code: lv for lv in p.scales.get().scale.levels.all()}
    Assessment.objects.create(round=rnd, item=items["A0"], status=levels["helt"])
    Assessment.objects.create(round=rnd, item=items["B0"], status=levels["ej"])
    with django_assert_max_num_queries(9):
        summary = round_summary(rnd)
    row = summary.total.row("nyckeltal")
    assert row.total == 6
    assert row.by_code() == {"helt": 1, "delvis": 0, "ej": 1, "ejrapp": 2, "helar": 2}
    assert [c.share for c in row.counts if c.count][0] == Decimal(100) / 6
    assert [g.row("nyckeltal").by_code()["helt"] for g in summary.per_area] == [1, 0]
    assert summary_sentence(row) == (
        "6 nyckeltal: 1 helt uppfyllt, 1 ej uppfyllt, 2 ej rapporterat, 2 följs upp på helår"
    )


def test_summary_queries_do_not_grow_with_the_plan(demo, django_assert_max_num_queries):
    with django_assert_max_num_queries(9):
        summary = round_summary(demo.round)
    assert summary.total.row("kortsiktiga").total == 18
