"""Demo step: Region Exempel's ledger, through the same import as `styra import sie`.

Called by the demo orchestrator after the organisation (with its cost centres) exists.
"""

from __future__ import annotations

import sys
from pathlib import Path

from django.conf import settings

from .demo_ledger import YEAR, write_sie
from .mapping import MAPPINGS_DIR
from .services import row_set_load
from .services.sie_import import ledger_import_sie

FILE_NAME = "region-exempel-huvudbok.se"


def load(*, stdout=None, directory: Path | None = None) -> Path:
    """Write the demo SIE file, load the T1 2026 rows, import 2025 and 2026."""
    stdout = stdout or sys.stdout
    directory = Path(directory or Path(settings.VAR_DIR) / "demo")
    directory.mkdir(parents=True, exist_ok=True)
    path = write_sie(directory / FILE_NAME)
    row_set_load(path=MAPPINGS_DIR / "t1-2026.yaml", make_default=True)
    for year in (YEAR - 1, YEAR):
        report = ledger_import_sie(path=path, year=year)
        stdout.write(f"Huvudbok {year}: {report.fact_count} fakta från {path.name}\n")
    return path
