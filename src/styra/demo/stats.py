"""Demo step: Region Exempel's statistics – personnel, production, accessibility, Kolada.

Every value here is DEMO DATA, generated with a fixed seed so that it is plausible and
the same on every machine, and labelled as such in every table and chart that shows it
(the series' notes in data/stats/statistik-demo.yaml). The files are written the way
the systems a region exports from would write them and read through the same imports a
region uses (`styra stats import`), in all their layouts:

- sjukfranvaro-hr.csv: the HR system's sick-leave report, wide (intervals as columns),
  per unit, month and sex, monthly and year-to-date, January 2024 – March 2026;
  Regionstyrelsen's January–March 2026 comes out at 5,7 % (indicator N15), a little
  lower than the year before, with February's short-term absence standing out;
- personal.xlsx: monthly-paid employees by sex at each month's end, OÅA year-to-date;
- produktion.csv: the health board's outpatient visits (physical, digital) and
  inpatient episodes and bed days per month, 2024 – April 2026;
- inhyrd-personal.csv: the cost of hired staff per profession and its share of the
  personnel cost over rolling 12 months;
- vardgaranti.csv: the care guarantee 0-3-90-90 for the region and riket, months as
  columns (wide);
- Kolada: recorded responses (data/stats/kolada/) for sick leave and population,
  replayed through the Kolada client.
"""

from __future__ import annotations

import csv
import math
import random
import sys
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from styra.stats.config import STANDARD_CONFIG
from styra.stats.imports.mapping import Mapping
from styra.stats.kolada.client import KoladaClient
from styra.stats.kolada.recording import RecordedTransport
from styra.stats.periods import month_end
from styra.stats.services import stat_values_import, stats_config_load
from styra.stats.services.kolada import kolada_sync

DATA_DIR = Path(__file__).resolve().parent / "data" / "stats"
KOLADA_DIR = DATA_DIR / "kolada"
KOLADA_YEARS = list(range(2019, 2026))
FIRST = (2024, 1)
LAST_HR = (2026, 4)
LAST = (2026, 4)
SEED = 2026

# Unit, employees (ordinary hours follow), share of women, sick leave level (%).
PERSONNEL = [
    ("RS-RD", 24, 0.62, 4.2),
    ("RS-EKO", 58, 0.74, 4.9),
    ("RS-HR", 54, 0.83, 5.6),
    ("RS-KOM", 19, 0.68, 4.4),
    ("RS-DIG", 312, 0.55, 6.4),
    ("RS-LOB", 46, 0.70, 5.3),
    ("RS-VV", 16, 0.75, 3.9),
    ("HSN-LED", 180, 0.66, 5.2),
    ("HSN-MED", 1450, 0.78, 7.6),
    ("HSN-KIR", 1250, 0.75, 7.2),
    ("HSN-PV", 1100, 0.80, 6.9),
    ("HSN-PSY", 700, 0.70, 7.9),
    ("RUN", 232, 0.64, 4.6),
]
RS_UNITS = [row[0] for row in PERSONNEL if row[0].startswith("RS-")]
HSN_UNITS = [row[0] for row in PERSONNEL if row[0].startswith("HSN-")]
INTERVALS = [
    ("1-14", "Dag 1-14 (%)", 0.40),
    ("15-59", "Dag 15-59 (%)", 0.15),
    ("60-", "Dag 60- (%)", 0.45),
]
SEXES = [("K", "Kvinnor"), ("M", "Män")]
# Year-to-date sick leave the reports print: Regionstyrelsen's January–March (indicator
# N15 of rs-2026) and the health board's January–April (MT29: total, women, men; MT30:
# day 1–14 of hsn-2026), each with the year before it.
RS_MARCH_YTD = {2024: Decimal("6.3"), 2025: Decimal("6.1"), 2026: Decimal("5.7")}
HSN_APRIL_YTD = {  # year: (total, day 1–14, women, men)
    2025: (6.8, 2.9, 7.5, 4.5),
    2026: (6.4, 2.7, 7.1, 4.2),
}
HOURS_PER_EMPLOYEE = 165


def _months(first=FIRST, last=LAST) -> list[tuple[int, int]]:
    result, (year, month) = [], first
    while (year, month) <= last:
        result.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return result


