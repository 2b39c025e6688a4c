"""Forecasts beside the ledger: the T1 2026 prognosis table and the suggested forecast."""

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from styra.economy.ledger.mapping import MAPPINGS_DIR
from styra.economy.ledger.services import FactRow, ledger_facts_replace, row_set_load
from styra.economy.registers import selectors, services
from styra.formats.numbers import format_mkr
from styra.orgadmin import services as org_services
from tests.builders import system_admin
from tests.economy.registers.conftest import make_round

MKR = Decimal(1_000_000)

# Regionstaben inkl Vårdval (mkr): Prognos 2026, Budget 2026, Avvikelse — as published.
PUBLISHED = [
    ("RS-RD", "Regiondirektör", "-39.2", "-37.8", "\u22121,4"),
    ("RS-EKO", "Ekonomiavdelningen", "-55.5", "-55.6", "0,1"),
    ("RS-HR", "HR-avdelningen", "-59.0", "-62.4", "3,4"),
    ("RS-KOM", "Kommunikationsavdelningen", "-12.0", "-11.2", "\u22120,8"),
    ("RS-DIG", "Digitalisering och service", "-650.7", "-649.7", "\u22121,0"),
    ("RS-LOB", "Ledningsstöd och beredskap", "-108.7", "-106.8", "\u22121,9"),
    ("RS-VV", "Vårdval", "-993.2", "-999.2", "6,0"),
]


@pytest.fixture
def staff(builder):
    admin = builder.user("root", superuser=True)
    row_set_load(path=MAPPINGS_DIR / "t1-2026.yaml", user=admin)
    rs = builder.unit("RS", "Regionstyrelsen")
    stab = builder.unit("RS-STAB", "Regionstaben inkl Vårdval", parent=rs)
    plan = builder.plan("rs-2026", rs)
    t1 = make_round(plan, "2026-T1", date(2026, 4, 30))
    facts = []
    for order, (code, name, forecast, budget, _dev) in enumerate(PUBLISHED):
        unit = org_services.unit_create(
            code=code,
            name=name,
            unit_type=builder.unit_type(),
            parent=stab,
            valid_from=date(2020, 1, 1),
            order=order,
            user=system_admin(),
        )
        org_services.cost_centre_create(
            code=f"K{order}", name=name, unit=unit, valid_from=date(2020, 1, 1), user=system_admin()
        )
        # A monthly budget of 1/12 (split on 5010 and 6300 so that rows must add up).
        for month in range(1, 13):
            share = Decimal(budget) * MKR / 12
            facts.append(FactRow(f"K{order}", "5010", date(2026, month, 1), "budget", share / 2))
            facts.append(FactRow(f"K{order}", "6300", date(2026, month, 1), "budget", share / 2))
        services.forecast_set(round=t1, unit=unit, amount=Decimal(forecast) * MKR, user=admin)
    ledger_facts_replace(
        source="test", file_name="test.csv", kind="csv", fiscal_year=2026, rows=facts, user=admin
    )
    return stab, t1


def test_the_published_prognosis_table_is_reproduced(staff):
    stab, t1 = staff

    table = selectors.forecast_table(round=t1, unit=stab)

    printed = [
        (r.name, format_mkr(r.forecast), format_mkr(r.budget), format_mkr(r.deviation))
        for r in table.rows
    ]
    assert printed == [
        (name, format_mkr(Decimal(f) * MKR), format_mkr(Decimal(b) * MKR), dev)
        for _code, name, f, b, dev in PUBLISHED
    ]
    total = table.total
    assert (format_mkr(total.forecast), format_mkr(total.budget), format_mkr(total.deviation)) == (
        "\u22121\u00a0918,3",
        "\u22121\u00a0922,7",
        "4,4",
    )


def test_the_suggestion_is_outcome_so_far_plus_the_rest_of_the_budget(staff):
    stab, t1 = staff
    hr = stab.child_versions.get(unit__code="RS-HR").unit
    ledger_facts_replace(
        source="utfall",
        file_name="utfall.csv",
        kind="csv",
        fiscal_year=2026,
        rows=[
            FactRow("K2", "5010", date(2026, m, 1), "outcome", Decimal(-4_900_000))
            for m in range(1, 5)
        ],
        user=get_user_model().objects.get(username="root"),
    )

    suggestion = selectors.forecast_suggestion(round=t1, unit=hr)

    assert suggestion.ytd_outcome == Decimal(-19_600_000)
    assert suggestion.year_budget == Decimal("-62.4") * MKR
    assert suggestion.ytd_budget == Decimal("-20.8") * MKR  # 4/12 of the year
    assert suggestion.periodised is True
    assert suggestion.amount == Decimal("-61.2") * MKR
    assert suggestion.months_remaining == 8
