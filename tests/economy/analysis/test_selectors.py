"""The economy page's reads: a fixed number of queries whatever the number of units and
cost centres (no N+1), and forecasts rolled up from the units that entered one."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from styra.economy.analysis import selectors
from styra.economy.ledger.selectors import row_set_get
from styra.org.selectors import tree_as_of
from styra.orgadmin import services as org_services
from tests.builders import system_admin

APRIL = date(2026, 4, 30)
OPENED = ["personalkostnader", "personalkostnader:RS-B", "personalkostnader:kst:200"]


def _count(unit) -> tuple[int, selectors.AnalysisPage]:
    row_set = row_set_get()
    with CaptureQueriesContext(connection) as queries:
        page = selectors.analysis_page(
            unit=unit,
            nodes=tree_as_of(APRIL),
            period_end=APRIL,
            forecast_end=APRIL,
            row_set=row_set,
            opened=OPENED,
        )
    return len(queries), page


def test_opened_lines_cost_the_same_queries_for_more_units(econ, builder, ledger):
    few, page = _count(econ.rs)
    assert [line.label for line in page.groups[5].lines][:3] == [
        "Avdelning A",
        "Avdelning B",
        "Enhet B1",
    ]
    rows = []
    for number in range(10):
        unit = builder.unit(f"RS-X{number}", f"Avdelning X{number}", parent=econ.rs)
        for suffix in range(3):
            code = f"5{number}{suffix}"
            org_services.cost_centre_create(
                code=code,
                name=f"Kst {code}",
                unit=unit,
                valid_from=date(2020, 1, 1),
                user=system_admin(),
            )
            rows.append((code, "5010", "2026-03", "outcome", "-1000"))
    ledger(2026, rows, source="more")
    many, page = _count(econ.rs)
    assert len(page.groups[5].lines) > 12
    assert many == few, (few, many)


def test_an_opened_line_outside_the_unit_is_refused(econ):
    import pytest

    for key in ("personalkostnader:HSN", "personalkostnader:kst:700", "no-such-row"):
        with pytest.raises(selectors.UnknownLine):
            selectors.analysis_page(
                unit=econ.rs,
                nodes=tree_as_of(APRIL),
                period_end=APRIL,
                forecast_end=APRIL,
                row_set=row_set_get(),
                opened=[key],
            )


def test_forecast_rolls_up_and_names_the_units_without_one(econ, builder):
    from styra.economy.registers import services

    plan = builder.plan("rs-2026", econ.rs)
    t1 = builder.round(plan, "2026-T1")
    later = builder.round(plan, "2026-T2", end=date(2026, 8, 31))
    admin = builder.user("fc-admin", superuser=True)
    services.forecast_set(round=t1, unit=econ.a, amount=Decimal("-1"), user=admin)
    services.forecast_set(round=t1, unit=econ.b1, amount=Decimal("-2"), user=admin)
    services.forecast_set(round=later, unit=econ.a, amount=Decimal("-5"), user=admin)
    node = next(n for root in tree_as_of(APRIL) for n in root.walk() if n.code == "RS")

    april = selectors.unit_forecasts(node=node, period_end=APRIL)
    assert april.round == t1  # the later round ends after April
    assert april.rolled_up(node) == Decimal("-3")
    assert april.missing(node) == []

    august = selectors.unit_forecasts(node=node, period_end=date(2026, 8, 31))
    assert august.round == later
    assert august.rolled_up(node) == Decimal("-5")
    assert [n.code for n in august.missing(node)] == ["RS-B"]


def test_coverage_names_the_months_without_outcome_between_the_first_and_the_last():
    coverage = selectors.Coverage(
        year=2026, months=[date(2026, 1, 1), date(2026, 2, 1), date(2026, 4, 1)]
    )
    assert coverage.last == date(2026, 4, 1)
    assert coverage.gaps == [date(2026, 3, 1)]
    assert coverage.shown_month(12) == 4
    assert coverage.shown_month(2) == 2
    assert selectors.Coverage(year=2026, months=[]).empty
