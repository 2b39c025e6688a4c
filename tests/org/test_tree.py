"""The tree as of a date survives a reorganisation (move, rename, dissolve)."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from styra.org import selectors
from styra.org.models import CostCentre
from styra.orgadmin import services
from tests.builders import system_admin


def codes(nodes):
    return {n.code: [c.code for c in n.children] for root in nodes for n in root.walk()}


@pytest.fixture
def reorganised(builder):
    """2025: RS → {STAB, DIG, SERV}. 2026-01-01: DIG and SERV move under STAB,
    STAB is renamed, the dissolved unit OLD disappears with its cost centre."""
    rs = builder.unit("RS", "Regionstyrelsen")
    stab = builder.unit("STAB", "Regionstab", parent=rs)
    dig = builder.unit("DIG", "Digitalisering", parent=rs)
    serv = builder.unit("SERV", "Service", parent=rs)
    old = builder.unit("OLD", "Gamla enheten", parent=rs)
    for code, unit in [("1001", stab), ("2001", dig), ("3001", serv), ("9001", old)]:
        services.cost_centre_create(
            code=code, name=code, unit=unit, valid_from=date(2020, 1, 1), user=system_admin()
        )
    new_year = date(2026, 1, 1)
    services.unit_move(unit=dig, new_parent=stab, effective=new_year, user=system_admin())
    services.unit_move(unit=serv, new_parent=stab, effective=new_year, user=system_admin())
    services.unit_rename(
        unit=stab, name="Digitalisering och service", effective=new_year, user=system_admin()
    )
    services.unit_dissolve(unit=old, effective=new_year, user=system_admin())
    return {"rs": rs, "stab": stab, "dig": dig, "serv": serv, "old": old}


def test_tree_before_reorganisation(reorganised):
    tree = selectors.tree_as_of(date(2025, 12, 31))
    assert codes(tree)["RS"] == ["DIG", "OLD", "SERV", "STAB"]
    names = {n.code: n.name for n in tree[0].walk()}
    assert names["STAB"] == "Regionstab"


def test_tree_after_reorganisation(reorganised):
    tree = selectors.tree_as_of(date(2026, 4, 30))
    assert codes(tree)["RS"] == ["STAB"]
    assert codes(tree)["STAB"] == ["DIG", "SERV"]
    assert {n.code: n.name for n in tree[0].walk()}["STAB"] == "Digitalisering och service"
    assert "OLD" not in codes(tree)


def test_cost_centres_under_unit_follow_the_tree(reorganised):
    stab = reorganised["stab"]
    before = selectors.cost_centres_under(stab, date(2025, 6, 30))
    after = selectors.cost_centres_under(stab, date(2026, 2, 1))
    assert [c.code for c in before] == ["1001"]
    assert [c.code for c in after] == ["1001", "2001", "3001"]
    rs_after = selectors.cost_centres_under(reorganised["rs"], date(2026, 2, 1))
    assert "9001" not in [c.code for c in rs_after]
    assert CostCentre.objects.get(code="9001").mappings.get().valid_to == date(2025, 12, 31)


def test_cannot_move_unit_under_its_own_child(reorganised):
    with pytest.raises(ValidationError):
        services.unit_move(
            unit=reorganised["stab"],
            new_parent=reorganised["dig"],
            effective=date(2026, 6, 1),
            user=system_admin(),
        )


def test_cannot_dissolve_unit_with_children(reorganised):
    with pytest.raises(ValidationError):
        services.unit_dissolve(
            unit=reorganised["stab"], effective=date(2026, 6, 1), user=system_admin()
        )
