"""The internal-control plan: a configurable risk scale, controls, two follow-ups a year."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from styra.planning import services
from styra.planning.checks import plan_check
from styra.planning.models import ControlFollowUp
from styra.planning.selectors.internal_control import control_plan_table

BANDS = [(1, "Låg", "#2e7d32", "○"), (4, "Måttlig", "#f9a825", "◔"), (9, "Hög", "#c62828", "●")]


@pytest.fixture
def icp(world):
    w = world
    scale = services.risk_scale_save(
        plan=w.plan,
        code="r3",
        name="3 × 3",
        probability=[(1, "Låg"), (2, "Medel"), (3, "Hög")],
        consequence=[(1, "Liten"), (2, "Kännbar"), (3, "Allvarlig")],
        bands=BANDS,
        user=w.controller,
    )
    w.icp = services.internal_control_plan_save(plan=w.plan, scale=scale, user=w.controller)
    process = services.control_process_save(
        control_plan=w.icp, code="inkop", name="Inköp", owner=w.a, user=w.controller
    )
    w.risk = services.control_risk_save(
        process=process,
        code="avtal",
        description="Inköp utanför avtal",
        probability=3,
        consequence=2,
        user=w.controller,
    )
    w.control = services.control_save(
        risk=w.risk,
        code="stickprov",
        description="Stickprov på fakturor",
        owner="Inköpschef",
        owner_unit=w.a,
        method="50 fakturor",
        frequency="tertial",
        user=w.controller,
    )
    return w


def test_risk_value_and_band_come_from_the_configured_scale(icp):
    table = control_plan_table(icp.icp)
    (row,) = table.rows
    assert row.risk.value == 6
    assert (row.band.label, row.band.symbol) == ("Måttlig", "◔")
    assert row.probability_label == "Hög" and row.consequence_label == "Kännbar"


def test_a_value_off_the_scale_is_refused(icp):
    w = icp
    with pytest.raises(ValidationError, match="4"):
        services.control_risk_save(
            process=w.risk.process,
            code="x",
            description="x",
            probability=4,
            consequence=1,
            user=w.controller,
        )


def test_follow_up_twice_a_year_after_adoption_by_the_owner_unit(icp):
    w = icp
    with pytest.raises(ValidationError):  # not adopted yet
        services.control_follow_up_save(
            control=w.control, occasion=1, result="no_deviation", user=w.reporter
        )
    services.internal_control_plan_adopt(control_plan=w.icp, user=w.controller)
    services.control_follow_up_save(
        control=w.control, occasion=1, result="no_deviation", user=w.reporter
    )
    with pytest.raises(ValidationError):  # deviations need measures
        services.control_follow_up_save(
            control=w.control, occasion=2, result="deviation", user=w.reporter
        )
    services.control_follow_up_save(
        control=w.control, occasion=2, result="deviation", measures="Utbildning.", user=w.reporter
    )
    with pytest.raises(ValidationError):  # there is no third follow-up
        services.control_follow_up_save(
            control=w.control, occasion=3, result="no_deviation", user=w.reporter
        )
    assert ControlFollowUp.objects.filter(control=w.control).count() == 2
    table = control_plan_table(w.icp)
    assert [f.get_result_display() for f in table.rows[0].follow_ups[0].follow_ups] == [
        "Inga avvikelser",
        "Avvikelser",
    ]


def test_the_content_of_an_adopted_plan_is_locked_and_others_cannot_follow_up(icp, builder):
    w = icp
    services.internal_control_plan_adopt(control_plan=w.icp, user=w.controller)
    with pytest.raises(ValidationError):
        services.control_risk_save(
            process=w.risk.process,
            code="ny",
            description="ny",
            probability=1,
            consequence=1,
            user=w.controller,
        )
    outsider = builder.user("outsider", (w.b, "reporter"))
    with pytest.raises(PermissionDenied):
        services.control_follow_up_save(
            control=w.control, occasion=1, result="no_deviation", user=outsider
        )


def test_a_risk_without_control_is_a_finding(icp):
    w = icp
    services.control_risk_save(
        process=w.risk.process,
        code="utan",
        description="Utan kontroll",
        probability=1,
        consequence=1,
        user=w.controller,
    )
    assert [f.kind for f in plan_check(w.plan)] == ["risk_control"]


def test_the_control_plan_table_reads_in_a_fixed_number_of_queries(
    icp, django_assert_max_num_queries
):
    w = icp
    for index in range(4):
        risk = services.control_risk_save(
            process=w.risk.process,
            code=f"r{index}",
            description=f"Risk {index}",
            probability=1,
            consequence=2,
            user=w.controller,
        )
        services.control_save(
            risk=risk,
            code="k",
            description="Kontroll",
            owner="Chef",
            method="Stickprov",
            frequency="yearly",
            user=w.controller,
        )
    with django_assert_max_num_queries(7):
        table = control_plan_table(w.icp)
        assert len(table.rows) == 5
