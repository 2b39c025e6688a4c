"""Dashboard speed (issue 11, item 5): the whole organisation's dashboard (måltavla).

A generated region of 300 units (the region, 11 boards, 288 units under them), a plan
per year 2022–2026 whose items continue the year before's (one indicator and one
assignment per unit in six goal areas: 604 items a year), three rounds a year with an
assessed value for every indicator (2026: T1 only), and five years of monthly
statistics for every unit and riket (a sick-leave series linked to an indicator of the
region) plus a yearly Kolada series for the region and riket.

Measured through Django's test client as a controller of the region signed in (the
whole middleware stack, the CSP and the templates included): the dashboard page of the
region in 2026-T1, target p95 < 200 ms; also the page with a filter, one trend chart's
spec (loaded by the browser after the page) and the Excel export, for the record.

Runs on an in-memory SQLite database with the test settings; writes
bench/results/dashboard-<date>.md.
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import statistics
import sys
import time
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "styra.settings.test")

YEARS = [2022, 2023, 2024, 2025, 2026]
BOARDS = 11
UNITS_PER_BOARD = 26  # 1 + 11 + 11 × 26 = 298, plus two units straight under the region
AREAS = 6


def setup() -> None:
    import django
    from django.conf import settings
    from django.core.management import call_command

    django.setup()
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]  # the test client's host
    call_command("migrate", verbosity=0)


def make_organisation() -> tuple[object, list]:
    from tests.builders import Builder

    b = Builder()
    top = b.unit("D-REG", "Region Bänk", type_code="region")
    units = []
    for n in range(BOARDS):
        board = b.unit(f"D-N{n:02d}", f"Nämnd {n}", parent=top)
        units.append(board)
        for k in range(UNITS_PER_BOARD):
            units.append(b.unit(f"D-N{n:02d}-{k:02d}", f"Enhet {n}.{k}", parent=board))
    for k in range(2):
        units.append(b.unit(f"D-S{k}", f"Stab {k}", parent=top))
    return b, top, units


def make_plans(b, top, units) -> object:
    """One plan per year, items continuing last year's; returns the 2026 T1 round."""
    from styra.followup.models import Assessment, AssessmentValue, Round
    from styra.plans.models import Indicator, PlanItem, PlanScale, Target

    scale = b.scale("d-skala")
    levels = list(scale.levels.all())
    previous: dict[str, int] = {}
    current_round = None
    for year in YEARS:
        plan = b.plan(f"d-{year}", top, year=year)
        for kind in ("indicator", "assignment"):
            PlanScale.objects.create(plan=plan, kind=kind, scale=scale)
        area_level = b.level(plan, "omrade", ["area"])
        item_level = b.level(plan, "post", ["indicator", "assignment"], parent=area_level)
        areas = [
            PlanItem.objects.create(
                plan=plan,
                level=area_level,
                kind="area",
                code=f"A{a}",
                number=str(a + 1),
                title=f"Målområde {a + 1}",
                order=a,
            )
            for a in range(AREAS)
        ]
        rows = []
        for n, unit in enumerate(units):
            for kind, prefix in (("indicator", "N"), ("assignment", "U")):
                code = f"{prefix}{n:03d}"
                rows.append(
                    PlanItem(
                        plan=plan,
                        level=item_level,
                        kind=kind,
                        code=code,
                        title=f"{'Nyckeltal' if kind == 'indicator' else 'Uppdrag'} för {unit}",
                        parent=areas[n % AREAS],
                        owner=unit,
                        order=AREAS + len(rows),
                        inherited_from_id=previous.get(code),
                    )
                )
        items = PlanItem.objects.bulk_create(rows)
        indicators = [i for i in items if i.kind == "indicator"]
        Indicator.objects.bulk_create(
            Indicator(item=i, unit="%", decimals=1, direction="higher") for i in indicators
        )
        Target.objects.bulk_create(
            Target(item=i, kind="threshold", value=Decimal(50), text="Minst 50 %")
            for i in indicators
        )
        previous = {i.code: i.pk for i in items}
        tertials = [(1, 4), (2, 8), (3, 12)] if year < 2026 else [(1, 4)]
        for t, month in tertials:
            end = date(year, month, 30 if month in (4,) else 31)
            round_ = Round.objects.create(
                plan=plan,
                code=f"d-{year}-T{t}",
                name=f"Tertial {t} {year}",
                kind="tertial",
                period_start=date(year, 1, 1),
                period_end=end,
                state="open" if year == 2026 else "locked",
            )
            assessments = Assessment.objects.bulk_create(
                Assessment(round=round_, item=i, status=levels[(i.pk + t) % 3]) for i in items
            )
            AssessmentValue.objects.bulk_create(
                AssessmentValue(
                    assessment=a, value=Decimal(35 + (a.item_id * 7 + t * 3 + year) % 30)
                )
                for a in assessments
                if a.item.kind == "indicator"
            )
            current_round = round_
    return current_round