def _d(value: float, places: int = 2) -> Decimal:
    return Decimal(repr(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


@dataclass
class Hours:
    ordinary: dict[str, float]  # by sex
    sick: dict[tuple[str, str], float]  # by (sex, interval)


def _sick_leave_hours(rng: random.Random) -> dict[tuple[str, int, int], Hours]:
    """Ordinary and sick hours per unit and month; Regionstyrelsen (RS), the whole region
    (REG) are the sums of their units' hours."""
    hours: dict[tuple[str, int, int], Hours] = {}
    for code, employees, women, level in PERSONNEL:
        for year, month in _months(last=LAST_HR):
            trend = {2024: 1.04, 2025: 1.0, 2026: 0.95}[year]
            # Winter colds and February's wave of short-term absence.
            season = 1.0 + 0.18 * math.cos((month - 1) / 12 * 2 * math.pi)
            short_extra = 1.45 if (year, month) == (2026, 2) else 1.0
            ordinary = {
                "K": employees * women * HOURS_PER_EMPLOYEE * (0.92 if month == 7 else 1.0),
                "M": employees * (1 - women) * HOURS_PER_EMPLOYEE * (0.92 if month == 7 else 1.0),
            }
            sick = {}
            for sex, factor in (("K", 1.16), ("M", 0.66)):
                for interval, _column, share in INTERVALS:
                    noise = rng.uniform(0.9, 1.1)
                    wave = season * (short_extra if interval == "1-14" else 1.0)
                    if interval != "1-14":
                        wave = 1.0 + (wave - 1.0) * 0.3
                    rate = level * trend * factor * share * wave * noise / 100
                    sick[sex, interval] = ordinary[sex] * rate
            hours[code, year, month] = Hours(ordinary, sick)
    # Scale Regionstyrelsen's units so that its March year-to-date is what the report says.
    for year, target in RS_MARCH_YTD.items():
        months = [(year, m) for m in (1, 2, 3)]
        sick_total: float = sum(
            sum(hours[u, y, m].sick.values()) for u in RS_UNITS for y, m in months
        )
        ordinary_total = sum(
            sum(hours[u, y, m].ordinary.values()) for u in RS_UNITS for y, m in months
        )
        factor = float(target) / (sick_total / ordinary_total * 100)
        for unit in RS_UNITS:
            for y, m in _months(last=LAST_HR):
                if y == year:
                    hours[unit, y, m].sick = {
                        k: v * factor for k, v in hours[unit, y, m].sick.items()
                    }
    # The health board's divisions: women's and men's short- and long-term absence each
    # scaled to the printed figures (the same share of short-term absence for both).
    for year, (printed, short, women, men) in HSN_APRIL_YTD.items():
        months = [(year, m) for m in (1, 2, 3, 4)]
        rows = [hours[u, y, m] for u in HSN_UNITS for y, m in months]
        factors: dict[tuple[str, str], float] = {}
        for sex, level in (("K", women), ("M", men)):
            ordinary_hours: float = sum(r.ordinary[sex] for r in rows)
            for group, part in (("short", short / printed), ("long", 1 - short / printed)):
                intervals = ("1-14",) if group == "short" else ("15-59", "60-")
                sick_hours: float = sum(r.sick[sex, i] for r in rows for i in intervals)
                factors[sex, group] = level * part / (sick_hours / ordinary_hours * 100)
        for unit in HSN_UNITS:
            for y, m in _months(last=LAST_HR):
                if y == year:
                    hours[unit, y, m].sick = {
                        (sex, i): v * factors[sex, "short" if i == "1-14" else "long"]
                        for (sex, i), v in hours[unit, y, m].sick.items()
                    }
    for total, parts in (
        ("RS", RS_UNITS),
        ("HSN", HSN_UNITS),
        ("REG", [*RS_UNITS, *HSN_UNITS, "RUN"]),
    ):
        for year, month in _months(last=LAST_HR):
            rows = [hours[p, year, month] for p in parts]
            hours[total, year, month] = Hours(
                {s: sum(r.ordinary[s] for r in rows) for s, _l in SEXES},
                {k: sum(r.sick[k] for r in rows) for k in rows[0].sick},
            )
    return hours


def _rounded_parts(values: list[float], places: int = 2) -> list[Decimal]:
    """`values` rounded so that they add up to their rounded sum (largest remainder), as
    an HR system prints the intervals of a total."""
    quantum = Decimal(1).scaleb(-places)
    exact = [Decimal(repr(v)) for v in values]
    floors = [e.quantize(quantum, rounding="ROUND_FLOOR") for e in exact]
    missing = int((_d(sum(values), places) - sum(floors)) / quantum)
    order = sorted(range(len(values)), key=lambda i: exact[i] - floors[i], reverse=True)
    for i in order[:missing]:
        floors[i] += quantum
    return floors


def write_sick_leave(path: Path, rng: random.Random) -> None:
    hours = _sick_leave_hours(rng)
    units = ["REG", "RS", *RS_UNITS, "HSN", *HSN_UNITS, "RUN"]
    with path.open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f, delimiter=";")
        out.writerow(["Organisation", "Månad", "Avser", "Kön", *(c for _i, c, _s in INTERVALS)])
        for unit in units:
            for year, month in _months(last=LAST_HR):
                for kind, months in (
                    ("Månad", [(year, month)]),
                    ("Ack", [(year, m) for m in range(1, month + 1)]),
                ):
                    rows = [hours[unit, y, m] for y, m in months]
                    for sex, label in [*SEXES, ("", "Totalt")]:
                        sexes = [sex] if sex else ["K", "M"]
                        ordinary = sum(r.ordinary[s] for r in rows for s in sexes)
                        shares = [
                            sum(r.sick[s, i] for r in rows for s in sexes) / ordinary * 100
                            for i, _c, _s in INTERVALS
                        ]
                        cells = [str(v).replace(".", ",") for v in _rounded_parts(shares)]
                        out.writerow([unit, f"{year}-{month:02d}", kind, label, *cells])


def write_personnel(path: Path, rng: random.Random) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.create_sheet("Personal", 0)
    book.remove(book.worksheets[1])
    sheet.append(["serie", "enhet", "period", "periodtyp", "kon", "värde"])
    for code, employees, women, _level in PERSONNEL:
        for year, month in _months():
            shrink = 1 - 0.035 * ((year - 2024) + (month - 1) / 12)  # the hiring freeze
            staff = employees * shrink
            for sex, label in SEXES:
                share = women if sex == "K" else 1 - women
                count = round(staff * share * rng.uniform(0.985, 1.015))
                day = month_end(year, month)
                sheet.append(["anstallda", code, day, "tidpunkt", label, count])
                fte = _d(staff * share * 0.93 * rng.uniform(0.99, 1.01), 1)
                sheet.append(["oaa", code, f"{year}-{month:02d}", "ack", label, float(fte)])
    book.save(path)


def _season(month: int) -> float:
    return {7: 0.62, 8: 0.86, 12: 0.84, 1: 0.97, 6: 0.93}.get(month, 1.0)


# Which divisions give which care: somatic care in Medicine and Surgery, psychiatry, and
# primary care, each with its own share of the volume.
DIVISIONS = {
    "somatik": [("HSN-MED", 0.58), ("HSN-KIR", 0.42)],
    "psykiatri": [("HSN-PSY", 1.0)],
    "primarvard": [("HSN-PV", 1.0)],
}


def write_production(path: Path, rng: random.Random) -> None:
    """Visits and inpatient care per division and month (the health board's figure is
    their sum, computed)."""
    with path.open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f, delimiter=";")
        out.writerow(["serie", "enhet", "period", "kontakttyp", "vardform", "värde"])
        for year, month in _months():
            season = _season(month)
            years_in = (year - 2024) + (month - 1) / 12
            period = f"{year}-{month:02d}"
            for series, base in (("lakarbesok", 1.0), ("sjukvardande-behandling", 2.3)):
                for care, volume in (("somatik", 11800), ("psykiatri", 2100), ("primarvard", 9400)):
                    digital_share = {"somatik": 0.08, "psykiatri": 0.22, "primarvard": 0.17}[care]
                    digital_share *= 1 + 0.16 * years_in
                    for unit, part in DIVISIONS[care]:
                        total = volume * part * base * season * (1 - 0.012 * years_in)
                        total *= rng.uniform(0.97, 1.03)
                        for contact, share in (
                            ("fysisk", 1 - digital_share),
                            ("digital", digital_share),
                        ):
                            out.writerow(
                                [series, unit, period, contact, care, round(total * share)]
                            )
            for care, episodes, stay in (("somatik", 1580, 4.4), ("psykiatri", 142, 13.5)):
                for unit, part in DIVISIONS[care]:
                    count = episodes * part * (0.8 + 0.2 * season) * (1 - 0.01 * years_in)
                    count *= rng.uniform(0.96, 1.04)
                    days = count * stay * rng.uniform(0.95, 1.05)
                    out.writerow(["vardtillfallen", unit, period, "", care, round(count)])
                    out.writerow(["varddagar", unit, period, "", care, round(days)])


