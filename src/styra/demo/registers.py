"""Demo step: Region Exempel's forecasts, savings measures and investments for 2026-T1.

Called by `styra demo` after the ledger. The data are committed CSV files in
`data/registers/`, read by the same imports a region uses (`styra register … import`),
as the demo's controller. The investment categories are the T1 2026 report's, from the
shipped file (`styra register investment-categories load`): the six the migration
created, so loading them changes nothing unless they were removed.
"""

from __future__ import annotations

import sys
from pathlib import Path

from styra.economy.registers import imports, services
from styra.economy.registers.categories import CATEGORIES_DIR
from styra.followup.models import Round
from styra.org.models import Unit
from styra.org.selectors import unit_versions_on

DATA_DIR = Path(__file__).resolve().parent / "data" / "registers"
CATEGORIES = CATEGORIES_DIR / "investeringskategorier-t1-2026.yaml"
ROUND = "2026-T1"

FILES = [
    ("prognoser-2026-T1.csv", imports.forecast_import, "helårsprognoser"),
    ("atgarder-2026-T1.csv", imports.savings_import, "resultatförbättrande åtgärder"),
    ("oaa-2026-T1.csv", imports.workforce_import, "enheter med OÅA"),
    ("investeringar-2026-T1.csv", imports.investment_import, "investeringsobjekt"),
]


# The unit codes the files use, with the names they stand for: if the demo organisation
# codes a department differently, the unit is found by its name instead.
UNIT_NAMES = {
    "RS": "Regionstyrelsen",
    "RS-RD": "Regiondirektör",
    "RS-EKO": "Ekonomiavdelningen",
    "RS-HR": "HR-avdelningen",
    "RS-KOM": "Kommunikationsavdelningen",
    "RS-DIG": "Digitalisering och service",
    "RS-LOB": "Ledningsstöd och beredskap",
    "RS-VV": "Vårdval",
}


def _unit_codes(day) -> dict[str, str]:
    existing = set(Unit.objects.filter(code__in=UNIT_NAMES).values_list("code", flat=True))
    by_name = dict(unit_versions_on(day).values_list("name", "unit__code"))
    return {
        code: by_name[name]
        for code, name in UNIT_NAMES.items()
        if code not in existing and name in by_name
    }


def _with_codes(text: str, codes: dict[str, str], column: int) -> str:
    lines = text.splitlines(keepends=True)
    for index in range(1, len(lines)):
        cells = lines[index].split(";")
        if len(cells) > column and cells[column] in codes:
            cells[column] = codes[cells[column]]
            lines[index] = ";".join(cells)
    return "".join(lines)


def load(*, user, stdout=None) -> None:
    stdout = stdout or sys.stdout
    round_ = Round.objects.get(code=ROUND)
    services.savings_scale_ensure()
    services.investment_categories_load(path=CATEGORIES, user=user)
    codes = _unit_codes(round_.period_end)
    for name, function, what in FILES:
        path = DATA_DIR / name
        text = path.read_text(encoding="utf-8")
        column = text.split("\n", 1)[0].split(";").index("enhet")
        data = _with_codes(text, codes, column).encode("utf-8")
        result = function(path=path, data=data, round=round_, user=user)
        stdout.write(f"Register {ROUND}: {result.rows} {what} från {name}\n")