def make_statistics(top, units, plan_item) -> int:
    """Monthly sick leave for every unit and riket over five years; Kolada yearly."""
    from styra.stats.models import (
        Area,
        IndicatorLink,
        Series,
        StatCell,
        StatValue,
        UnitKolada,
    )
    from styra.stats.periods import Period

    riket = Area.objects.create(code="riket", name="Riket", kind="nation", kolada_id="0000")
    cell, _ = StatCell.objects.get_or_create(key="")
    sick = Series.objects.create(
        code="d-sjuk",
        name="Sjukfrånvaro",
        unit="%",
        decimals=1,
        direction="lower",
        period_kind="month",
        target={"kind": "threshold", "value": 5.5, "direction": "lower"},
    )
    kolada = Series.objects.create(
        code="d-sjuk-kolada",
        name="Sjukfrånvaro (Kolada)",
        unit="%",
        decimals=1,
        direction="lower",
        period_kind="year",
        kolada_kpi="N00090",
        target={"kind": "relative_comparison", "comparison": "riket", "direction": "lower"},
    )
    UnitKolada.objects.create(unit=top, kolada_id="0023")
    IndicatorLink.objects.create(
        item=plan_item, series=sick, unit=top, period_kind="month", comparison=riket
    )
    values = []
    for year in YEARS[:-1] + [2026]:
        for month in range(1, 13):
            period = Period.ending("month", date(year, month, 1))
            for n, unit in enumerate([top, *units]):
                values.append(
                    StatValue(
                        series=sick,
                        unit=unit,
                        cell=cell,
                        period_kind="month",
                        period_start=period.start,
                        period_end=period.end,
                        value=Decimal(40 + (n * 13 + month * 7 + year) % 50) / 10,
                    )
                )
            values.append(
                StatValue(
                    series=sick,
                    area=riket,
                    cell=cell,
                    period_kind="month",
                    period_start=period.start,
                    period_end=period.end,
                    value=Decimal(60 + month % 5) / 10,
                )
            )
        period = Period.ending("year", date(year, 12, 31))
        for subject in ({"unit": top}, {"area": riket}):
            values.append(
                StatValue(
                    series=kolada,
                    cell=cell,
                    period_kind="year",
                    period_start=period.start,
                    period_end=period.end,
                    value=Decimal(70 + year % 7) / 10,
                    **subject,
                )
            )
    StatValue.objects.bulk_create(values, batch_size=2000)
    return len(values)


def measure(client, url: str, repeat: int) -> list[float]:
    for _ in range(3):  # warm: templates, translations, the first queries
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return times


