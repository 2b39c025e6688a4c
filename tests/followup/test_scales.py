"""A status scale's levels changed by hand: whoever manages every plan using the scale,
never after a round of one of them is locked, the plan file's rules, history (issue 13)."""

import json
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

import styra.planfile
from styra.followup.models import RoundState
from styra.followup.services import RoundLockedError, status_level_create, status_level_update
from styra.followup.services.scales import COLOUR, LEVEL_CODE
from styra.plans.models import StatusLevel
from tests.followup.scenario import build_region


@pytest.fixture
def region(builder):
    return build_region(builder)


def _level(region):
    return region.scale.levels.get(code="delvis")


def _update(region, user=None, **kw):
    args = {
        "level": _level(region),
        "label": "Delvis",
        "symbol": "◑",
        "colour": "#F9A825",
        "meaning": "partly",
        "definition": "Mer än hälften av målet nått.",
        "user": user or region.carl,
    }
    return status_level_update(**{**args, **kw})


def _create(region, user=None, **kw):
    args = {
        "scale": region.scale,
        "code": "helar",
        "label": "Följs upp på helår",
        "symbol": "◷",
        "colour": "#1565c0",
        "meaning": "year_end",
        "definition": "",
        "user": user or region.carl,
    }
    return status_level_create(**{**args, **kw})


def test_the_controller_changes_a_level_with_history(region):
    level = _update(region)
    assert (level.label, level.symbol, level.colour) == ("Delvis", "◑", "#f9a825")
    assert level.history.latest().history_user == region.carl


def test_a_new_level_is_last_in_the_scale(region):
    level = _create(region)
    assert list(region.scale.levels.order_by("order"))[-1] == level
    assert level.history.latest().history_user == region.carl


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"symbol": "  "}, "symbol"),  # never colour alone
        ({"symbol": "x" * 9}, "symbol"),
        ({"label": ""}, "label"),
        ({"label": "x" * 101}, "label"),
        ({"colour": "red"}, "colour"),
        ({"colour": "#12345g"}, "colour"),
        ({"meaning": "bogus"}, "meaning"),
        ({"definition": "x" * 100_000}, "definition"),
    ],
)
def test_bad_level_input_is_refused_on_its_field(region, changes, field):
    before = list(StatusLevel.objects.values_list("label", "symbol", "colour", "meaning"))
    with pytest.raises(ValidationError) as caught:
        _update(region, **changes)
    assert field in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        _create(region, **changes)
    assert field in caught.value.message_dict
    assert list(StatusLevel.objects.values_list("label", "symbol", "colour", "meaning")) == before


@pytest.mark.parametrize("code", ["helt", "", "<b>", "x" * 41, "a b"])
def test_a_new_levels_code_is_unique_in_the_scale_and_a_slug(region, code):
    with pytest.raises(ValidationError) as caught:
        _create(region, code=code)
    assert "code" in caught.value.message_dict


def test_hostile_text_is_stored_as_text_without_nul(region):
    level = _update(region, label="<script>x</script>\x00", definition="a\x00b")
    assert level.label == "<script>x</script>" and level.definition == "ab"


def test_the_rules_are_the_plan_files():
    schema = json.loads((Path(styra.planfile.__file__).parent / "plan.schema.json").read_text())
    defs = schema["$defs"]
    assert defs["scaleLevel"]["properties"]["colour"]["pattern"] == f"^{COLOUR.pattern}$"
    assert defs["slug"]["pattern"] == f"^{LEVEL_CODE.pattern}$"


def test_a_reporter_or_another_units_controller_may_not(region, builder):
    other = builder.unit("HSN", "Hälso- och sjukvårdsnämnden")
    outsider = builder.user("olle", (other, "controller"))
    for user in (region.anna, outsider):
        with pytest.raises(PermissionDenied):
            _update(region, user=user)
        with pytest.raises(PermissionDenied):
            _create(region, user=user)


def test_a_scale_shared_with_a_plan_the_controller_does_not_manage_is_refused(region, builder):
    other = builder.unit("HSN", "Hälso- och sjukvårdsnämnden")
    other_plan = builder.plan("hsn-2026", other)
    builder.use_scale(other_plan, region.scale)
    with pytest.raises(PermissionDenied):
        _update(region)
    assert _update(region, user=region.admin).label == "Delvis"


def test_nothing_changes_after_a_round_of_a_plan_using_the_scale_is_locked(region, builder):
    builder.round(region.plan, code="2025-T3", state=RoundState.LOCKED)
    with pytest.raises(RoundLockedError):
        _update(region, user=region.admin)
    with pytest.raises(RoundLockedError):
        _create(region, user=region.admin)
    assert _level(region).label == "Delvis uppfyllt"
