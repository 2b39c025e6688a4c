"""The economic analysis table: columns, roll-up, comparable structure, periodisation."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from styra.economy.ledger import selectors
from styra.economy.ledger.models import BudgetProfile, ProfileKind
from styra.org.models import CostCentre
from styra.orgadmin import services as org_services
from tests.builders import system_admin

D = Decimal
APRIL = date(2026, 4, 30)


@pytest.fixture
def org(builder):
    rs = builder.unit("RS", "Regionstyrelsen")
    a = builder.unit("RS-A", "Avdelning A", parent=rs)
    b = builder.unit("RS-B", "Avdelning B", parent=rs)
    for code, unit in (("100", a), ("101", a), ("200", b)):
        org_services.cost_centre_create(
            code=code,
            name=f"Kst {code}",
            unit=unit,
            valid_from=date(2020, 1, 1),
            user=system_admin(),
        )
    return rs, a, b


@pytest.mark.parametrize(
    "current, previous, expected",
    [
        # The worked rows of §7.3 (tkr, as printed): income grew, cost grew, cost became credit.
        ("1278", "312.1", "309.5"),
        ("-217860", "-207085", "5.2"),
        ("1406", "-2133", "-165.9"),
        ("-595186", "-566408", "5.1"),
    ],
)
def test_change_percent_divides_by_the_signed_previous_value(current, previous, expected):
    value = selectors.change_percent(D(current), D(previous))
    assert value.quantize(D("0.1")) == D(expected)


def test_change_percent_of_nothing():
    assert selectors.change_percent(D(0), D(0)) == 0
    assert selectors.change_percent(D(5), D(0)) is None


def test_table_columns_from_outcome_budget_and_previous_year(org, t1_rows, ledger):
    rs, a, b = org
    ledger(
        2026,
        [
            ("100", "3010", "2026-01", "outcome", "1000000.40"),
            ("100", "3010", "2026-04", "outcome", "278000"),
            ("100", "3010", "2026-05", "outcome", "999999"),  # after the period
            ("100", "5010", "2026-02", "outcome", "-217860000"),
            ("100", "3010", "2026-01", "budget", "300000"),
            ("100", "5010", "2026-03", "budget", "-326841000"),
        ],
    )
    ledger(
        2025,
        [
            ("100", "3010", "2025-02", "outcome", "312100"),
            ("100", "5010", "2025-04", "outcome", "-207085000"),
        ],
    )
    table = selectors.economic_table(unit=rs, period_end=APRIL)
    assert [r.label for r in table.rows][:5] == [
        "Patientavgifter",
        "Försäljning",
        "Erhållna bidrag",
        "Övriga intäkter",
        "Intäkter",
    ]
    assert len(table.rows) == 19
    fees = table.row("patientavgifter")
    assert (fees.outcome, fees.budget, fees.outcome_prev) == (D("1278000.40"), 300000, 312100)
    assert fees.budget_diff == D("978000.40")
    assert fees.prev_diff == D("965900.40")
    assert fees.prev_diff_percent.quantize(D("0.1")) == D("309.5")
    staff = table.row("personalkostnader")
    assert staff.budget_diff == D("108981000")
    assert staff.prev_diff_percent.quantize(D("0.1")) == D("5.2")
    net = table.row("verksamhetens-nettokostnader")
    assert net.outcome == D("1278000.40") - D("217860000")
    assert table.row("bruttokostnader").outcome == D("-217860000")
    assert table.row("intakter").outcome == D("1278000.40")
    ratios = {r.code: r.value for r in table.ratios}
    assert ratios["nettokostnadsutveckling"] == (net.outcome / net.outcome_prev - 1) * 100
    assert ratios["bruttokostnadsutveckling"].quantize(D("0.1")) == D("5.2")


def test_sums_are_computed_from_unrounded_rows(org, t1_rows, ledger):
    rs, _, _ = org
    # Four income rows of 0,4 tkr each: every row prints 0 tkr, the sum prints 2 tkr.
    ledger(
        2026,
        [
            ("100", account, "2026-01", "outcome", "400")
            for account in ("3010", "3110", "3510", "3810")
        ],
    )
    table = selectors.economic_table(unit=rs, period_end=APRIL)
    assert table.row("intakter").outcome == D("1600")


def test_roll_up_follows_the_tree(org, t1_rows, ledger):
    rs, a, b = org
    ledger(
        2026,
        [
            ("100", "5010", "2026-01", "outcome", "-10"),
            ("101", "5010", "2026-01", "outcome", "-20"),
            ("200", "5010", "2026-01", "outcome", "-40"),
        ],
    )
    staff = {
        unit.code: selectors.economic_table(unit=unit, period_end=APRIL).row("personalkostnader")
        for unit in (rs, a, b)
    }
    assert staff["RS"].outcome == -70
    assert staff["RS-A"].outcome == -30
    assert staff["RS-B"].outcome == -40


def test_previous_year_is_compared_in_todays_structure(org, t1_rows, ledger):
    rs, a, b = org
    ledger(2025, [("101", "5010", "2025-03", "outcome", "-500")])
    ledger(2026, [("101", "5010", "2026-03", "outcome", "-600")])
    # Cost centre 101 moves from A to B at new year: last year's cost follows it to B.
    org_services.cost_centre_assign(
        cost_centre=CostCentre.objects.get(code="101"),
        unit=b,
        effective=date(2026, 1, 1),
        user=system_admin(),
    )
    row_b = selectors.economic_table(unit=b, period_end=APRIL).row("personalkostnader")
    row_a = selectors.economic_table(unit=a, period_end=APRIL).row("personalkostnader")
    assert (row_b.outcome, row_b.outcome_prev) == (-600, -500)
    assert (row_a.outcome, row_a.outcome_prev) == (0, 0)


def test_yearly_budget_is_periodised_in_twelfths_by_default(org, t1_rows, ledger):
    rs, _, _ = org
    ledger(2026, [("100", "5010", "2026-01", "budget", "-1200000")], source="budget", yearly=True)
    table = selectors.economic_table(unit=rs, period_end=APRIL)
    assert table.row("personalkostnader").budget == D("-400000")
    assert table.budget_profile == ProfileKind.TWELFTHS


def test_monthly_budget_is_used_as_it_is(org, t1_rows, ledger):
    rs, _, _ = org
    ledger(
        2026,
        [
            ("100", "5010", f"2026-{m:02d}", "budget", "-100" if m < 12 else "-900")
            for m in range(1, 13)
        ],
    )
    assert (
        selectors.economic_table(unit=rs, period_end=APRIL).row("personalkostnader").budget == -400
    )


def test_previous_outcome_profile_spreads_by_last_years_shape(org, t1_rows, ledger):
    rs, _, _ = org
    # Last year: half the personnel cost fell in January–April.
    ledger(
        2025,
        [
            ("100", "5010", "2025-02", "outcome", "-300"),
            ("100", "5010", "2025-10", "outcome", "-300"),
            ("100", "3010", "2025-11", "outcome", "100"),
        ],
    )
    ledger(
        2026,
        [
            ("100", "5010", "2026-01", "budget", "-1200"),
            ("100", "3010", "2026-01", "budget", "120"),
        ],
        source="budget",
        yearly=True,
    )
    BudgetProfile.objects.create(unit=rs, kind=ProfileKind.PREVIOUS_OUTCOME)
    table = selectors.economic_table(unit=rs, period_end=APRIL)
    assert table.row("personalkostnader").budget == D("-600")
    # Fees had no outcome in January–April last year: a share of 0 is the shape.
    assert table.row("patientavgifter").budget == 0
    # A row without reference outcome falls back to twelfths.
    ledger(2026, [("100", "6210", "2026-01", "budget", "-1200")], source="konsult", yearly=True)
    table = selectors.economic_table(unit=rs, period_end=APRIL)
    assert table.row("konsultkostnader").budget == D("-400")


def test_unmapped_accounts_are_listed_not_hidden(org, t1_rows, ledger):
    rs, _, _ = org
    report = ledger(
        2026,
        [("100", "8900", "2026-01", "outcome", "-5"), ("100", "1930", "2026-01", "outcome", "5")],
    )
    assert report.unmapped_accounts == {"8900": D("-5")}
    assert report.excluded_count == 1
    table = selectors.economic_table(unit=rs, period_end=APRIL)
    assert [(u.account, u.outcome) for u in table.unmapped] == [("8900", D("-5"))]
    assert table.row("verksamhetens-nettokostnader").outcome == 0


def test_cost_centre_table(org, t1_rows, ledger):
    rs, a, _ = org
    ledger(
        2026,
        [
            ("100", "5010", "2026-02", "outcome", "-5266000"),
            ("101", "5010", "2026-02", "outcome", "-1250000"),
        ],
    )
    ledger(
        2026,
        [
            ("100", "5010", "2026-01", "budget", "-17901000"),
            ("101", "5010", "2026-01", "budget", "-4299000"),
        ],
        source="budget",
        yearly=True,
    )
    rows = selectors.cost_centre_table(unit=a, period_end=APRIL)
    assert [(r.code, r.outcome, r.budget, r.deviation) for r in rows] == [
        ("100", D("-5266000"), D("-5967000"), D("701000")),
        ("101", D("-1250000"), D("-1433000"), D("183000")),
    ]


def test_forecast_helpers(org, t1_rows, ledger):
    rs, a, _ = org
    ledger(2026, [("100", "5010", f"2026-{m:02d}", "budget", "-100") for m in range(1, 13)])
    ledger(2026, [("100", "5010", "2026-02", "outcome", "-500")], source="utfall")
    assert selectors.unit_year_budget(a, 2026) == -1200
    assert selectors.unit_ytd_outcome(a, APRIL) == -500
    assert selectors.unit_ytd_budget(a, APRIL) == -400
    # Outcome so far plus the eight remaining budget months.
    assert selectors.suggested_forecast(a, APRIL) == -500 - 800


def test_table_query_count_does_not_grow_with_the_tree(
    org, t1_rows, ledger, builder, django_assert_max_num_queries
):
    rs, a, _ = org
    for n in range(20):
        unit = builder.unit(f"RS-X{n}", parent=a)
        org_services.cost_centre_create(
            code=f"9{n:02d}", name="x", unit=unit, valid_from=date(2020, 1, 1), user=system_admin()
        )
    ledger(2026, [(f"9{n:02d}", "5010", "2026-01", "outcome", "-1") for n in range(20)])
    with django_assert_max_num_queries(11):
        table = selectors.economic_table(unit=rs, period_end=APRIL)
    assert table.row("personalkostnader").outcome == -20
