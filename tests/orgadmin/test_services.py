"""Changes to the organisation are checked against the acting user and kept in history."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from styra.access.models import Role
from styra.org.models import CostCentre, Unit, UnitType, UnitVersion
from styra.org.selectors import unit_name_on
from styra.orgadmin import services
from styra.orgadmin.services import (
    CostCentreSpec,
    MappingSpec,
    UnitSpec,
    UnitTypeSpec,
    UnitVersionSpec,
)
from tests.builders import system_admin

START = date(2020, 1, 1)
NEW_YEAR = date(2026, 1, 1)


@pytest.fixture
def tree(builder):
    """REG → RS → {DIG, HR}; RUN beside RS. Administrators of RS and of REG."""
    reg = builder.unit("REG", "Region Test", type_code="region")
    rs = builder.unit("RS", "Regionstyrelsen", parent=reg)
    dig = builder.unit("DIG", "Digitalisering", parent=rs)
    hr = builder.unit("HR", "HR", parent=rs)
    run = builder.unit("RUN", "Regionala utvecklingsnämnden", parent=reg)
    return {
        "reg": reg,
        "rs": rs,
        "dig": dig,
        "hr": hr,
        "run": run,
        "rs_admin": builder.user("ada", (rs, Role.ADMIN)),
        "reg_admin": builder.user("regina", (reg, Role.ADMIN)),
        "controller": builder.user("cecilia", (reg, Role.CONTROLLER)),
    }


def test_an_administrator_changes_the_units_below_and_history_records_who(tree):
    version = services.unit_rename(
        unit=tree["dig"], name="Digitalisering och IT", effective=NEW_YEAR, user=tree["rs_admin"]
    )
    assert unit_name_on(tree["dig"], NEW_YEAR) == "Digitalisering och IT"
    assert unit_name_on(tree["dig"], date(2025, 12, 31)) == "Digitalisering"
    assert version.history.get().history_user == tree["rs_admin"]
    closed = UnitVersion.objects.get(unit=tree["dig"], valid_to=date(2025, 12, 31))
    assert closed.history.latest("history_date").history_user == tree["rs_admin"]


def test_a_unit_is_not_administered_by_its_own_administrator_nor_by_a_controller(tree):
    """A unit's own definition is administered from above (its parent's administrators)."""
    with pytest.raises(PermissionDenied):
        services.unit_rename(unit=tree["rs"], name="RS", effective=NEW_YEAR, user=tree["rs_admin"])
    with pytest.raises(PermissionDenied):
        services.unit_move(
            unit=tree["hr"], new_parent=tree["run"], effective=NEW_YEAR, user=tree["rs_admin"]
        )
    with pytest.raises(PermissionDenied):
        services.unit_dissolve(unit=tree["hr"], effective=NEW_YEAR, user=tree["controller"])
    assert UnitVersion.objects.filter(unit=tree["hr"]).count() == 1
    services.unit_move(
        unit=tree["hr"], new_parent=tree["run"], effective=NEW_YEAR, user=tree["reg_admin"]
    )


def test_top_units_and_unit_types_need_an_administrator_of_the_whole_organisation(tree):
    region = UnitType.objects.get(code="region")
    with pytest.raises(PermissionDenied):
        services.unit_create(
            code="KOMMUN",
            name="Kommunen",
            unit_type=region,
            parent=None,
            valid_from=START,
            user=tree["rs_admin"],
        )
    with pytest.raises(PermissionDenied):
        services.organisation_save(
            unit_types=[UnitTypeSpec(code="sektion", name="Sektion")], user=tree["rs_admin"]
        )
    services.organisation_save(
        unit_types=[UnitTypeSpec(code="sektion", name="Sektion")], user=tree["reg_admin"]
    )
    assert UnitType.objects.filter(code="sektion").exists()


def test_cost_centres_are_administered_by_their_units_administrators(tree):
    centre = services.cost_centre_create(
        code="4711", name="IT-drift", unit=tree["dig"], valid_from=START, user=tree["rs_admin"]
    )
    with pytest.raises(PermissionDenied):
        services.cost_centre_assign(
            cost_centre=centre, unit=tree["run"], effective=NEW_YEAR, user=tree["rs_admin"]
        )
    assert centre.mappings.get().unit == tree["dig"]
    assert centre.history.get().history_user == tree["rs_admin"]


def test_dissolving_closes_the_cost_centre_mappings_with_history(tree):
    centre = services.cost_centre_create(
        code="4711", name="IT-drift", unit=tree["hr"], valid_from=START, user=system_admin()
    )
    services.unit_dissolve(unit=tree["hr"], effective=NEW_YEAR, user=tree["rs_admin"])
    mapping = centre.mappings.get()
    assert mapping.valid_to == date(2025, 12, 31)
    assert mapping.history.latest("history_date").history_user == tree["rs_admin"]


def _as_in_the_tree() -> list[UnitSpec]:
    return [
        UnitSpec(
            code="DIG",
            versions=[
                UnitVersionSpec(
                    name="Digitalisering", unit_type="enhet", valid_from=START, parent="RS"
                )
            ],
        ),
        UnitSpec(
            code="RUN",
            versions=[
                UnitVersionSpec(
                    name="Regionala utvecklingsnämnden",
                    unit_type="enhet",
                    valid_from=START,
                    parent="REG",
                )
            ],
        ),
    ]


def test_organisation_save_writes_only_what_differs(tree):
    """An administrator of RS may re-import a file that also names units outside RS,
    as long as only their own units change."""
    specs = _as_in_the_tree()
    changes = services.organisation_save(units=specs, user=tree["rs_admin"])
    assert changes.units == 0
    renamed = [
        UnitSpec(
            code="DIG",
            versions=[
                UnitVersionSpec(
                    name="Digitalisering",
                    unit_type="enhet",
                    valid_from=START,
                    valid_to=date(2025, 12, 31),
                    parent="RS",
                ),
                UnitVersionSpec(
                    name="Digital service", unit_type="enhet", valid_from=NEW_YEAR, parent="RS"
                ),
            ],
        ),
        specs[1],
    ]
    changes = services.organisation_save(units=renamed, user=tree["rs_admin"])
    assert changes.units == 1
    assert unit_name_on(tree["dig"], NEW_YEAR) == "Digital service"
    assert tree["dig"].history.latest("history_date").history_user == tree["rs_admin"]


def test_organisation_save_refuses_a_unit_the_user_does_not_administer(tree):
    moved = [
        UnitSpec(
            code="RUN",
            versions=[
                UnitVersionSpec(name="RUN", unit_type="enhet", valid_from=START, parent="RS")
            ],
        )
    ]
    with pytest.raises(PermissionDenied):
        services.organisation_save(units=moved, user=tree["rs_admin"])
    assert UnitVersion.objects.get(unit=tree["run"]).parent == tree["reg"]


def test_organisation_save_refuses_moving_a_unit_out_of_reach(tree):
    """Where a unit ends up counts too: an RS administrator cannot hand DIG to RUN."""
    moved = [
        UnitSpec(
            code="DIG",
            versions=[
                UnitVersionSpec(
                    name="Digitalisering", unit_type="enhet", valid_from=START, parent="RUN"
                )
            ],
        )
    ]
    with pytest.raises(PermissionDenied):
        services.organisation_save(units=moved, user=tree["rs_admin"])
    assert UnitVersion.objects.get(unit=tree["dig"]).parent == tree["rs"]


def test_organisation_save_cost_centres(tree):
    centre = [
        CostCentreSpec(
            code="4711", name="IT-drift", mappings=[MappingSpec(unit="DIG", valid_from=START)]
        )
    ]
    services.organisation_save(cost_centres=centre, user=tree["rs_admin"])
    assert CostCentre.objects.get(code="4711").mappings.get().unit == tree["dig"]
    elsewhere = [
        CostCentreSpec(
            code="4711", name="IT-drift", mappings=[MappingSpec(unit="RUN", valid_from=START)]
        )
    ]
    with pytest.raises(PermissionDenied):
        services.organisation_save(cost_centres=elsewhere, user=tree["rs_admin"])
    assert CostCentre.objects.get(code="4711").mappings.get().unit == tree["dig"]
    assert Unit.objects.count() == 5
