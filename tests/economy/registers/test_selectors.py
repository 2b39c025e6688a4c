from decimal import Decimal

from styra.economy.registers import selectors, services
from styra.economy.registers.models import SavingsKind

MKR = Decimal(1_000_000)
TKR = Decimal(1000)


def mkr(text: str) -> Decimal:
    return Decimal(text) * MKR


def test_forecast_table_rows_are_the_children_with_a_computed_total(region):
    services.forecast_set(
        round=region.t1, unit=region.eko, amount=mkr("-55.5"), user=region.controller
    )
    services.forecast_set(
        round=region.t1, unit=region.hr, amount=mkr("-59.0"), user=region.controller
    )
    # Digitalisering has no forecast of its own: its sub-units' forecasts add up.
    services.forecast_set(
        round=region.t1, unit=region.dig_it, amount=mkr("-400.2"), user=region.controller
    )
    services.forecast_set(
        round=region.t1, unit=region.dig_srv, amount=mkr("-250.5"), user=region.controller
    )

    table = selectors.forecast_table(round=region.t1, unit=region.stab)

    assert [(r.code, r.forecast, r.own) for r in table.rows] == [
        ("RS-DIG", mkr("-650.7"), False),
        ("RS-EKO", mkr("-55.5"), True),
        ("RS-HR", mkr("-59.0"), True),
    ]
    assert table.total.forecast == mkr("-765.2")
    assert table.total.name == "Regionstaben"


def test_previous_forecast_and_change_come_from_the_previous_round(region):
    services.forecast_set(
        round=region.feb, unit=region.hr, amount=mkr("-60.1"), user=region.controller
    )
    services.forecast_set(
        round=region.t1, unit=region.hr, amount=mkr("-59.0"), user=region.controller
    )
    services.forecast_set(
        round=region.t1, unit=region.eko, amount=mkr("-55.5"), user=region.controller
    )

    table = selectors.forecast_table(round=region.t1, unit=region.stab)
    rows = {r.code: r for r in table.rows}

    assert table.previous_round == region.feb
    assert rows["RS-HR"].previous == mkr("-60.1")
    assert rows["RS-HR"].change == mkr("1.1")
    assert rows["RS-EKO"].previous is None and rows["RS-EKO"].change is None


def test_forecast_overview_of_a_leaf_unit(region):
    services.forecast_set(
        round=region.t1, unit=region.hr, amount=mkr("-59.0"), user=region.controller
    )
    overview = selectors.forecast_overview(round=region.t1, unit=region.hr)
    assert overview.row.forecast == mkr("-59.0")
    assert [r.code for r in overview.table.rows] == ["RS-HR"]


def test_forecast_table_query_count_does_not_grow_with_rows(region, django_assert_max_num_queries):
    for unit in (region.eko, region.hr, region.dig_it, region.dig_srv):
        services.forecast_set(round=region.t1, unit=unit, amount=mkr("-1"), user=region.controller)
    # tree, previous round, forecasts, units — plus one budget read per row.
    with django_assert_max_num_queries(4 + 3 * 3):
        selectors.forecast_table(round=region.t1, unit=region.stab)


def _measure(region, code, kind, effect, outcome, previous, order):
    return services.savings_measure_save(
        round=region.t1,
        code=code,
        unit=region.stab,
        name=code,
        kind=kind,
        planned_effect=mkr(effect),
        outcome=mkr(outcome),
        outcome_previous=mkr(previous),
        order=order,
        user=region.controller,
    )


