"""Goal-fulfilment summaries: counts per status, per area and level, with bounded queries."""

from __future__ import annotations

from decimal import Decimal

import pytest

from styra.followup.models import Assessment
from styra.followup.summary import round_summary, summary_sentence

pytestmark = pytest.mark.django_db


def test_summary_counts_not_reported_and_year_end(small_plan, django_assert_max_num_queries):
    p, rnd, items = small_plan
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
