"""A year's ledger in seconds (issue 12, item 8): SIE file → economic table ready.

    .venv/bin/python bench/ledger_import_bench.py [--transactions N] [--cost-centres N]

Generates the SIE reader benchmark's ledger (`bench/sie_bench.py`: N #TRANS rows in N/5
vouchers over the cost centres, a #PBUDGET per cost centre, account and month, balance
accounts 1510/2440 as the counter rows), then in a fresh process per database (a SQLite
file, and a throwaway PostgreSQL cluster when its binaries are installed, as
bench/ledger_bench.py makes one) sets up a region of 20 departments and 100 sections
owning the cost centres with the T1 2026 row set, and imports the file through the one
service every door calls (`ledger_import_sie`, as `styra ledger import sie` does), then
builds the top unit's economic table for the year. Reported per stage from the
import's own log records (styra.ledger: read, aggregate and check, write facts, row
totals), the wall time from file to a ready table, and the process's peak RSS.

Targets (issue 12): under 60 s on PostgreSQL and under 120 s on SQLite, peak memory
under 500 MB, for 10 million rows and 2 000 cost centres. Writes
bench/results/ledger-import-<date>.md.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

TARGETS = {"sqlite": 120.0, "postgresql": 60.0}
TARGET_PEAK_MB = 500
#: The figures measured before the import was rewritten (issue 12's text, 2026-11-23).
FORMER = {"read": 18, "sqlite": 54, "postgresql": 127, "totals": 157}


class Stages(logging.Handler):
    """Collects the import's stage records (`extra={"stage": …, "seconds": …}`)."""

    def __init__(self) -> None:
        super().__init__()
        self.seconds: dict[str, float] = {}

    def emit(self, record: logging.LogRecord) -> None:
        stage = getattr(record, "stage", None)
        if stage:
            self.seconds[stage] = self.seconds.get(stage, 0.0) + float(record.seconds)