def test_savings_totals_are_computed_from_the_rows(region):
    _measure(region, "flex", SavingsKind.MEASURE, "3.3", "-1.0", "-2.0", 0)
    _measure(region, "fbtas", SavingsKind.MEASURE, "4.0", "-31.6", "-35.5", 1)
    _measure(region, "ovrigt", SavingsKind.MEASURE, "8.2", "-5.8", "-9.5", 2)
    _measure(region, "personal", SavingsKind.PERSONNEL, "12.7", "-163.6", "-156.3", 3)
    services.workforce_set(
        round=region.t1,
        unit=region.stab,
        fte=Decimal("567.0"),
        fte_previous=Decimal("565.5"),
        user=region.controller,
    )

    table = selectors.savings_table(round=region.t1, unit=region.rs)

    sub = table.subtotal
    assert (sub.planned_effect, sub.outcome, sub.outcome_previous, sub.change) == (
        mkr("15.5"),
        mkr("-38.4"),
        mkr("-47.0"),
        mkr("8.6"),
    )
    total = table.total
    # The published report printed −171,5 / −173,3; the rows add up to −202,0 / −203,3.
    assert (total.planned_effect, total.outcome, total.outcome_previous, total.change) == (
        mkr("28.2"),
        mkr("-202.0"),
        mkr("-203.3"),
        mkr("1.3"),
    )
    assert [m.change for m in table.measures] == [mkr("1.0"), mkr("3.9"), mkr("3.7")]
    assert table.personnel[0].change == mkr("-7.3")
    # OÅA: 567,0 − 565,5 is an increase of 1,5 (printed −1,5 in the report).
    assert table.workforce.change == Decimal("1.5")


def test_savings_of_another_branch_are_not_counted(region):
    _measure(region, "flex", SavingsKind.MEASURE, "3.3", "-1.0", "-2.0", 0)
    table = selectors.savings_table(round=region.t1, unit=region.hr)
    assert table.measures == [] and table.subtotal.outcome is None


def test_investment_sums_per_category_and_grand_total(region):
    def inv(code, category, budget, outcome, unit=region.stab):
        investment = services.investment_save(
            round=region.t1,
            code=code,
            unit=unit,
            name=code,
            category=category,
            budget_year=Decimal(budget) * TKR,
            user=region.controller,
        )
        services.investment_outcome_set(
            round=region.t1,
            investment=investment,
            outcome_year=Decimal(outcome) * TKR,
            user=region.controller,
        )

    inv("a", "granted_ongoing", "38909", "0")
    inv("b", "granted_ongoing", "98870", "7908", unit=region.dig)
    inv("c", "unforeseen", "8689.0", "784.0")
    services.investment_save(
        round=region.t1,
        code="no-outcome",
        unit=region.hr,
        name="Utan utfall",
        category="outside_frame",
        budget_year=Decimal(0),
        user=region.controller,
    )

    summary = selectors.investment_summary(round=region.t1)
    groups = {g.category: g for g in summary.groups}

    assert len(summary.groups) == 6
    assert groups["granted_ongoing"].outcome_year == 7908 * TKR
    assert groups["granted_ongoing"].budget_year == 137779 * TKR
    assert groups["unforeseen"].outcome_year == 784 * TKR
    assert groups["outside_frame"].rows[0].outcome_year == 0
    assert summary.outcome_year == 8692 * TKR
    assert summary.budget_year == 146468 * TKR
    only_dig = selectors.investment_summary(round=region.t1, unit=region.dig)
    assert only_dig.outcome_year == 7908 * TKR


def test_forecast_total_leaves_out_rows_without_forecast(region):
    services.forecast_set(
        round=region.t1, unit=region.eko, amount=mkr("-55.5"), user=region.controller
    )
    table = selectors.forecast_table(round=region.t1, unit=region.stab)
    assert [r.code for r in table.forecast_rows] == ["RS-EKO"]
    assert {r.code for r in table.rows_without_forecast} == {"RS-DIG", "RS-HR"}
    assert table.total.forecast == mkr("-55.5")
    # With the ledger's budgets (the demo region) the total's budget and deviation are
    # those of the same rows: tests/reports/test_demo_report.py.


def test_investment_summary_query_count_does_not_grow_with_objects(region):
    def summary_queries(count: int) -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        for n in range(count):
            services.investment_save(
                round=region.t1,
                code=f"obj-{count}-{n}",
                unit=region.dig,
                name="Objekt",
                category=["granted_ongoing", "unforeseen"][n % 2],
                user=region.controller,
            )
        with CaptureQueriesContext(connection) as queries:
            summary = selectors.investment_summary(round=region.t1, unit=region.rs)
            assert all(row.investment.unit.code for g in summary.groups for row in g.rows)
            assert all(g.label for g in summary.overview())
        return len(queries)

    assert summary_queries(2) == summary_queries(10)