def p95(times: list[float]) -> float:
    ordered = sorted(times)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kb / 1024 / 1024:.1f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    return (
        f"{platform.system()} {platform.release()}, {cpu}, {os.cpu_count()} cores{memory}, "
        f"Python {platform.python_version()}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=60, help="timed requests per page")
    args = parser.parse_args()
    setup()

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from styra.access.models import Role
    from styra.followup.models import AssessmentValue, Round
    from styra.formats.numbers import format_number
    from styra.plans.models import PlanItem
    from styra.stats.models import StatValue
    from styra.web.dashboard.selectors import dashboard

    load_before = os.getloadavg()[0]  # other work on the machine only ever adds time
    started = time.perf_counter()
    b, top, units = make_organisation()
    round_ = make_plans(b, top, units)
    assert isinstance(round_, Round)
    linked = PlanItem.objects.get(plan=round_.plan, code="N000")
    stat_values = make_statistics(top, units, linked)
    built = time.perf_counter() - started
    user = b.user("d-controller", (top, Role.CONTROLLER))
    client = Client()
    client.force_login(user)
    base = f"/maltavla/{round_.code}/{top.code}/"
    with CaptureQueriesContext(connection) as captured:
        dashboard(round_, top, None)
    queries = len(captured.captured_queries)  # the selectors' reads, without the session's
    dash = dashboard(round_, top, None)
    rows, charts = dash.total, len(dash.charts)
    unfrozen_ms = measure(client, base, args.repeat)
    # As styra.wsgi does once the application is loaded: what lives as long as the
    # process (here also the generated data's objects) leaves the collector's full passes.
    gc.collect()
    gc.freeze()
    page_ms = measure(client, base, args.repeat)
    filtered_ms = measure(client, base + "?status=delvis&niva=post", args.repeat)
    chart_ms = measure(client, base + "diagram/nyckeltal-N001/", max(10, args.repeat // 3))
    stat_chart_ms = measure(client, base + "diagram/nyckeltal-N000/", max(10, args.repeat // 3))
    export_ms = measure(client, base + "excel/", max(5, args.repeat // 6))
    target = 200.0
    ok = p95(page_ms) < target

    today = datetime.now(UTC).date().isoformat()  # Django set the process's TZ to Tokyo
    lines = [
        f"# Dashboard benchmark {today}",
        "",
        f"Machine: {machine()}",
        "",
        f"Data: {len(units) + 1} units (region, {BOARDS} boards, {BOARDS * UNITS_PER_BOARD + 2} "
        f"units under them); a plan a year {YEARS[0]}–{YEARS[-1]} of "
        f"{rows + AREAS} items ({AREAS} goal areas, one indicator and one assignment per unit), "
        "each continuing the year before's; 13 rounds "
        f"({format_number(AssessmentValue.objects.count())} assessed values); "
        f"{format_number(StatValue.objects.count())} statistics values (monthly sick leave for "
        "every unit and riket over five years, a yearly Kolada series). Built in "
        f"{built:.0f} s.",
        "",
        f"Page: the region's dashboard in 2026-T1 ({rows} item rows, {charts} trend charts "
        f"(their specs load after the page), {len(dash.sub_units)} sub-units), "
        f"{queries} queries; signed in as a controller of the region, "
        f"through Django's test client; {args.repeat} timed requests after 3 warm ones.",
        "",
        "| Request | p50 | p95 | Target |",
        "|---|---|---|---|",
        f"| Whole organisation's dashboard | {statistics.median(page_ms):.0f} ms | "
        f"{p95(page_ms):.0f} ms | p95 < {target:.0f} ms {'(met)' if ok else '(missed)'} |",
        f"| Same, without `gc.freeze()` after start-up | {statistics.median(unfrozen_ms):.0f} ms | "
        f"{p95(unfrozen_ms):.0f} ms | – |",
        f"| Same, filtered (status and level) | {statistics.median(filtered_ms):.0f} ms | "
        f"{p95(filtered_ms):.0f} ms | – |",
        f"| One indicator trend (spec, Altair) | {statistics.median(chart_ms):.0f} ms | "
        f"{p95(chart_ms):.0f} ms | – |",
        f"| One statistics trend vs riket (spec) | {statistics.median(stat_chart_ms):.0f} ms | "
        f"{p95(stat_chart_ms):.0f} ms | – |",
        f"| Excel export of the dashboard | {statistics.median(export_ms):.0f} ms | "
        f"{p95(export_ms):.0f} ms | – |",
        "",
        "The server freezes the objects that live as long as the process once the "
        "application is loaded (`gc.freeze()` in styra.wsgi); the bench does the same before "
        "the timed requests, and measures the page once before it for comparison.",
        "",
        "`python bench/dashboard_bench.py` (in-memory SQLite, test settings). Load average "
        f"before the run {load_before:.1f} on {os.cpu_count()} cores (with other work on the "
        "machine the times are upper bounds).",
        "",
    ]
    out = ROOT / "bench" / "results" / f"dashboard-{today}.md"
    out.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))
    print(f"(stat values generated: {stat_values})")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
