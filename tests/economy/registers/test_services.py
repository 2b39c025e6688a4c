from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from styra.economy.registers import services
from styra.economy.registers.models import Forecast, InvestmentCategory, SavingsKind, SavingsMeasure
from styra.followup.models import RoundState

MKR = Decimal(1_000_000)


def test_forecast_set_creates_then_changes_and_keeps_history(region):
    services.forecast_set(round=region.t1, unit=region.eko, amount=Decimal("-55.6") * MKR)
    forecast = services.forecast_set(
        round=region.t1, unit=region.eko, amount=Decimal("-55.5") * MKR, comment="Vakans"
    )

    assert Forecast.objects.get(round=region.t1, unit=region.eko).amount == Decimal("-55500000")
    assert forecast.comment == "Vakans"
    assert [h.amount for h in forecast.history.order_by("history_date")] == [
        Decimal("-55600000.00"),
        Decimal("-55500000.00"),
    ]


def test_locked_round_refuses_forecast_changes(region):
    services.forecast_set(round=region.t1, unit=region.eko, amount=Decimal(-1))
    region.t1.state = RoundState.LOCKED
    region.t1.save()

    with pytest.raises(ValidationError, match="fastställt"):
        services.forecast_set(round=region.t1, unit=region.eko, amount=Decimal(-2))
    assert Forecast.objects.get(round=region.t1, unit=region.eko).amount == Decimal(-1)


def test_locked_round_refuses_savings_and_investment_outcomes(region):
    region.t1.state = RoundState.LOCKED
    region.t1.save()
    with pytest.raises(ValidationError):
        services.savings_measure_save(round=region.t1, code="x", unit=region.hr, name="X")
    investment = services.investment_save(
        year=2026,
        code="i1",
        unit=region.hr,
        name="Larm",
        category=InvestmentCategory.GRANTED_ONGOING,
    )
    with pytest.raises(ValidationError):
        services.investment_outcome_set(
            round=region.t1, investment=investment, outcome_year=Decimal(1)
        )
    assert not SavingsMeasure.objects.exists()


def test_savings_status_must_come_from_the_savings_scale(region, builder):
    other = builder.scale("mal")
    with pytest.raises(ValidationError, match="stoppljusskala"):
        services.savings_measure_save(
            round=region.t1, code="x", unit=region.hr, name="X", status=other.levels.first()
        )
    scale = services.savings_scale_ensure()
    green = scale.levels.get(code="gron")
    measure = services.savings_measure_save(
        round=region.t1,
        code="x",
        unit=region.hr,
        name="X",
        status=green,
        kind=SavingsKind.MEASURE,
    )
    assert measure.status.label == "Grön"
    assert [lvl.label for lvl in scale.levels.all()] == ["Grön", "Gul", "Röd"]
    assert "under året" in green.definition


def test_investment_outcome_must_be_of_the_investments_year(region):
    investment = services.investment_save(
        year=2025,
        code="i1",
        unit=region.hr,
        name="Larm",
        category=InvestmentCategory.CARRIED_ONGOING,
    )
    with pytest.raises(ValidationError, match="2025"):
        services.investment_outcome_set(
            round=region.t1, investment=investment, outcome_year=Decimal(1)
        )


def test_unknown_investment_category_is_refused(region):
    with pytest.raises(ValidationError, match="kategori"):
        services.investment_save(year=2026, code="i1", unit=region.hr, name="Larm", category="misc")
