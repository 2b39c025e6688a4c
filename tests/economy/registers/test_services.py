"""The register services: one write each, checking who may write and the state first."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from styra.access.models import Role
from styra.economy.registers import services
from styra.economy.registers.models import (
    Forecast,
    Investment,
    InvestmentOutcome,
    SavingsKind,
    SavingsMeasure,
    Workforce,
)
from styra.followup.models import ReportState, RoundState, UnitReport
from tests.economy.registers.conftest import make_round

MKR = Decimal(1_000_000)


def lock(round_):
    round_.state = RoundState.LOCKED
    round_.save()


def report_state(region, unit, state):
    UnitReport.objects.update_or_create(round=region.t1, unit=unit, defaults={"state": state})


def measure(region, user, unit=None, code="flex", **changes):
    fields = {"name": "Flexibel arbetsplats", "planned_effect": Decimal("3.3") * MKR}
    fields.update(changes)
    return services.savings_measure_save(
        round=region.t1, code=code, unit=unit or region.stab, user=user, **fields
    )


def investment(region, user, unit=None, code="i1", outcome=None, **changes):
    fields = {"name": "Larm", "category": "granted_ongoing"}
    fields.update(changes)
    return services.investment_save(
        round=region.t1, code=code, unit=unit or region.hr, outcome=outcome, user=user, **fields
    )


# --- data and history ------------------------------------------------------------------


def test_forecast_set_creates_then_changes_and_keeps_history_with_the_user(region):
    services.forecast_set(
        round=region.t1, unit=region.eko, amount=Decimal("-55.6") * MKR, user=region.controller
    )
    forecast = services.forecast_set(
        round=region.t1,
        unit=region.eko,
        amount=Decimal("-55.5") * MKR,
        comment="Vakans",
        user=region.controller,
    )

    assert Forecast.objects.get(round=region.t1, unit=region.eko).amount == Decimal("-55500000")
    assert forecast.comment == "Vakans"
    history = list(forecast.history.order_by("history_date"))
    assert [h.amount for h in history] == [Decimal("-55600000.00"), Decimal("-55500000.00")]
    assert {h.history_user for h in history} == {region.controller}


def test_a_write_moves_the_owners_report_from_not_started_to_draft(region):
    services.forecast_set(
        round=region.t1, unit=region.eko, amount=Decimal(-1), user=region.controller
    )
    assert UnitReport.objects.get(round=region.t1, unit=region.eko).state == ReportState.DRAFT


def test_investment_and_its_outcome_are_saved_together_with_history(region):
    saved = investment(
        region,
        region.controller,
        outcome=services.OutcomeInput(outcome_year=Decimal(7_908_000)),
        budget_year=Decimal(98_870_000),
    )
    assert saved.year == 2026
    outcome = InvestmentOutcome.objects.get(round=region.t1, investment=saved)
    assert outcome.outcome_year == Decimal(7_908_000)
    assert saved.history.get().history_user == region.controller
    assert outcome.history.get().history_user == region.controller


def test_savings_status_must_come_from_the_savings_scale(region, builder):
    other = builder.scale("mal")
    with pytest.raises(ValidationError, match="stoppljusskala"):
        measure(region, region.controller, status=other.levels.first())
    scale = services.savings_scale_ensure()
    green = scale.levels.get(code="gron")
    saved = measure(region, region.controller, status=green, kind=SavingsKind.MEASURE)
    assert saved.status.label == "Grön"
    assert [lvl.label for lvl in scale.levels.all()] == ["Grön", "Gul", "Röd"]
    assert "under året" in green.definition


def test_investment_outcome_must_be_of_the_investments_year(region):
    year_2025 = make_round(region.plan, "2025-T3", date(2025, 12, 31))
    old = services.investment_save(
        round=year_2025,
        code="i1",
        unit=region.hr,
        name="Larm",
        category="carried_ongoing",
        user=region.controller,
    )
    assert old.year == 2025
    with pytest.raises(ValidationError, match="2025"):
        services.investment_outcome_set(
            round=region.t1, investment=old, outcome_year=Decimal(1), user=region.controller
        )


def test_unknown_investment_category_is_refused(region):
    with pytest.raises(ValidationError, match="kategori"):
        investment(region, region.controller, category="misc")


def test_an_owner_outside_the_plans_unit_is_refused(region, builder):
    other = builder.unit("HSN", "Hälso- och sjukvårdsnämnden")
    admin = builder.user("root", superuser=True)
    with pytest.raises(ValidationError, match="hör inte till RS"):
        services.forecast_set(round=region.t1, unit=other, amount=Decimal(-1), user=admin)
    with pytest.raises(ValidationError, match="hör inte till RS"):
        measure(region, admin, unit=other)
    assert not Forecast.objects.exists() and not SavingsMeasure.objects.exists()


# --- who may write ---------------------------------------------------------------------


def test_a_reporter_writes_the_forecast_of_their_unit_only(region, builder):
    rasmus = builder.user("rasmus", (region.hr, Role.REPORTER))
    services.forecast_set(round=region.t1, unit=region.hr, amount=Decimal(-1), user=rasmus)
    with pytest.raises(PermissionDenied):
        services.forecast_set(round=region.t1, unit=region.eko, amount=Decimal(-1), user=rasmus)
    with pytest.raises(PermissionDenied):
        services.workforce_set(round=region.t1, unit=region.eko, fte=Decimal(5), user=rasmus)
    reader = builder.user("lisa", (region.rs, Role.READER))
    with pytest.raises(PermissionDenied):
        services.forecast_set(round=region.t1, unit=region.hr, amount=Decimal(-2), user=reader)
    assert Forecast.objects.get().amount == Decimal(-1)


def test_a_reporter_changes_their_units_measure_but_cannot_add_one(region, builder):
    rasmus = builder.user("rasmus", (region.dig, Role.REPORTER))
    measure(region, region.controller, unit=region.dig, code="dig")
    measure(region, rasmus, unit=region.dig, code="dig", outcome=Decimal(-1) * MKR)
    assert SavingsMeasure.objects.get(code="dig").outcome == Decimal(-1) * MKR

    with pytest.raises(PermissionDenied, match="lägga till"):
        measure(region, rasmus, unit=region.dig, code="ny")
    assert not SavingsMeasure.objects.filter(code="ny").exists()


def test_moving_a_row_needs_the_right_on_the_current_and_the_new_owner(region, builder):
    rasmus = builder.user("rasmus", (region.dig, Role.REPORTER))
    measure(region, region.controller, unit=region.rs, code="board")
    measure(region, region.controller, unit=region.dig, code="dig")
    investment(region, region.controller, unit=region.rs, code="board-inv")

    with pytest.raises(PermissionDenied, match="RS"):  # the board's row to my unit
        measure(region, rasmus, unit=region.dig, code="board", planned_effect=999 * MKR)
    with pytest.raises(PermissionDenied, match="RS"):
        investment(region, rasmus, unit=region.dig, code="board-inv", budget_year=999 * MKR)
    with pytest.raises(PermissionDenied, match="RS-HR"):  # my row to another unit
        measure(region, rasmus, unit=region.hr, code="dig")

    assert SavingsMeasure.objects.get(code="board").unit == region.rs
    assert SavingsMeasure.objects.get(code="board").planned_effect == Decimal("3.3") * MKR
    assert Investment.objects.get(code="board-inv").unit == region.rs
    assert SavingsMeasure.objects.get(code="dig").unit == region.dig


def test_deleting_a_measure_is_the_plan_units_right(region, builder):
    rasmus = builder.user("rasmus", (region.dig, Role.REPORTER))
    row = measure(region, region.controller, unit=region.dig)
    with pytest.raises(PermissionDenied):
        services.savings_measure_delete(measure=row, user=rasmus)
    services.savings_measure_delete(measure=row, user=region.controller)
    assert not SavingsMeasure.objects.exists()
    assert SavingsMeasure.history.filter(history_type="-").get().history_user == region.controller


# --- locked means locked ---------------------------------------------------------------


def test_locked_round_refuses_every_register_write(region, builder):
    admin = builder.user("root", superuser=True)
    services.forecast_set(round=region.t1, unit=region.eko, amount=Decimal(-1), user=admin)
    row = measure(region, admin)
    inv = investment(region, admin)
    lock(region.t1)

    writes = [
        lambda: services.forecast_set(
            round=region.t1, unit=region.eko, amount=Decimal(-2), user=admin
        ),
        lambda: measure(region, admin, planned_effect=Decimal(1)),
        lambda: measure(region, admin, code="new"),
        lambda: services.savings_measure_delete(measure=row, user=admin),
        lambda: services.workforce_set(round=region.t1, unit=region.rs, fte=Decimal(1), user=admin),
        lambda: investment(region, admin, budget_year=Decimal(999)),
        lambda: investment(region, admin, code="new"),
        lambda: services.investment_outcome_set(
            round=region.t1, investment=inv, outcome_year=Decimal(1), user=admin
        ),
    ]
    for write in writes:
        with pytest.raises(ValidationError, match="fastställt"):
            write()
    assert Forecast.objects.get().amount == Decimal(-1)
    assert SavingsMeasure.objects.get().planned_effect == Decimal("3.3") * MKR
    assert Investment.objects.get().budget_year == 0
    assert not Workforce.objects.exists() and not InvestmentOutcome.objects.exists()


def test_an_investment_saved_in_a_locked_round_is_not_committed(region):
    lock(region.t1)
    with pytest.raises(ValidationError, match="fastställt"):
        investment(region, region.controller, outcome=services.OutcomeInput(Decimal(5)))
    assert not Investment.objects.exists() and not InvestmentOutcome.objects.exists()


@pytest.mark.parametrize("state", [ReportState.SUBMITTED, ReportState.APPROVED])
def test_a_submitted_or_approved_report_freezes_its_units_rows(region, builder, state):
    admin = builder.user("root", superuser=True)
    services.forecast_set(round=region.t1, unit=region.hr, amount=Decimal(-1), user=admin)
    row = measure(region, admin, unit=region.hr)
    inv = investment(region, admin, unit=region.hr)
    measure(region, admin, unit=region.eko, code="eko")
    report_state(region, region.hr, state)

    writes = [
        lambda: services.forecast_set(
            round=region.t1, unit=region.hr, amount=Decimal(-2), user=admin
        ),
        lambda: measure(region, admin, unit=region.hr, planned_effect=Decimal(1)),
        lambda: measure(region, admin, unit=region.hr, code="new"),
        lambda: measure(region, admin, unit=region.hr, code="eko"),  # moving a row in
        lambda: services.savings_measure_delete(measure=row, user=admin),
        lambda: services.workforce_set(round=region.t1, unit=region.hr, fte=Decimal(1), user=admin),
        lambda: investment(region, admin, unit=region.hr, budget_year=Decimal(999)),
        lambda: services.investment_outcome_set(
            round=region.t1, investment=inv, outcome_year=Decimal(1), user=admin
        ),
    ]
    for write in writes:
        with pytest.raises(ValidationError, match="Rapporten för RS-HR i 2026-T1 har status"):
            write()
    assert Forecast.objects.get().amount == Decimal(-1)
    assert SavingsMeasure.objects.get(code="eko").unit == region.eko
    assert not Workforce.objects.exists() and not InvestmentOutcome.objects.exists()

    # Other units go on; once the report is returned, its rows change again.
    services.forecast_set(round=region.t1, unit=region.eko, amount=Decimal(-3), user=admin)
    report_state(region, region.hr, ReportState.RETURNED)
    services.forecast_set(round=region.t1, unit=region.hr, amount=Decimal(-2), user=admin)


def test_a_closed_round_takes_register_writes_only_for_returned_reports(region):
    region.t1.state = RoundState.CLOSED
    region.t1.save()
    with pytest.raises(ValidationError, match="stängd"):
        services.forecast_set(
            round=region.t1, unit=region.hr, amount=Decimal(-1), user=region.controller
        )
    report_state(region, region.hr, ReportState.RETURNED)
    services.forecast_set(
        round=region.t1, unit=region.hr, amount=Decimal(-1), user=region.controller
    )
    assert Forecast.objects.get().amount == Decimal(-1)