def worker(path: Path, cost_centres: int, year: int) -> dict:
    """In a child process whose DATABASE_URL names the database to measure."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "styra.settings.test"
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection

    from styra.economy.ledger import selectors
    from styra.economy.ledger.mapping import MAPPINGS_DIR
    from styra.economy.ledger.models import BalanceFact, LedgerFact, LedgerRowTotal
    from styra.economy.ledger.services import row_set_load
    from styra.economy.ledger.services.sie_import import ledger_import_sie

    call_command("migrate", verbosity=0)
    admin = get_user_model().objects.create_superuser("bench", "bench@example.se", "bench")
    row_set_load(path=MAPPINGS_DIR / "t1-2026.yaml", make_default=True, user=admin)
    from ledger_bench import make_region

    top, _centres = make_region(cost_centres, first_code=1000, start=date(year - 5, 1, 1))

    stages = Stages()
    log = logging.getLogger("styra.ledger")
    log.addHandler(stages)
    log.setLevel(logging.INFO)
    started = time.perf_counter()
    report = ledger_import_sie(path=path, year=year, user=admin)
    imported = time.perf_counter() - started
    table = selectors.economic_table(unit=top, period_end=date(year, 12, 31))
    ready = time.perf_counter() - started
    net = table.row("verksamhetens-nettokostnader")
    return {
        "backend": connection.vendor,
        "facts": report.fact_count,
        "balances": BalanceFact.objects.count(),
        "stored_facts": LedgerFact.objects.count(),
        "totals": LedgerRowTotal.objects.count(),
        "stages": stages.seconds,
        "import_s": imported,
        "ready_s": ready,
        "net_outcome": str(net.outcome) if net else None,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def run_child(database_url: str, path: Path, args) -> dict:
    env = dict(os.environ, DATABASE_URL=database_url, PYTHONPATH=str(ROOT / "src"))
    command = [sys.executable, __file__, "--worker", str(path), "--cost-centres",
               str(args.cost_centres)]  # fmt: skip
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        return {"error": (done.stderr or done.stdout).strip().splitlines()[-3:]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def row(name: str, result: dict, target: float) -> str:
    if "error" in result:
        return f"| {name} | not run: {' '.join(result['error'])} |||||||||"
    s = result["stages"]
    ok = result["ready_s"] < target and result["peak_rss_mb"] < TARGET_PEAK_MB
    return (
        f"| {name} | {s.get('read', 0):.1f} | {s.get('aggregate', 0):.1f} | "
        f"{s.get('facts', 0):.1f} | {s.get('totals', 0):.1f} | {result['import_s']:.1f} | "
        f"{result['ready_s']:.1f} | {result['peak_rss_mb']:.0f} MB | "
        f"< {target:.0f} s, < {TARGET_PEAK_MB} MB {'met' if ok else 'missed'} |"
    )


def main() -> int:
    from ledger_bench import machine, postgres_url
    from sie_bench import YEAR, generate

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--transactions", type=int, default=10_000_000)
    parser.add_argument("--cost-centres", type=int, default=2_000)
    parser.add_argument("--file", type=Path, help="an SIE file made earlier by this bench")
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker, args.cost_centres, YEAR)))
        return 0

    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="styra-import-bench-") as tmp:
        tmp_path = Path(tmp)
        path = args.file
        generated = 0.0
        if path is None:
            path = tmp_path / "ledger.se"
            t0 = time.perf_counter()
            generate(path, transactions=args.transactions, cost_centres=args.cost_centres)
            generated = time.perf_counter() - t0
        size_mb = path.stat().st_size / 1e6
        floor_start = time.perf_counter()
        with open(path, encoding="cp437") as handle:
            for line in handle:
                line.split()
        floor = time.perf_counter() - floor_start
        results = {}
        sqlite_dir = tmp_path / "sqlite"
        sqlite_dir.mkdir()
        results["SQLite"] = run_child(f"sqlite:///{sqlite_dir / 'bench.sqlite3'}", path, args)
        print("SQLite:", results["SQLite"], flush=True)
        if not args.no_postgres:
            pg_dir = Path(tempfile.mkdtemp(prefix="styra-import-pg."))
            url, stop = postgres_url(pg_dir)
            try:
                results["PostgreSQL"] = (
                    run_child(url, path, args) if url else {"error": ["no PostgreSQL binaries"]}
                )
            finally:
                stop()
                shutil.rmtree(pg_dir, ignore_errors=True)
            print("PostgreSQL:", results["PostgreSQL"], flush=True)

    today = datetime.now(UTC).date().isoformat()
    first = next((r for r in results.values() if "error" not in r), {})
    lines = [
        f"# A year's ledger: SIE file → economic table ready, {today}",
        "",
        f"Machine: {machine()}",
        "",
        f"Workload: {args.transactions:,} #TRANS rows in {args.transactions // 5:,} vouchers "
        f"over {args.cost_centres:,} cost centres, a #PBUDGET per cost centre, account and "
        f"month; {size_mb:.0f} MB (cp437)"
        + (f", generated in {generated:.0f} s" if generated else "")
        + f". Imported {first.get('facts', 0):,} facts and {first.get('balances', 0):,} "
        f"balance facts; {first.get('totals', 0):,} row totals.",
        "",
        f"Load average before the run {load_before[0]:.1f} on {os.cpu_count()} cores "
        "(other work on the machine only ever adds time).",
        "",
        "Seconds per stage, from the import's own log records; *ready* is from the call "
        "of `ledger_import_sie` to the top unit's economic table for the year built.",
        "",
        "| Database | Read | Aggregate and check | Write facts | Row totals | Import | Ready "
        "| Peak RSS | Target |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for name, result in results.items():
        lines.append(row(name, result, TARGETS["postgresql" if name == "PostgreSQL" else "sqlite"]))
    lines += [
        f"| Split-loop floor (`line.split()` only) | {floor:.1f} | | | | | | | |",
        f"| Former (issue 12, 2026-11-23) | {FORMER['read']} | | SQLite {FORMER['sqlite']}, "
        f"PostgreSQL {FORMER['postgresql']} | {FORMER['totals']} | | | | |",
        "",
        "```json",
        json.dumps({"load_average": load_before, **results}, indent=2, default=str),
        "```",
        "",
    ]
    out = ROOT / "bench" / "results" / f"ledger-import-{today}.md"
    out.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