def write_hired_staff(path: Path, rng: random.Random) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f, delimiter=";")
        out.writerow(["serie", "enhet", "period", "periodtyp", "yrke", "värde"])
        monthly_personnel_cost = 392_000  # tkr
        history: list[float] = []
        for year, month in _months():
            years_in = (year - 2024) + (month - 1) / 12
            total = 0.0
            for job, level in (("lakare", 9800), ("ssk", 3900), ("ovr", 600)):
                cost = level * (1 - 0.22 * years_in) * (1.3 if month in (6, 7, 8) else 1.0)
                cost *= rng.uniform(0.9, 1.1)
                total += cost
                out.writerow(
                    ["inhyrd-kostnad", "HSN", f"{year}-{month:02d}", "månad", job, round(cost)]
                )
            history.append(total)
            if len(history) >= 12:
                share = sum(history[-12:]) / (monthly_personnel_cost * 12) * 100
                out.writerow(
                    [
                        "inhyrd-andel",
                        "HSN",
                        f"{year}-{month:02d}",
                        "r12",
                        "",
                        str(_d(share, 1)).replace(".", ","),
                    ]
                )


# The health board's care guarantee January–April 2026, as its report gives it (MT05,
# MT01, MT02, MT03 of hsn-2026): the generated months are made to average to these.
HSN_GUARANTEE_2026 = {"0": 97, "3": 76, "90-besok": 64, "90-atgard": 58}


