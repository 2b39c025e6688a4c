"""Demo step: the region's interim and annual reports (generated demo data).

After the T1 ledger (`ledger.py`): writes `ledger_year.FILE_NAME` beside the T1 file,
imports its years 2024–2026 as its own source through `ledger_import_sie` (balances
included), loads the Kommun-BAS row set the results table per board reads, and enters
the boards' forecasts for the interim round and for the two rounds of 2025 (closed
afterwards; the annual report's prognossäkerhet sets them against the outcome), and
the one-off items and the pension and liquidity figures behind the corrected
results from `data/registers/` through the same imports a region uses. The region's plan and rounds (`data/reg-2026.yaml`) and their
texts are loaded with the other plan and round files.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from django.db.models import Q

from styra.economy.ledger.mapping import MAPPINGS_DIR
from styra.economy.ledger.services import row_set_load
from styra.economy.ledger.services.sie_import import ledger_import_sie
from styra.economy.registers import imports
from styra.followup.models import Round
from styra.followup.services import round_close
from styra.org.models import CostCentreMapping

from .ledger_year import FILE_NAME, YEAR, write_year_sie

INTERIM_ROUND = "REG-2026-D"
ANNUAL_ROUND = "REG-2025-B"
REGISTERS = Path(__file__).resolve().parent / "data" / "registers"
FORECASTS = REGISTERS / "prognoser-REG-2026-D.csv"
ADJUSTMENTS = REGISTERS / "justeringar-REG.csv"
RECORDS = REGISTERS / "uppgifter-REG.csv"
#: The forecasts made during 2025, which the annual report sets against the outcome
#: (prognossäkerhet); their rounds are closed afterwards.
EARLIER_ROUNDS = ("REG-2025-T1", "REG-2025-D")
SOURCE = "SIE Region Exempel (demodata)"


def load(*, user, t1_path: Path, stdout=None) -> Path:
    """Write and import the generated year; return the file's path."""
    stdout = stdout or sys.stdout
    day = date(YEAR - 2, 12, 31)
    centres = set(
        CostCentreMapping.objects.filter(
            Q(valid_from__lte=day), Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        ).values_list("cost_centre__code", flat=True)
    )
    path = write_year_sie(Path(t1_path).parent / FILE_NAME, Path(t1_path), centres)
    for year in (YEAR - 2, YEAR - 1, YEAR):
        report = ledger_import_sie(path=path, year=year, source=SOURCE, user=user)
        stdout.write(
            f"Huvudbok {year} (demodata): {report.fact_count} fakta, "
            f"{report.balance_count} balansposter från {path.name}\n"
        )
    row_set_load(path=MAPPINGS_DIR / "kommun-bas.yaml", user=user)
    round_ = Round.objects.get(code=INTERIM_ROUND)
    result = imports.forecast_import(
        path=FORECASTS, data=FORECASTS.read_bytes(), round=round_, user=user
    )
    stdout.write(f"Register {INTERIM_ROUND}: {result.rows} helårsprognoser (demodata)\n")
    for code in EARLIER_ROUNDS:
        earlier = Round.objects.get(code=code)
        path_2025 = REGISTERS / f"prognoser-{code}.csv"
        result = imports.forecast_import(
            path=path_2025, data=path_2025.read_bytes(), round=earlier, user=user
        )
        round_close(round=earlier, user=user)
        stdout.write(f"Register {code}: {result.rows} helårsprognoser (demodata)\n")
    adjusted = imports.result_adjustment_import(
        path=ADJUSTMENTS, data=ADJUSTMENTS.read_bytes(), user=user
    )
    stdout.write(f"Register: {adjusted.rows} jämförelsestörande poster (demodata)\n")
    records = imports.financial_record_import(path=RECORDS, data=RECORDS.read_bytes(), user=user)
    stdout.write(f"Register: {records.rows} uppgifter om pensioner och likviditet (demodata)\n")
    return path
