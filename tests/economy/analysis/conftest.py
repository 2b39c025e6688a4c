"""A small ledger for the economy page: two departments, one with a unit under it, cost
centres on every level, outcome January–April 2026, budget for the whole year, 2025's
outcome for the comparison, and the row set of the T1 2026 table."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from styra.orgadmin import services as org_services
from tests.builders import system_admin
from tests.economy.ledger.conftest import ledger, ledger_admin, t1_rows  # noqa: F401

__all__ = ["ledger", "ledger_admin", "t1_rows"]


class Org:
    pass


@pytest.fixture
def econ(builder, t1_rows, ledger):  # noqa: F811
    org = Org()
    org.rs = builder.unit("RS", "Regionstyrelsen")
    org.a = builder.unit("RS-A", "Avdelning A", parent=org.rs)
    org.b = builder.unit("RS-B", "Avdelning B", parent=org.rs)
    org.b1 = builder.unit("RS-B1", "Enhet B1", parent=org.b)
    org.other = builder.unit("HSN", "Hälso- och sjukvårdsnämnden")
    for code, unit in (
        ("100", org.a),
        ("101", org.a),
        ("200", org.b),
        ("210", org.b1),
        ("900", org.rs),
        ("700", org.other),
    ):
        org_services.cost_centre_create(
            code=code,
            name=f"Kst {code}",
            unit=unit,
            valid_from=date(2020, 1, 1),
            user=system_admin(),
        )
    rows = []
    for month in range(1, 5):
        m = f"2026-{month:02d}"
        rows += [
            ("100", "5010", m, "outcome", "-100000"),
            ("101", "5020", m, "outcome", "-50000"),
            ("200", "5010", m, "outcome", "-200000"),
            ("210", "5010", m, "outcome", "-30000"),
            ("900", "3010", m, "outcome", "40000"),
        ]
    for month in range(1, 7):  # the other board's ledger goes on to June
        rows.append(("700", "5010", f"2026-{month:02d}", "outcome", "-999000"))
    for month in range(1, 13):
        m = f"2026-{month:02d}"
        rows += [
            ("100", "5010", m, "budget", "-120000"),
            ("200", "5010", m, "budget", "-180000"),
            ("210", "5010", m, "budget", "-30000"),
            ("900", "3010", m, "budget", "30000"),
        ]
    ledger(2026, rows, source="2026")
    previous = []
    for month in range(1, 13):
        m = f"2025-{month:02d}"
        previous += [
            ("100", "5010", m, "outcome", "-90000"),
            ("200", "5010", m, "outcome", "-190000"),
        ]
    ledger(2025, previous, source="2025")
    return org


@pytest.fixture
def controller_client(db):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_superuser("econ-controller", "c@example.se", "x")
    client = Client()
    client.force_login(user)
    return client
