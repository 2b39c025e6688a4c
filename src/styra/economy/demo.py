"""Demo step: Region Exempel's forecasts, savings measures and investments for 2026-T1.

Called by `styra demo` after the ledger. The data are committed CSV files in
`demo_data/`, read by the same imports a region uses (`styra register … import`).
"""

from __future__ import annotations

import sys
from pathlib import Path

from styra.followup.models import Round

from . import imports, services

DATA_DIR = Path(__file__).resolve().parent / "demo_data"
ROUND = "2026-T1"

FILES = [
    ("prognoser-2026-T1.csv", imports.forecast_import, "helårsprognoser"),
    ("atgarder-2026-T1.csv", imports.savings_import, "resultatförbättrande åtgärder"),
    ("oaa-2026-T1.csv", imports.workforce_import, "enheter med OÅA"),
    ("investeringar-2026-T1.csv", imports.investment_import, "investeringsobjekt"),
]


def load(*, stdout=None) -> None:
    stdout = stdout or sys.stdout
    round_ = Round.objects.get(code=ROUND)
    services.savings_scale_ensure()
    for name, function, what in FILES:
        result = function(path=DATA_DIR / name, round=round_)
        stdout.write(f"Register {ROUND}: {result.rows} {what} från {name}\n")
