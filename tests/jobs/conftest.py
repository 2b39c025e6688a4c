"""Fixtures of the job tests: a region with cost centres, a controller, storage in tmp."""

from __future__ import annotations

from datetime import date

import pytest

from styra.economy.ledger.mapping import MAPPINGS_DIR
from styra.economy.ledger.services import row_set_load
from styra.orgadmin import services as org_services
from tests.builders import system_admin


@pytest.fixture(autouse=True)
def _storage(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def region(builder):
    row_set_load(path=MAPPINGS_DIR / "t1-2026.yaml", user=system_admin())
    rs = builder.unit("RS", "Regionstyrelsen")
    a = builder.unit("RS-A", "Avdelning A", parent=rs)
    for code in ("100", "101"):
        org_services.cost_centre_create(
            code=code, name=f"Kst {code}", unit=a, valid_from=date(2020, 1, 1), user=system_admin()
        )
    return rs, a


@pytest.fixture
def controller(builder, region):
    rs, _a = region
    return builder.user("kontroller", (rs, "controller"))
