"""Demo step: Region Exempel's ledger, through the same import as `styra ledger import sie`.

Called by the demo orchestrator after the organisation (with its cost centres) exists.
"""

from __future__ import annotations

import sys
from pathlib import Path

from django.conf import settings

from styra.economy.ledger.mapping import MAPPINGS_DIR
from styra.economy.ledger.services import row_set_load
from styra.economy.ledger.services.sie_import import ledger_import_sie

from .ledger_file import COMMON_CODE, YEAR, Structure, structure_from_org, write_sie

FILE_NAME = "region-exempel-huvudbok.se"


def load(
    *,
    user,
    stdout=None,
    directory: Path | None = None,
    structure: Structure | None = None,
) -> Path:
    """Write the demo SIE file, load the T1 2026 rows, import 2025 and 2026.

    `structure` defaults to the demo organisation's (`structure_from_org`)."""
    stdout = stdout or sys.stdout
    directory = Path(directory or Path(settings.VAR_DIR) / "demo")
    directory.mkdir(parents=True, exist_ok=True)
    structure = structure or structure_from_org()
    _ensure_common_cost_centre(structure, stdout)
    path = write_sie(directory / FILE_NAME, structure)
    row_set_load(path=MAPPINGS_DIR / "t1-2026.yaml", make_default=True, user=user)
    for year in (YEAR - 1, YEAR):
        report = ledger_import_sie(path=path, year=year, user=user)
        stdout.write(f"Huvudbok {year}: {report.fact_count} fakta från {path.name}\n")
    return path


def _ensure_common_cost_centre(structure: Structure, stdout) -> None:
    """Region-wide items need a cost centre outside the departments; when the demo
    organisation has none, one is created directly under the top unit."""
    from datetime import date

    from styra.org.models import CostCentre, Unit
    from styra.orgadmin.services import cost_centre_create

    from .users import demo_admin

    codes = [code for code, _ in structure.common.cost_centres]
    if codes != [COMMON_CODE] or CostCentre.objects.filter(code=COMMON_CODE).exists():
        return
    top = Unit.objects.filter(code=structure.top_unit).first()
    if top is None:
        return
    cost_centre_create(
        code=COMMON_CODE,
        name="Regiongemensamt",
        unit=top,
        valid_from=date(YEAR - 1, 1, 1),
        user=demo_admin(),
    )
    stdout.write(f"Kostnadsställe {COMMON_CODE} Regiongemensamt skapat under {top.code}.\n")
