"""Plan tree and automatic status on the scale — with bounded queries."""

from __future__ import annotations

from decimal import Decimal

import pytest

from styra.plans.selectors import automatic_status, plan_tree

pytestmark = pytest.mark.django_db


def test_tree_is_ordered_and_numbered(small_plan, django_assert_max_num_queries):
    p, _rnd, _items = small_plan
    with django_assert_max_num_queries(4):
        tree = plan_tree(p)
        numbers = [(n.item.code, n.number, n.depth) for root in tree for n in root.walk()]
    assert numbers[:4] == [("A", "1", 0), ("A0", "1.1", 1), ("A1", "1.2", 1), ("A2", "1.3", 1)]
    assert numbers[4] == ("B", "2", 0)


def test_automatic_status_lands_on_the_scale_level_of_its_meaning(small_plan):
    p, _rnd, items = small_plan
    cases = {Decimal(11): "helt", Decimal(9): "delvis", Decimal(5): "ej", None: "ejrapp"}
    for value, code in cases.items():
        result, level = automatic_status(item=items["A0"], plan=p, value=value)
        assert level.code == code and level.meaning == result.meaning
