"""Fixtures of the finance tests: the T1 2026 row set and a small ledger writer."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest

from styra.demo import ledger as demo
from styra.demo import ledger_file as demo_ledger
from styra.economy.ledger.mapping import MAPPINGS_DIR
from styra.economy.ledger.services import FactRow, ledger_facts_replace, row_set_load
from styra.orgadmin import services as org_services
from tests.builders import system_admin


@pytest.fixture
def ledger_admin(db):
    """A superuser who loads row sets and imports in the fixtures."""
    from django.contrib.auth import get_user_model

    user, _ = get_user_model().objects.get_or_create(
        username="ledger-admin", defaults={"is_superuser": True, "is_staff": True}
    )
    return user


@pytest.fixture
def t1_rows(ledger_admin):
    return row_set_load(path=MAPPINGS_DIR / "t1-2026.yaml", user=ledger_admin)


@pytest.fixture
def ledger(ledger_admin):
    """`ledger(year, [(cc, account, "2026-03", kind, "123.45"), ...], source=...)`."""

    def write(year: int, rows, source: str = "test", yearly: bool = False):
        facts = []
        for cc, account, month, kind, amount in rows:
            y, m = (int(part) for part in month.split("-"))
            facts.append(
                FactRow(cc, account, date(y, m, 1), kind, Decimal(str(amount)), yearly=yearly)
            )
        return ledger_facts_replace(
            source=source,
            file_name=f"{source}.csv",
            kind="csv",
            fiscal_year=year,
            rows=facts,
            user=ledger_admin,
        )

    return write


@pytest.fixture
def region(builder, tmp_path, ledger_admin):
    """The default structure built with the builder, and the demo ledger imported."""
    structure = demo_ledger.default_structure()
    rs = builder.unit(structure.top_unit, "Regionstyrelsen")
    start = date(2020, 1, 1)
    for dept in structure.all:
        unit = builder.unit(dept.unit_code, dept.name, parent=rs)
        for code, name in dept.cost_centres:
            org_services.cost_centre_create(
                code=code, name=name, unit=unit, valid_from=start, user=system_admin()
            )
    elected = builder.unit(structure.elected_unit, "Förtroendevalda", parent=rs)
    for code, name in structure.elected.values():
        org_services.cost_centre_create(
            code=code, name=name, unit=elected, valid_from=start, user=system_admin()
        )
    demo.load(stdout=io.StringIO(), directory=tmp_path, structure=structure, user=ledger_admin)
    return structure
