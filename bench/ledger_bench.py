"""Economic analysis table speed (issue 3): the top unit's table with a large ledger.

A generated region: 1 top unit, 20 departments, 100 sections, 2 000 cost centres;
60 accounts over the T1 2026 row set; outcome for 36 months (2024–2026) and a monthly
budget for 2026 — 5.76 million ledger facts. Measures `finance.selectors.economic_table`
for the top unit (April 2026, previous year in today's structure) over ≥ 30 runs after
one warm-up, on SQLite (a file database) and on PostgreSQL (STYRA_BENCH_POSTGRES_URL, or
a throwaway cluster when PostgreSQL's binaries are installed, as scripts/test-postgres.sh
does). Target: p95 < 200 ms. Writes bench/results/economy-<date>.md.

    .venv/bin/python bench/ledger_bench.py [--cost-centres 2000] [--accounts 60] [--runs 30]
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
TARGET_MS = 200


# --------------------------------------------------------------------------- worker


def worker(args) -> dict:
    """Runs in a child process whose DATABASE_URL points at the database to measure."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "styra.settings.test"
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection

    from styra.economy.ledger import selectors
    from styra.economy.ledger.mapping import MAPPINGS_DIR
    from styra.economy.ledger.models import LedgerImport
    from styra.economy.ledger.services import row_set_load

    call_command("migrate", verbosity=0)
    bench_admin = get_user_model().objects.create_superuser("bench", "bench@example.se", "bench")
    row_set_load(path=MAPPINGS_DIR / "t1-2026.yaml", make_default=True, user=bench_admin)
    top, centres = make_region(args.cost_centres, first_code=10000, start=date(2020, 1, 1))
    source = LedgerImport.objects.create(
        source="bench", file_name="bench", kind="csv", fiscal_year=2026
    )
    # Accounts spread over the row set's ranges (3010 … 8490), ~60 of them.
    pool = [f"{a}" for a in range(3010, 8500, 10)]
    accounts = [pool[i * len(pool) // args.accounts] for i in range(args.accounts)]
    cc_ids = [c.pk for c in centres]
    t0 = time.perf_counter()
    count = _insert_facts(connection, source.pk, cc_ids, accounts)
    load_s = time.perf_counter() - t0
    # The import services rebuild the year-to-date row totals; raw inserts must too.
    from styra.economy.ledger.services.totals import ledger_totals_rebuild

    t0 = time.perf_counter()
    totals = ledger_totals_rebuild()
    totals_s = time.perf_counter() - t0
    with connection.cursor() as cursor:
        # What autovacuum does on a live server: statistics, and on PostgreSQL the
        # visibility map that lets the table's index-only scans skip the heap.
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")

    period_end = date(2026, 4, 30)
    selectors.economic_table(unit=top, period_end=period_end)  # warm-up
    timings = []
    for _ in range(args.runs):
        t = time.perf_counter()
        table = selectors.economic_table(unit=top, period_end=period_end)
        timings.append((time.perf_counter() - t) * 1000)
    net = table.row("verksamhetens-nettokostnader")
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        selectors.economic_table(unit=top, period_end=period_end)
    slowest = sorted(captured.captured_queries, key=lambda q: -float(q["time"]))[:3]
    timings.sort()
    p95 = timings[max(0, int(round(0.95 * len(timings))) - 1)]
    return {
        "backend": connection.vendor,
        "server": _server_version(connection),
        "facts": count,
        "load_s": round(load_s, 1),
        "totals": totals,
        "totals_s": round(totals_s, 1),
        "runs": len(timings),
        "median_ms": round(statistics.median(timings), 1),
        "p95_ms": round(p95, 1),
        "max_ms": round(timings[-1], 1),
        "net_outcome": str(net.outcome),
        "queries": len(captured.captured_queries),
        "slowest": [(q["time"], q["sql"][:300]) for q in slowest],
    }


def make_region(cost_centres: int, *, first_code: int, start: date):
    """A region of 20 departments and 100 sections owning `cost_centres` cost centres
    (codes from `first_code`) in turn; (top unit, cost centres by code)."""
    from styra.org.models import CostCentre, CostCentreMapping, Unit, UnitType, UnitVersion

    kind = UnitType.objects.create(code="bench", name="Bänk")
    top = Unit.objects.create(code="BENCH")
    UnitVersion.objects.create(unit=top, name="Region Bänk", unit_type=kind, valid_from=start)
    sections = []
    for d in range(20):
        dept = Unit.objects.create(code=f"B{d:02d}")
        UnitVersion.objects.create(
            unit=dept, name=f"Avdelning {d}", parent=top, unit_type=kind, valid_from=start
        )
        for s in range(5):
            section = Unit.objects.create(code=f"B{d:02d}-{s}")
            UnitVersion.objects.create(
                unit=section,
                name=f"Sektion {d}.{s}",
                parent=dept,
                unit_type=kind,
                valid_from=start,
            )
            sections.append(section)
    CostCentre.objects.bulk_create(
        [
            CostCentre(code=str(first_code + i), name=f"Kostnadsställe {first_code + i}")
            for i in range(cost_centres)
        ]
    )
    centres = list(CostCentre.objects.order_by("code"))  # ids on every database
    CostCentreMapping.objects.bulk_create(
        [
            CostCentreMapping(cost_centre=c, unit=sections[i % len(sections)], valid_from=start)
            for i, c in enumerate(centres)
        ]
    )
    return top, centres


def _server_version(connection) -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
        else:
            cursor.execute("select sqlite_version()")
        return str(cursor.fetchone()[0])


def _rows(source_id, cc_ids, accounts):
    """(cost centre, account, month, yearly, kind, amount, source) — deterministic."""
    for year in (2024, 2025, 2026):
        for month in range(1, 13):
            day = date(year, month, 1).isoformat()
            for i, cc in enumerate(cc_ids):
                for j, account in enumerate(accounts):
                    base = (i * 7 + j * 13 + month) % 997 + 10
                    sign = 1 if account < "4000" else -1
                    yield (cc, account, day, False, "outcome", f"{sign * base * 100}.25", source_id)
                    if year == 2026:
                        yield (
                            cc,
                            account,
                            day,
                            False,
                            "budget",
                            f"{sign * base * 101}.00",
                            source_id,
                        )


def _insert_facts(connection, source_id, cc_ids, accounts) -> int:
    columns = "cost_centre_id, account, month, yearly, kind, amount, source_id"
    count = 0
    if connection.vendor == "postgresql":
        from django.db import transaction

        with transaction.atomic(), connection.cursor() as cursor:
            raw = cursor.cursor  # psycopg 3 cursor: COPY is the fast path
            with raw.copy(f"COPY finance_ledgerfact ({columns}) FROM STDIN") as copy:
                for row in _rows(source_id, cc_ids, accounts):
                    copy.write_row(row)
                    count += 1
        return count
    from django.db import transaction

    sql = f"INSERT INTO finance_ledgerfact ({columns}) VALUES (?, ?, ?, ?, ?, ?, ?)"
    batch = []
    with transaction.atomic(), connection.cursor() as cursor:
        raw = cursor.cursor
        for row in _rows(source_id, cc_ids, accounts):
            batch.append(row)
            if len(batch) == 100_000:
                raw.executemany(sql, batch)
                count += len(batch)
                batch = []
        raw.executemany(sql, batch)
        count += len(batch)
    return count


# --------------------------------------------------------------------------- driver


def run_child(database_url: str, args) -> dict:
    env = dict(os.environ, DATABASE_URL=database_url, PYTHONPATH=str(ROOT / "src"))
    command = [
        sys.executable,
        __file__,
        "--worker",
        "--cost-centres",
        str(args.cost_centres),
        "--accounts",
        str(args.accounts),
        "--runs",
        str(args.runs),
    ]
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        return {"error": (result.stderr or result.stdout).strip().splitlines()[-1:]}
    return json.loads(result.stdout.strip().splitlines()[-1])


def postgres_url(tmp: Path) -> tuple[str | None, callable]:
    if os.environ.get("STYRA_BENCH_POSTGRES_URL"):
        return os.environ["STYRA_BENCH_POSTGRES_URL"], lambda: None
    bins = sorted(glob.glob("/usr/lib/postgresql/*/bin"))
    if not bins or not Path(bins[-1], "initdb").exists():
        return None, lambda: None
    pgbin = Path(bins[-1])
    data = tmp / "pg"
    run_as: list[str] = []
    if os.getuid() == 0:
        shutil.chown(tmp, "postgres")
        run_as = ["runuser", "-u", "postgres", "--"]
    subprocess.run(
        [*run_as, pgbin / "initdb", "-D", data, "-U", "styra", "--auth=trust", "-E", "UTF8"],
        check=True,
        capture_output=True,
    )
    subprocess.run(
        [
            *run_as,
            pgbin / "pg_ctl",
            "-D",
            data,
            "-o",
            f"-k {tmp} -c listen_addresses='' -c fsync=off",
            "-l",
            tmp / "log",
            "-w",
            "start",
        ],
        check=True,
        capture_output=True,
    )

    def stop() -> None:
        subprocess.run(
            [*run_as, pgbin / "pg_ctl", "-D", data, "-m", "immediate", "stop"],
            capture_output=True,
            check=False,
        )

    return f"postgres://styra@/postgres?host={tmp}", stop


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem = next(
            int(line.split()[1]) // 1024
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
    except (OSError, StopIteration):
        mem = 0
    return (
        f"{platform.system()} {platform.release()}, {cpu}, {os.cpu_count()} cores, "
        f"{mem} MB RAM, Python {platform.python_version()}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cost-centres", type=int, default=2000)
    parser.add_argument("--accounts", type=int, default=60)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()
    if args.worker:
        sys.path.insert(0, str(ROOT / "src"))
        print(json.dumps(worker(args)))
        return 0

    results = {}
    with tempfile.TemporaryDirectory(prefix="styra-econ-bench-") as tmp:
        tmp_path = Path(tmp)
        sqlite_dir = tmp_path / "sqlite"
        sqlite_dir.mkdir()
        results["SQLite"] = run_child(f"sqlite:///{sqlite_dir / 'bench.sqlite3'}", args)
        print("SQLite:", results["SQLite"], flush=True)
        if not args.no_postgres:
            # Its own directory under /tmp: the postgres user must be able to enter it.
            pg_dir = Path(tempfile.mkdtemp(prefix="styra-econ-pg."))
            url, stop = postgres_url(pg_dir)
            try:
                if url:
                    results["PostgreSQL"] = run_child(url, args)
                else:
                    results["PostgreSQL"] = {"error": ["PostgreSQL finns inte på datorn"]}
            finally:
                stop()
                shutil.rmtree(pg_dir, ignore_errors=True)
            print("PostgreSQL:", results["PostgreSQL"], flush=True)

    today = date.today().isoformat()
    lines = [
        f"# Economic analysis table – {today}",
        "",
        f"Machine: {machine()}",
        "",
        f"Ledger: {args.cost_centres} cost centres × {args.accounts} accounts × 36 months of "
        "outcome (2024–2026) + 12 months of budget (2026); top unit over 20 departments and "
        "100 sections; table for January–April 2026 with the previous year in today's "
        f"structure; {args.runs} runs after one warm-up. Target: p95 < {TARGET_MS} ms.",
        "",
        "| Database | Facts | Load (s) | Row totals | Build (s) | Median (ms) | p95 (ms) "
        "| Max (ms) | Target met |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for name, r in results.items():
        if "error" in r:
            lines.append(
                f"| {name} | – | – | – | – | – | – | – | not run: {' '.join(r['error'])} |"
            )
            continue
        met = "yes" if r["p95_ms"] < TARGET_MS else "**no**"
        lines.append(
            f"| {name} {r['server']} | {r['facts']:,} | {r['load_s']} | {r['totals']:,} | "
            f"{r['totals_s']} | {r['median_ms']} | "
            f"{r['p95_ms']} | {r['max_ms']} | {met} |"
        )
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"economy-{today}.md"
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"Wrote {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