def write_care_guarantee(path: Path, rng: random.Random) -> None:
    """Shares within the care guarantee per month and year-to-date, for the health board
    and riket; months as columns (wide)."""
    months = _months()
    levels = {
        "HSN": {"0": 93.0, "3": 72.0, "90-besok": 58.0, "90-atgard": 53.0},
        "riket": {"0": 88.0, "3": 79.0, "90-besok": 64.0, "90-atgard": 60.0},
    }
    monthly: dict[tuple[str, str], dict[tuple[int, int], int]] = {}
    for subject, steps in levels.items():
        for step, level in steps.items():
            values = {}
            for year, month in months:
                years_in = (year - 2024) + (month - 1) / 12
                improve = 1.8 * years_in if subject == "HSN" else 0.6 * years_in
                summer = -4.0 if month == 7 and step.startswith("90") else 0.0
                values[year, month] = round(
                    min(99.0, level + improve + summer + rng.uniform(-1.5, 1.5))
                )
            if subject == "HSN":
                first = sum(values[2026, m] for m in (1, 2, 3))
                values[2026, 4] = 4 * HSN_GUARANTEE_2026[step] - first
            monthly[subject, step] = values
    with path.open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f, delimiter=";")
        out.writerow(["Enhet", "Jämförelse", "Steg", "Avser", *(f"{y}-{m:02d}" for y, m in months)])
        for (subject, step), values in monthly.items():
            unit, area = ("HSN", "") if subject == "HSN" else ("", "Riket")
            out.writerow([unit, area, step, "Månad", *(values[ym] for ym in months)])
            so_far = [
                round(sum(values[year, m] for m in range(1, month + 1)) / month)
                for year, month in months
            ]
            out.writerow([unit, area, step, "Ack", *so_far])


FILES = [
    ("sjukfranvaro-hr.csv", write_sick_leave, "hr-sjukfranvaro-bred.yaml"),
    ("personal.xlsx", write_personnel, None),
    ("produktion.csv", write_production, None),
    ("inhyrd-personal.csv", write_hired_staff, None),
    ("vardgaranti.csv", write_care_guarantee, "vardgaranti-bred.yaml"),
]


def write_files(directory: Path) -> list[tuple[Path, str | None]]:
    """Write the demo's statistics files into `directory`; the same bytes every time."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for index, (name, writer, mapping) in enumerate(FILES):
        path = directory / name
        writer(path, random.Random(SEED + index))
        written.append((path, mapping))
    return written


def load(*, user, directory: Path, stdout=None) -> None:
    """Configure the statistics, import the demo files and replay the Kolada recordings."""
    stdout = stdout or sys.stdout
    for config in (STANDARD_CONFIG, DATA_DIR / "statistik-demo.yaml"):
        result = stats_config_load(path=config, user=user)
        stdout.write(f"Statistik: {result.series} serier från {config.name}\n")
    for path, mapping in write_files(directory):
        imported = stat_values_import(
            path=path, user=user, mapping=Mapping.read(DATA_DIR / mapping) if mapping else None
        )
        stdout.write(f"Statistik: {imported.value_count} värden från {path.name} (demodata)\n")
    with KoladaClient(transport=RecordedTransport(KOLADA_DIR)) as client:
        synced = kolada_sync(user=user, client=client, years=KOLADA_YEARS)
    stdout.write(f"Kolada (inspelade svar, demodata): {synced.value_count} värden\n")
