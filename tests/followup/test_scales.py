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


# --- the scale's name; a level removed (issue 13) ----------------------------------------

from styra.followup.models import Assessment  # noqa: E402
from styra.followup.services import status_level_delete, status_scale_update  # noqa: E402
from styra.plans.models import StatusScale  # noqa: E402


def test_the_controller_renames_the_scale_with_history(region):
    scale = status_scale_update(scale=region.scale, name="  Måluppfyllelse\x00 ", user=region.carl)
    assert StatusScale.objects.get(pk=scale.pk).name == "Måluppfyllelse"
    assert scale.history.latest().history_user == region.carl


@pytest.mark.parametrize("name", ["", "   ", "x" * 101])
def test_an_empty_or_long_name_is_refused_on_its_field(region, name):
    before = region.scale.name
    with pytest.raises(ValidationError) as caught:
        status_scale_update(scale=region.scale, name=name, user=region.carl)
    assert "name" in caught.value.message_dict
    assert StatusScale.objects.get(pk=region.scale.pk).name == before


def test_an_unused_level_is_removed_and_the_order_closes_up(region):
    codes = list(region.scale.levels.order_by("order").values_list("code", flat=True))
    level = _level(region)
    status_level_delete(level=level, user=region.carl)
    assert not StatusLevel.objects.filter(pk=level.pk).exists()
    remaining = list(region.scale.levels.order_by("order").values_list("code", "order"))
    assert [code for code, _ in remaining] == [c for c in codes if c != "delvis"]
    assert [order for _, order in remaining] == list(range(1, len(remaining) + 1))
    removal = StatusLevel.history.filter(id=level.pk).latest()
    assert removal.history_type == "-" and removal.history_user == region.carl


def test_a_level_in_use_is_refused_saying_how_many_and_why(region):
    level = _level(region)
    Assessment.objects.create(round=region.round, item=region.sick, status=level)
    Assessment.objects.create(round=region.round, item=region.task, status_suggested=level)
    Assessment.objects.create(
        round=region.round, item=region.yearly, status=level, status_suggested=level
    )
    with pytest.raises(ValidationError) as caught:
        status_level_delete(level=level, user=region.carl)
    assert caught.value.messages == [
        "Nivån Delvis uppfyllt används och kan inte tas bort: 2 bedömningar har den som "
        "status; 2 bedömningar har den som statusförslag."
    ]
    assert StatusLevel.objects.filter(pk=level.pk).exists()


def test_the_scales_last_level_is_refused(region):
    levels = list(region.scale.levels.order_by("order"))
    for level in levels[:-1]:
        status_level_delete(level=level, user=region.carl)
    with pytest.raises(ValidationError) as caught:
        status_level_delete(level=levels[-1], user=region.carl)
    assert "skalans enda nivå" in caught.value.messages[0]
    assert region.scale.levels.get() == levels[-1]


def test_the_name_and_a_removal_wait_for_the_managers_and_an_unlocked_plan(region, builder):
    other = builder.unit("HSN", "Hälso- och sjukvårdsnämnden")
    outsider = builder.user("olle", (other, "controller"))
    for user in (region.anna, outsider):
        with pytest.raises(PermissionDenied):
            status_scale_update(scale=region.scale, name="x", user=user)
        with pytest.raises(PermissionDenied):
            status_level_delete(level=_level(region), user=user)
    builder.round(region.plan, code="2025-T3", state=RoundState.LOCKED)
    with pytest.raises(RoundLockedError):
        status_scale_update(scale=region.scale, name="x", user=region.admin)
    with pytest.raises(RoundLockedError):
        status_level_delete(level=_level(region), user=region.admin)
    assert _level(region).label == "Delvis uppfyllt"


def test_the_history_of_an_assessment_names_a_level_removed_since(region, builder):
    from styra.followup.selectors import item_history

    level = _level(region)
    other = region.scale.levels.exclude(pk=level.pk).first()
    assessment = Assessment.objects.create(round=region.round, item=region.sick, status=level)
    assessment.status = other
    assessment.save()
    status_level_delete(level=level, user=region.carl)
    shown = [str(entry.old) for entry in item_history(region.sick) if entry.old]
    assert "Delvis uppfyllt" in shown
