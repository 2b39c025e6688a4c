"""The one due rule: which items a round asks for."""

from __future__ import annotations

import pytest

from styra.followup.due import is_due, items_in_round

pytestmark = pytest.mark.django_db


def test_yearly_items_are_not_due_in_a_tertial_round(small_plan):
    _p, rnd, _items = small_plan
    due, later = items_in_round(rnd)
    assert [i.code for i in due] == ["A0", "A1", "B0", "B1"]
    assert [i.code for i in later] == ["A2", "B2"]


def test_areas_are_never_due(small_plan):
    _p, rnd, items = small_plan
    assert not is_due(items["A"], rnd)
    assert is_due(items["A0"], rnd) and not is_due(items["A2"], rnd)
